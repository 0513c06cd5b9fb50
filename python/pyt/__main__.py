"""``python -m pyt``: print where the installed pyt's C++ package lives, or its version.

``--cmake-dir`` prints the install prefix (the directory holding ``_C``, ``lib/``,
``include/`` and ``share/cmake/pyt/``); an outside C++ project then configures with
``cmake -DCMAKE_PREFIX_PATH="$(python -m pyt --cmake-dir)" ..`` and uses
``find_package(pyt REQUIRED)`` / ``target_link_libraries(app PRIVATE pyt::pyt)``.
"""

import argparse
import os
import sys


def _prefix_dir():
    from pyt import _C

    return os.path.dirname(os.path.abspath(_C.__file__))


def _version():
    import pyt

    v = getattr(pyt, "__version__", None)
    if v is None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            v = version("pyt")
        except PackageNotFoundError:
            v = "unknown"
    return v


def main(argv=None):
    """Entry point of ``python -m pyt``.

    Args:
        argv (list[str], optional): command-line arguments (default ``sys.argv[1:]``).

    Returns:
        int: the exit status (0 on success, 2 for usage errors via argparse).

    Raises:
        SystemExit: from argparse on ``--help`` or bad arguments.

    Source: modelled on ``python -m pybind11 --cmakedir`` and ``torch.utils.cmake_prefix_path``.

    Example::

        $ python -m pyt --cmake-dir
        /.../site-packages/pyt
    """
    parser = argparse.ArgumentParser(
        prog="python -m pyt", description="Information about the installed pyt package."
    )
    parser.add_argument(
        "--cmake-dir",
        action="store_true",
        help="print the CMake prefix (contains share/cmake/pyt) for CMAKE_PREFIX_PATH",
    )
    parser.add_argument(
        "--include-dir", action="store_true", help="print the directory of the C++ headers"
    )
    parser.add_argument(
        "--lib-dir", action="store_true", help="print the directory of the core library"
    )
    parser.add_argument("--version", action="store_true", help="print the pyt version")
    args = parser.parse_args(argv)
    if not (args.cmake_dir or args.include_dir or args.lib_dir or args.version):
        parser.print_help()
        return 0
    if args.version:
        print(_version())
    if args.cmake_dir:
        print(_prefix_dir())
    if args.include_dir:
        print(os.path.join(_prefix_dir(), "include"))
    if args.lib_dir:
        print(os.path.join(_prefix_dir(), "lib"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
