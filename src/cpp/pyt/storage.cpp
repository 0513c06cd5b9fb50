#include "pyt/storage.h"

#include <cstdlib>

#include "pyt/error.h"

namespace pyt {

StorageImpl::StorageImpl(size_t nbytes, Device device) : nbytes_(nbytes), device_(device) {
  // aligned_alloc wants a size that is a multiple of the alignment; round up and
  // always allocate at least one line so data() is never null.
  size_t rounded = (nbytes + kStorageAlignment - 1) / kStorageAlignment * kStorageAlignment;
  if (rounded == 0) rounded = kStorageAlignment;
  data_ = std::aligned_alloc(kStorageAlignment, rounded);
  PYT_CHECK(data_ != nullptr, RuntimeError, "DefaultCPUAllocator: not enough memory: you tried to allocate ",
            nbytes, " bytes.");
}

StorageImpl::StorageImpl(void* data, size_t nbytes, Device device, Deleter deleter, void* ctx)
    : data_(data), nbytes_(nbytes), device_(device), deleter_(deleter), ctx_(ctx) {}

StorageImpl::~StorageImpl() {
  if (deleter_) {
    deleter_(ctx_);
  } else {
    std::free(data_);
  }
}

}  // namespace pyt
