// Bindings of the CPU allocator's introspection (private: pyt._C._cpu_allocator_*).
#include "common.h"

namespace pyt::python {

void init_allocator(py::module_& m) {
  m.def(
      "_cpu_allocator_stats",
      [] {
        CpuAllocatorStats s = cpu_allocator_stats();
        py::dict d;
        d["cached_bytes"] = s.cached_bytes;
        d["cached_blocks"] = s.cached_blocks;
        d["cache_limit"] = s.cache_limit;
        d["hits"] = s.hits;
        d["misses"] = s.misses;
        d["caching"] = s.caching;
        d["huge_pages"] = s.huge_pages;
        return d;
      },
      "The CPU allocator's counters as a dict: cached_bytes, cached_blocks, cache_limit, hits, "
      "misses (large requests served from the cache or newly mapped), caching, huge_pages.");
  m.def("_cpu_allocator_empty_cache", &cpu_allocator_empty_cache,
        "Returns every cached block of the CPU allocator to the operating system.");
  m.def("_cpu_allocator_set_cache_limit", &cpu_allocator_set_cache_limit, py::arg("nbytes"),
        "Sets the most bytes the CPU allocator's cache may hold (0: no caching); returns the "
        "previous limit.");
}

}  // namespace pyt::python
