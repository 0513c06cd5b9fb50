#include "pyt/allocator.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <vector>

#include "pyt/error.h"
#include "pyt/storage.h"

// Note [CPU caching allocator]
// A fresh 64 MiB output costs 16384 page faults on first touch (the kernel zeroes each 4 KiB
// page), which is most of the time of a 16M-element `a + b`. Two things avoid it:
//  * Large blocks (>= 1 MiB) are mmap'ed at a 2 MiB boundary and advised MADV_HUGEPAGE, so
//    where transparent huge pages are enabled ("madvise" or "always") a first touch faults in
//    2 MiB at once (512 times fewer faults).
//  * Freed large blocks go to a cache and serve the next request of the same size class
//    without any fault: training loops and repeated ops allocate the same sizes again and
//    again. Size classes are 64 KiB steps below 2 MiB and 2 MiB steps above, and a block
//    is reused only for its own class, so cpu_free can compute the mapped size from nbytes.
// The cache is bounded (default: 1 GiB or an eighth of physical memory, whichever is
// smaller), evicting its oldest blocks first; it is emptied when a mapping fails (memory
// pressure, then the mapping is retried), at exit, and on request (cpu_allocator_empty_cache).
// One mutex guards it; fork handlers hold that mutex across fork so a child never inherits
// it locked. Small blocks (up to 2 KiB: a small op's output) come from aligned_alloc through
// a per-thread free list of at most 32 blocks per power-of-two size class (about 128 KiB per
// thread at most, no lock), emptied when the thread exits: aligned_alloc/free cost more than
// the rest of a 4-element `a + b`. Under AddressSanitizer every block goes to aligned_alloc
// and nothing is cached, so that ASan sees every allocation and every use after free.

#if defined(__SANITIZE_ADDRESS__)
#define PYT_ALLOCATOR_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PYT_ALLOCATOR_SANITIZED 1
#endif
#endif
#ifndef PYT_ALLOCATOR_SANITIZED
#define PYT_ALLOCATOR_SANITIZED 0
#endif

namespace pyt {
namespace {

constexpr size_t kLargeBlock = size_t(1) << 20;
constexpr size_t kHugePage = size_t(2) << 20;
constexpr size_t kSmallStep = size_t(64) << 10;

size_t round_up(size_t n, size_t m) { return (n + m - 1) / m * m; }

// The mapped size of a large request: its size class.
size_t class_size(size_t nbytes) {
  return nbytes < kHugePage ? round_up(nbytes, kSmallStep) : round_up(nbytes, kHugePage);
}

bool env_off(const char* name) {
  const char* v = std::getenv(name);
  return v && (std::strcmp(v, "0") == 0 || std::strcmp(v, "off") == 0 || std::strcmp(v, "false") == 0);
}

struct Block {
  void* ptr;
  size_t size;
  uint64_t tick;
};

struct State {
  std::mutex mu;
  std::vector<Block> blocks;  // cached free blocks; a few hundred at most
  size_t cached = 0;
  size_t limit = 0;
  uint64_t tick = 0, hits = 0, misses = 0;
  bool caching = false;
  bool huge = false;
};

void flush_at_exit();

State& state() {
  // Leaked on purpose: storages may be freed during static destruction.
  static State* s = [] {
    auto* st = new State();
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    size_t phys = pages > 0 && page > 0 ? size_t(pages) * size_t(page) : (size_t(8) << 30);
    st->limit = std::min(size_t(1) << 30, phys / 8);
    st->caching = !PYT_ALLOCATOR_SANITIZED && !env_off("PYT_CPU_ALLOCATOR_CACHE");
    if (!st->caching) st->limit = 0;
    st->huge = !env_off("PYT_CPU_HUGEPAGES");
    std::atexit(&flush_at_exit);
    pthread_atfork([] { state().mu.lock(); }, [] { state().mu.unlock(); }, [] { state().mu.unlock(); });
    return st;
  }();
  return *s;
}

void unmap(void* p, size_t size) { munmap(p, size); }

// Maps size bytes (a class size) at a 2 MiB boundary when huge pages are wanted.
void* map_block(size_t size, bool huge) {
  if (!huge || size < kHugePage) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : p;
  }
  size_t span = size + kHugePage;
  void* raw = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  auto base = reinterpret_cast<uintptr_t>(raw);
  uintptr_t aligned = round_up(base, kHugePage);
  if (aligned > base) munmap(raw, aligned - base);
  size_t tail = base + span - (aligned + size);
  if (tail) munmap(reinterpret_cast<void*>(aligned + size), tail);
  void* p = reinterpret_cast<void*>(aligned);
#ifdef MADV_HUGEPAGE
  madvise(p, size, MADV_HUGEPAGE);  // advisory: ignored where THP is off
#endif
  return p;
}

// Removes the oldest blocks until `need` more bytes fit under the limit; returns them.
std::vector<Block> evict_for(State& s, size_t need) {
  std::vector<Block> out;
  while (!s.blocks.empty() && s.cached + need > s.limit) {
    auto oldest = std::min_element(s.blocks.begin(), s.blocks.end(),
                                   [](const Block& a, const Block& b) { return a.tick < b.tick; });
    out.push_back(*oldest);
    s.cached -= oldest->size;
    *oldest = s.blocks.back();
    s.blocks.pop_back();
  }
  return out;
}

void flush_at_exit() {
  State& s = state();
  std::vector<Block> out;
  {
    std::lock_guard<std::mutex> g(s.mu);
    s.caching = false;
    out.swap(s.blocks);
    s.cached = 0;
  }
  for (auto& b : out) unmap(b.ptr, b.size);
}

// ---- small blocks: per-thread free lists (Note [CPU caching allocator])
constexpr int kSmallClasses = 6;  // 64, 128, ..., 2048 bytes
constexpr size_t kSmallMax = size_t(64) << (kSmallClasses - 1);
constexpr int kSmallSlots = 32;

int small_class(size_t nbytes) {
  int c = 0;
  size_t cap = 64;
  while (cap < nbytes) {
    cap <<= 1;
    ++c;
  }
  return c;
}

// Trivially destructible, so it stays usable while the thread's other thread_locals (and, on
// the main thread, static objects) are destroyed; the flusher empties it and marks it dead.
struct SmallCache {
  void* slots[kSmallClasses][kSmallSlots];
  int count[kSmallClasses];
  bool registered;
  bool dead;
};
thread_local SmallCache t_small{};

struct SmallCacheFlusher {
  SmallCacheFlusher() { t_small.registered = true; }
  ~SmallCacheFlusher() {
    t_small.dead = true;
    for (int c = 0; c < kSmallClasses; ++c) {
      for (int i = 0; i < t_small.count[c]; ++i) std::free(t_small.slots[c][i]);
      t_small.count[c] = 0;
    }
  }
};
thread_local SmallCacheFlusher t_small_flusher;

[[noreturn]] void out_of_memory(size_t nbytes) {
  throw RuntimeError(str("DefaultCPUAllocator: not enough memory: you tried to allocate ", nbytes, " bytes."));
}

}  // namespace

