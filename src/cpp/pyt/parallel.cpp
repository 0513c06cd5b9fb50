#include "pyt/parallel.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "pyt/error.h"

extern "C" void scipy_openblas_set_num_threads(int num_threads);

namespace pyt {
namespace {

// CPUs allowed by a cgroup v2 quota ("max" or "<quota> <period>" in cpu.max), or 0.
int cgroup_cpu_limit() {
  FILE* f = std::fopen("/sys/fs/cgroup/cpu.max", "r");
  if (!f) return 0;
  char quota[32] = {0};
  long long period = 0;
  int got = std::fscanf(f, "%31s %lld", quota, &period);
  std::fclose(f);
  if (got != 2 || std::strcmp(quota, "max") == 0 || period <= 0) return 0;
  long long q = std::atoll(quota);
  if (q <= 0) return 0;
  return static_cast<int>(std::max<long long>(1, (q + period - 1) / period));
}

int default_num_threads() {
  int n = 0;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) n = CPU_COUNT(&set);
  if (n <= 0) {
    unsigned hc = std::thread::hardware_concurrency();
    n = hc ? static_cast<int>(hc) : 1;
  }
  int limit = cgroup_cpu_limit();
  if (limit > 0) n = std::min(n, limit);
  return n;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// A fixed pool of worker threads that run the chunks of one parallel_for at a time.
// Note [Pool wake-up]: after a job, workers spin for a short while before sleeping on the
// condition variable, so back-to-back parallel ops (a training step is hundreds of them) do
// not pay a futex wake-up each; the caller likewise spins briefly before sleeping until the
// last chunk is done. Chunks are claimed from a shared counter by workers and caller alike.
class ThreadPool {
 public:
  explicit ThreadPool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { loop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_.store(true);
      generation_.fetch_add(1);
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int workers() const { return static_cast<int>(threads_.size()); }

  // Runs task(i) for i in [0, n) on the workers and the caller; waits for all of them.
  void run(int n, const std::function<void(int)>& task) {
    std::unique_lock<std::mutex> run_lock(run_mu_);  // one parallel_for at a time
    {
      std::lock_guard<std::mutex> g(mu_);
      task_.store(&task, std::memory_order_release);
      pending_.store(n);
      error_ = nullptr;
      uint64_t job = generation_.fetch_add(1, std::memory_order_release) + 1;
      // Publishing the claim word opens the job (Note [Chunk claims]).
      claim_.store((job << 32) | (static_cast<uint64_t>(n) << 16), std::memory_order_release);
    }
    cv_.notify_all();
    work();
    for (int spin = 0; pending_.load(std::memory_order_acquire) > 0 && spin < kSpin; ++spin) cpu_relax();
    if (pending_.load(std::memory_order_acquire) > 0) {
      std::unique_lock<std::mutex> g(mu_);
      done_cv_.wait(g, [this] { return pending_.load() == 0; });
    }
    std::exception_ptr err;
    {
      std::lock_guard<std::mutex> g(mu_);
      task_.store(nullptr);
      err = error_;
      error_ = nullptr;
    }
    if (err) std::rethrow_exception(err);
  }

 private:
  static constexpr int kSpin = 20000;

  // Claims and runs chunks until none are left.
  // Note [Chunk claims]: one 64-bit word holds the job number (high 32 bits), its chunk count
  // (16 bits) and the next chunk to claim (low 16 bits), so a claim and the job it belongs to
  // are read in one atomic step. A worker that was preempted across the end of one job and the
  // set-up of the next can therefore never claim a chunk number of the old job against the new
  // job's count (which would run a chunk twice and let the caller return early). A valid claim
  // also pins the job: it cannot finish, and task_ cannot be replaced, until that chunk is done.
  void work() {
    for (;;) {
      uint64_t v = claim_.fetch_add(1, std::memory_order_acq_rel);
      int total = static_cast<int>((v >> 16) & 0xffff);
      int i = static_cast<int>(v & 0xffff);
      if (i >= total) return;
      const auto* task = task_.load(std::memory_order_acquire);
      if (!task) return;
      try {
        (*task)(i);
      } catch (...) {
        std::lock_guard<std::mutex> g(mu_);
        if (!error_) error_ = std::current_exception();
      }
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> g(mu_);  // pairs with the caller's predicate check
        done_cv_.notify_all();
      }
    }
  }

