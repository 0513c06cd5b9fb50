#pragma once
// Storage: a reference-counted byte buffer with its device; it knows no shape.
#include <cstddef>

#include "pyt/device.h"
#include "pyt/export.h"
#include "pyt/intrusive_ptr.h"

namespace pyt {

/// Alignment of every buffer pyt allocates, in bytes (one cache line, AVX-512 friendly).
constexpr size_t kStorageAlignment = 64;

/// A byte buffer. Either owned (allocated 64-byte aligned by pyt) or borrowed from
/// another owner (a numpy array) with a deleter that releases that owner.
class PYT_API StorageImpl : public intrusive_target {
 public:
  using Deleter = void (*)(void* ctx);
  /// Allocates nbytes (zero allowed) aligned to kStorageAlignment through cpu_allocate
  /// (pyt/allocator.h), which may reuse a cached block; throws RuntimeError
  /// when memory is exhausted.
  StorageImpl(size_t nbytes, Device device);
  /// Wraps memory owned elsewhere; deleter(ctx) runs when the storage dies.
  StorageImpl(void* data, size_t nbytes, Device device, Deleter deleter, void* ctx);
  ~StorageImpl() override;
  StorageImpl(const StorageImpl&) = delete;
  StorageImpl& operator=(const StorageImpl&) = delete;

  void* data() const { return data_; }
  size_t nbytes() const { return nbytes_; }
  Device device() const { return device_; }
  /// Grows an owned buffer to nbytes (Tensor.resize_): the old bytes are copied, the new ones
  /// zeroed; every tensor on this storage sees the new buffer. Does nothing when nbytes is not
  /// larger. RuntimeError for borrowed memory ("Trying to resize storage that is not resizable").
  void grow(size_t nbytes);
  /// False for memory borrowed from another owner (e.g. a read-only numpy array).
  bool owned() const { return deleter_ == nullptr; }

 private:
  void* data_ = nullptr;
  size_t nbytes_ = 0;
  Device device_;
  Deleter deleter_ = nullptr;
  void* ctx_ = nullptr;
};

using Storage = intrusive_ptr<StorageImpl>;

}  // namespace pyt