void* cpu_allocate(size_t nbytes) {
  if (!PYT_ALLOCATOR_SANITIZED && nbytes <= kSmallMax) {
    int c = small_class(nbytes);
    SmallCache& sc = t_small;
    if (sc.count[c] > 0) return sc.slots[c][--sc.count[c]];
    void* p = std::aligned_alloc(kStorageAlignment, size_t(64) << c);
    if (!p) out_of_memory(nbytes);
    return p;
  }
  if (PYT_ALLOCATOR_SANITIZED || nbytes < kLargeBlock) {
    // aligned_alloc wants a multiple of the alignment; allocate at least one line so the
    // pointer is never null.
    size_t rounded = std::max(round_up(nbytes, kStorageAlignment), kStorageAlignment);
    void* p = std::aligned_alloc(kStorageAlignment, rounded);
    if (!p) out_of_memory(nbytes);
    return p;
  }
  State& s = state();
  size_t size = class_size(nbytes);
  bool huge;
  {
    std::lock_guard<std::mutex> g(s.mu);
    huge = s.huge;
    if (s.caching) {
      for (size_t i = 0; i < s.blocks.size(); ++i) {
        if (s.blocks[i].size != size) continue;
        void* p = s.blocks[i].ptr;
        s.cached -= size;
        s.blocks[i] = s.blocks.back();
        s.blocks.pop_back();
        ++s.hits;
        return p;
      }
    }
    ++s.misses;
  }
  void* p = map_block(size, huge);
  if (!p) {  // memory pressure: give the cache back and try once more
    cpu_allocator_empty_cache();
    p = map_block(size, huge);
    if (!p) out_of_memory(nbytes);
  }
  return p;
}

void cpu_free(void* p, size_t nbytes) {
  if (!p) return;
  if (!PYT_ALLOCATOR_SANITIZED && nbytes <= kSmallMax) {
    int c = small_class(nbytes);
    SmallCache& sc = t_small;
    if (!sc.registered && !sc.dead) {  // first use: construct the flusher (runs at thread exit)
      SmallCacheFlusher* volatile f = &t_small_flusher;
      (void)f;
    }
    if (!sc.dead && sc.count[c] < kSmallSlots) {
      sc.slots[c][sc.count[c]++] = p;
      return;
    }
    std::free(p);
    return;
  }
  if (PYT_ALLOCATOR_SANITIZED || nbytes < kLargeBlock) {
    std::free(p);
    return;
  }
  State& s = state();
  size_t size = class_size(nbytes);
  std::vector<Block> evicted;
  bool cached = false;
  {
    std::lock_guard<std::mutex> g(s.mu);
    if (s.caching && size <= s.limit) {
      evicted = evict_for(s, size);
      s.blocks.push_back(Block{p, size, ++s.tick});
      s.cached += size;
      cached = true;
    }
  }
  for (auto& b : evicted) unmap(b.ptr, b.size);
  if (!cached) unmap(p, size);
}

CpuAllocatorStats cpu_allocator_stats() {
  State& s = state();
  std::lock_guard<std::mutex> g(s.mu);
  CpuAllocatorStats st;
  st.cached_bytes = s.cached;
  st.cached_blocks = s.blocks.size();
  st.cache_limit = s.limit;
  st.hits = s.hits;
  st.misses = s.misses;
  st.caching = s.caching && s.limit > 0;
  st.huge_pages = s.huge && !PYT_ALLOCATOR_SANITIZED;
  return st;
}

void cpu_allocator_empty_cache() {
  State& s = state();
  std::vector<Block> out;
  {
    std::lock_guard<std::mutex> g(s.mu);
    out.swap(s.blocks);
    s.cached = 0;
  }
  for (auto& b : out) unmap(b.ptr, b.size);
}

size_t cpu_allocator_set_cache_limit(size_t bytes) {
  State& s = state();
  std::vector<Block> evicted;
  size_t prev;
  {
    std::lock_guard<std::mutex> g(s.mu);
    prev = s.limit;
    if (PYT_ALLOCATOR_SANITIZED) return prev;  // the cache stays off under ASan
    s.limit = bytes;
    s.caching = bytes > 0;
    evicted = evict_for(s, 0);
  }
  for (auto& b : evicted) unmap(b.ptr, b.size);
  return prev;
}

}  // namespace pyt
