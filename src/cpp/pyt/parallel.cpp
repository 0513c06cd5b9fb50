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

// A fixed pool of worker threads that run the chunks of one parallel_for at a time.
class ThreadPool {
 public:
  explicit ThreadPool(int workers) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { loop(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  int workers() const { return static_cast<int>(threads_.size()); }

  // Runs task(i) for i in [1, n) on the workers and task(0) on the caller; waits.
  void run(int n, const std::function<void(int)>& task) {
    std::unique_lock<std::mutex> run_lock(run_mu_);  // one parallel_for at a time
    {
      std::lock_guard<std::mutex> g(mu_);
      task_ = &task;
      next_ = 1;
      total_ = n;
      pending_ = n - 1;
      ++generation_;
    }
    cv_.notify_all();
    std::exception_ptr err;
    try {
      task(0);
    } catch (...) {
      err = std::current_exception();
    }
    std::unique_lock<std::mutex> g(mu_);
    done_cv_.wait(g, [this] { return pending_ == 0; });
    task_ = nullptr;
    if (!err) err = error_;
    error_ = nullptr;
    g.unlock();
    if (err) std::rethrow_exception(err);
  }

 private:
  void loop() {
    uint64_t seen = 0;
    std::unique_lock<std::mutex> g(mu_);
    for (;;) {
      cv_.wait(g, [&] { return stop_ || (generation_ != seen && next_ < total_); });
      if (stop_) return;
      while (task_ && next_ < total_) {
        int i = next_++;
        const auto* task = task_;
        g.unlock();
        std::exception_ptr err;
        try {
          (*task)(i);
        } catch (...) {
          err = std::current_exception();
        }
        g.lock();
        if (err && !error_) error_ = err;
        if (--pending_ == 0) done_cv_.notify_all();
      }
      seen = generation_;
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_, run_mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(int)>* task_ = nullptr;
  int next_ = 0, total_ = 0, pending_ = 0;
  uint64_t generation_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
};

std::atomic<int> g_num_threads{0};
std::mutex g_pool_mu;
ThreadPool* g_pool = nullptr;  // leaked at exit on purpose: joining at static destruction can deadlock
thread_local bool t_in_parallel = false;

void after_fork_in_child() {
  // The pool's threads do not exist in the child; abandon the pool (never touch its
  // mutexes) and run single-threaded until the user asks for more.
  g_pool = nullptr;
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

ThreadPool* get_pool(int threads) {
  std::lock_guard<std::mutex> g(g_pool_mu);
  if (!g_pool || g_pool->workers() != threads - 1) {
    delete g_pool;
    g_pool = new ThreadPool(threads - 1);
  }
  return g_pool;
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
  int threads = ensure_num_threads();
  if (grain < 1) grain = 1;
  int64_t chunks = std::min<int64_t>(threads, (n + grain - 1) / grain);
  if (chunks <= 1 || t_in_parallel) {
    f(begin, end);
    return;
  }
  int64_t per = (n + chunks - 1) / chunks;
  ThreadPool* pool = get_pool(threads);
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