  void loop() {
    // Start from generation 0, not from the current one: a job posted (or the destructor
    // run) before this thread got going must not be missed, or join() would wait forever.
    uint64_t seen = 0;
    for (;;) {
      int spin = 0;
      while (generation_.load(std::memory_order_acquire) == seen && spin < kSpin) {
        cpu_relax();
        ++spin;
      }
      if (generation_.load(std::memory_order_acquire) == seen) {
        std::unique_lock<std::mutex> g(mu_);
        cv_.wait(g, [&] { return generation_.load() != seen || stop_.load(); });
      }
      seen = generation_.load(std::memory_order_acquire);
      if (stop_.load()) return;
      work();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_, run_mu_;
  std::condition_variable cv_, done_cv_;
  std::atomic<const std::function<void(int)>*> task_{nullptr};
  std::atomic<uint64_t> claim_{0};  // Note [Chunk claims]
  std::atomic<int> pending_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stop_{false};
  std::exception_ptr error_;
};

constexpr int kMaxPoolThreads = 1024;
std::atomic<int> g_num_threads{0};
std::mutex g_pool_mu;
// The current pool. A caller holds its own reference while it runs a job, so replacing the
// pool (set_num_threads from another Python thread) never destroys one in use: the old pool
// is joined when its last job returns. The holder is leaked on purpose: joining at static
// destruction can deadlock.
std::shared_ptr<ThreadPool>* g_pool = new std::shared_ptr<ThreadPool>();
thread_local bool t_in_parallel = false;

void after_fork_in_child() {
  // The pool's threads do not exist in the child; abandon the pool (never touch its
  // mutexes) and run single-threaded until the user asks for more.
  // Leak the parent's pool and its holder: destroying it would join threads that do not exist.
  g_pool = new std::shared_ptr<ThreadPool>();
  new (&g_pool_mu) std::mutex();
  g_num_threads.store(1);
  scipy_openblas_set_num_threads(1);
}

struct AtforkRegistrar {
  AtforkRegistrar() { pthread_atfork(nullptr, nullptr, &after_fork_in_child); }
} g_atfork_registrar;

int ensure_num_threads() {
  int n = g_num_threads.load();
  if (n == 0) {
    n = default_num_threads();
    int expected = 0;
    // OpenBLAS always runs on one thread: pyt tiles GEMMs itself (Note [Deterministic GEMM]).
    if (g_num_threads.compare_exchange_strong(expected, n)) scipy_openblas_set_num_threads(1);
    n = g_num_threads.load();
  }
  return n;
}

std::shared_ptr<ThreadPool> get_pool(int threads) {
  std::lock_guard<std::mutex> g(g_pool_mu);
  std::shared_ptr<ThreadPool>& pool = *g_pool;
  if (!pool || pool->workers() != threads - 1) pool = std::make_shared<ThreadPool>(threads - 1);
  return pool;
}

}  // namespace

void set_num_threads(int n) {
  PYT_CHECK(n >= 1, RuntimeError, "set_num_threads: expected a positive number of threads, got ", n);
  g_num_threads.store(n);
  scipy_openblas_set_num_threads(1);  // see Note [Deterministic GEMM]
}

int get_num_threads() { return ensure_num_threads(); }

bool in_parallel_region() { return t_in_parallel; }

void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  const std::function<void(int64_t, int64_t)>& f) {
  if (begin >= end) return;
  int64_t n = end - begin;
  // At most kMaxPoolThreads: Note [Chunk claims] counts chunks in 16 bits.
  int threads = std::min(ensure_num_threads(), kMaxPoolThreads);
  if (grain < 1) grain = 1;
  int64_t chunks = std::min<int64_t>(threads, (n + grain - 1) / grain);
  if (chunks <= 1 || t_in_parallel) {
    f(begin, end);
    return;
  }
  int64_t per = (n + chunks - 1) / chunks;
  std::shared_ptr<ThreadPool> pool = get_pool(threads);
  std::function<void(int)> task = [&](int i) {
    int64_t b = begin + i * per;
    int64_t e = std::min(end, b + per);
    if (b >= e) return;
    bool prev = t_in_parallel;
    t_in_parallel = true;
    try {
      f(b, e);
    } catch (...) {
      t_in_parallel = prev;
      throw;
    }
    t_in_parallel = prev;
  };
  pool->run(static_cast<int>(chunks), task);
}

}  // namespace pyt
