#pragma once
// PYT_API marks the symbols of libpyt that other programs may link against.
// Everything else is hidden (-fvisibility=hidden).
#if defined(_WIN32)
#  if defined(PYT_BUILDING_LIBRARY)
#    define PYT_API __declspec(dllexport)
#  else
#    define PYT_API __declspec(dllimport)
#  endif
#else
#  define PYT_API __attribute__((visibility("default")))
#endif
