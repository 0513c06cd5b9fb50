// The CPU allocator: alignment, reuse of large blocks, the cache bound, emptying, threads.
// Under AddressSanitizer the cache is off and every block is a plain aligned_alloc.
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "test_util.h"

namespace {
constexpr size_t kMiB = size_t(1) << 20;

bool aligned64(const void* p) { return reinterpret_cast<uintptr_t>(p) % 64 == 0; }
}  // namespace

TEST(allocator_alignment_every_size) {
  for (size_t n : {size_t(0), size_t(1), size_t(63), size_t(64), size_t(4097), kMiB - 1, kMiB,
                   3 * kMiB + 5, 17 * kMiB}) {
    void* p = pyt::cpu_allocate(n);
    CHECK(p != nullptr);
    CHECK(aligned64(p));
    if (n) {
      std::memset(p, 0xab, n);  // the whole block is writable
      CHECK_EQ(static_cast<unsigned char*>(p)[n - 1], 0xab);
    }
    pyt::cpu_free(p, n);
  }
}

TEST(allocator_reuses_large_blocks) {
  pyt::CpuAllocatorStats s0 = pyt::cpu_allocator_stats();
  if (!s0.caching) return;  // sanitizer build or caching turned off by the environment
  pyt::cpu_allocator_empty_cache();
  void* p = pyt::cpu_allocate(8 * kMiB);
  pyt::cpu_free(p, 8 * kMiB);
  CHECK_EQ(pyt::cpu_allocator_stats().cached_blocks, size_t(1));
  uint64_t hits = pyt::cpu_allocator_stats().hits;
  void* q = pyt::cpu_allocate(8 * kMiB - 100);  // same size class
  CHECK(q == p);
  CHECK_EQ(pyt::cpu_allocator_stats().hits, hits + 1);
  CHECK_EQ(pyt::cpu_allocator_stats().cached_blocks, size_t(0));
  pyt::cpu_free(q, 8 * kMiB - 100);
  pyt::cpu_allocator_empty_cache();
  CHECK_EQ(pyt::cpu_allocator_stats().cached_bytes, size_t(0));
}

TEST(allocator_cache_is_bounded) {
  if (!pyt::cpu_allocator_stats().caching) return;
  size_t prev = pyt::cpu_allocator_set_cache_limit(10 * kMiB);
  std::vector<void*> blocks;
  for (int i = 0; i < 8; ++i) blocks.push_back(pyt::cpu_allocate(4 * kMiB));
  for (void* p : blocks) pyt::cpu_free(p, 4 * kMiB);
  pyt::CpuAllocatorStats s = pyt::cpu_allocator_stats();
  CHECK(s.cached_bytes <= 10 * kMiB);
  CHECK_EQ(s.cached_blocks, size_t(2));
  pyt::cpu_allocator_set_cache_limit(0);  // no caching: everything goes back
  CHECK_EQ(pyt::cpu_allocator_stats().cached_bytes, size_t(0));
  CHECK(!pyt::cpu_allocator_stats().caching);
  pyt::cpu_allocator_set_cache_limit(prev);
}

TEST(allocator_threads) {
  // Several threads allocate, fill, check and free large and small blocks at once.
  std::vector<std::thread> threads;
  std::vector<int> bad(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &bad] {
      for (int i = 0; i < 50; ++i) {
        size_t n = (i % 3 == 0) ? 1000 : (2 + (i + t) % 3) * kMiB;
        auto* p = static_cast<unsigned char*>(pyt::cpu_allocate(n));
        std::memset(p, t + 1, n);
        if (p[0] != t + 1 || p[n - 1] != t + 1 || !aligned64(p)) ++bad[t];
        pyt::cpu_free(p, n);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int b : bad) CHECK_EQ(b, 0);
  CHECK(pyt::cpu_allocator_stats().cached_bytes <= pyt::cpu_allocator_stats().cache_limit);
}

TEST(allocator_tensors_after_reuse) {
  // A tensor built on a reused block holds its own values, not the previous tensor's.
  { pyt::Tensor a = pyt::full({4 * 1024 * 1024}, 7.0, pyt::ScalarType::Float32); }
  pyt::Tensor z = pyt::zeros({4 * 1024 * 1024});
  CHECK_EQ(pyt::sum(z).item<double>(), 0.0);
  CHECK_EQ(reinterpret_cast<uintptr_t>(z.data_ptr()) % 64, uintptr_t(0));
}

PYT_TEST_MAIN()
