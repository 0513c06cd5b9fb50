#pragma once
// Threads. Note [Thread budget]: one budget per process (set_num_threads) shared by
// pyt's own pool and OpenBLAS. Work smaller than a grain stays on the calling thread.
// A forked child (DataLoader worker) starts with one thread and a fresh pool, so it
// never waits on threads that do not exist in it.
#include <cstdint>
#include <functional>

#include "pyt/export.h"

namespace pyt {

/// Elements below which an elementwise op runs on one thread.
constexpr int64_t kGrainSize = 32768;

/// Sets the number of threads pyt's kernels and OpenBLAS use (torch.set_num_threads).
/// ValueError-like RuntimeError for n < 1.
PYT_API void set_num_threads(int n);
/// The current thread budget (torch.get_num_threads); defaults to the CPUs this process
/// may run on (affinity mask).
PYT_API int get_num_threads();
/// True while running inside a parallel_for worker.
PYT_API bool in_parallel_region();

/// Calls f(begin_i, end_i) over a partition of [begin, end) into contiguous chunks of at
/// least grain elements, on up to get_num_threads() threads. Chunks are deterministic
/// for a given (begin, end, grain, thread count). Exceptions from f are rethrown.
PYT_API void parallel_for(int64_t begin, int64_t end, int64_t grain,
                          const std::function<void(int64_t, int64_t)>& f);

}  // namespace pyt
