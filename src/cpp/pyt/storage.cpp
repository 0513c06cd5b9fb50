#include "pyt/storage.h"

#include "pyt/allocator.h"

namespace pyt {

StorageImpl::StorageImpl(size_t nbytes, Device device) : nbytes_(nbytes), device_(device) {
  data_ = cpu_allocate(nbytes);  // Note [CPU caching allocator]; throws when out of memory
}

StorageImpl::StorageImpl(void* data, size_t nbytes, Device device, Deleter deleter, void* ctx)
    : data_(data), nbytes_(nbytes), device_(device), deleter_(deleter), ctx_(ctx) {}

StorageImpl::~StorageImpl() {
  if (deleter_) {
    deleter_(ctx_);
  } else {
    cpu_free(data_, nbytes_);
  }
}

}  // namespace pyt
