#include "runtime/esp/iv_source.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>

namespace havpnc::esp {

OpenSslIvSource::~OpenSslIvSource() { OPENSSL_cleanse(pool_.data(), pool_.size()); }

bool OpenSslIvSource::fill(std::span<std::uint8_t> iv) {
  std::size_t done = 0;
  while (done < iv.size()) {
    if (used_ == pool_.size()) {
      if (RAND_bytes(pool_.data(), static_cast<int>(pool_.size())) != 1) return false;
      used_ = 0;
    }
    const std::size_t n = std::min(iv.size() - done, pool_.size() - used_);
    std::copy_n(pool_.data() + used_, n, iv.data() + done);
    // Handed-out bytes are wiped so a later memory disclosure cannot reveal past IVs' source.
    OPENSSL_cleanse(pool_.data() + used_, n);
    used_ += n;
    done += n;
  }
  return true;
}

}  // namespace havpnc::esp
