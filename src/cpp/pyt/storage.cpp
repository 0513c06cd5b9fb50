#include "pyt/storage.h"

#include <cstring>

#include "pyt/allocator.h"
#include "pyt/error.h"

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

void StorageImpl::grow(size_t nbytes) {
  if (nbytes <= nbytes_) return;
  PYT_CHECK(owned(), RuntimeError, "Trying to resize storage that is not resizable");
  void* fresh = cpu_allocate(nbytes);  // throws when out of memory; the old buffer stays intact
  if (nbytes_) std::memcpy(fresh, data_, nbytes_);
  std::memset(static_cast<char*>(fresh) + nbytes_, 0, nbytes - nbytes_);
  cpu_free(data_, nbytes_);
  data_ = fresh;
  nbytes_ = nbytes;
}

}  // namespace pyt
