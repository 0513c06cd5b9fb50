#pragma once
// A small intrusive reference-counted pointer (the TensorImpl and StorageImpl
// handles). The count lives in the object, so a raw pointer can be re-wrapped and
// use_count() is cheap; that lets AccumulateGrad steal a gradient nobody else holds.
#include <atomic>
#include <cstdint>
#include <utility>

namespace pyt {

/// Base of objects owned through intrusive_ptr.
class intrusive_target {
 public:
  intrusive_target() = default;
  intrusive_target(const intrusive_target&) : refcount_(0) {}
  intrusive_target& operator=(const intrusive_target&) { return *this; }
  virtual ~intrusive_target() = default;
  int64_t use_count() const { return refcount_.load(std::memory_order_acquire); }

 private:
  template <typename T>
  friend class intrusive_ptr;
  mutable std::atomic<int64_t> refcount_{0};
};

/// Shared owner of a T derived from intrusive_target.
template <typename T>
class intrusive_ptr {
 public:
  intrusive_ptr() noexcept = default;
  explicit intrusive_ptr(T* p) noexcept : p_(p) { retain(); }
  intrusive_ptr(const intrusive_ptr& o) noexcept : p_(o.p_) { retain(); }
  intrusive_ptr(intrusive_ptr&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
  template <typename U>
  intrusive_ptr(const intrusive_ptr<U>& o) noexcept : p_(o.get()) { retain(); }  // NOLINT
  ~intrusive_ptr() { release(); }
  intrusive_ptr& operator=(const intrusive_ptr& o) noexcept {
    intrusive_ptr tmp(o);
    swap(tmp);
    return *this;
  }
  intrusive_ptr& operator=(intrusive_ptr&& o) noexcept {
    intrusive_ptr tmp(std::move(o));
    swap(tmp);
    return *this;
  }
  void swap(intrusive_ptr& o) noexcept { std::swap(p_, o.p_); }
  void reset() noexcept {
    release();
    p_ = nullptr;
  }
  T* get() const noexcept { return p_; }
  T* operator->() const noexcept { return p_; }
  T& operator*() const noexcept { return *p_; }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  int64_t use_count() const noexcept { return p_ ? p_->use_count() : 0; }
  bool operator==(const intrusive_ptr& o) const noexcept { return p_ == o.p_; }
  bool operator!=(const intrusive_ptr& o) const noexcept { return p_ != o.p_; }

  template <typename... Args>
  static intrusive_ptr make(Args&&... args) {
    return intrusive_ptr(new T(std::forward<Args>(args)...));
  }

 private:
  void retain() noexcept {
    if (p_) p_->refcount_.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if (p_ && p_->refcount_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete p_;
  }
  T* p_ = nullptr;
};

template <typename T, typename... Args>
intrusive_ptr<T> make_intrusive(Args&&... args) {
  return intrusive_ptr<T>::make(std::forward<Args>(args)...);
}

}  // namespace pyt
