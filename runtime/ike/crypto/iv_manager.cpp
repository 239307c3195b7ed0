#include "runtime/ike/crypto/iv_manager.h"

#include "runtime/ike/crypto/keymat.h"

namespace havpnc::ike::crypto {

IvManager::IvManager(HashAlgorithm hash, std::size_t block, Bytes phase1_iv)
    : hash_(hash), block_(block), phase1_iv_(std::move(phase1_iv)) {}

Bytes IvManager::iv_for(std::uint32_t message_id) {
  if (message_id == 0) return phase1_iv_;
  for (const auto& [mid, iv] : exchanges_)
    if (mid == message_id) return iv;
  Bytes iv = phase2_initial_iv(hash_, phase1_iv_, message_id, block_);
  if (exchanges_.size() == kMaxExchanges) exchanges_.pop_front();
  exchanges_.emplace_back(message_id, iv);
  return iv;
}

void IvManager::advance(std::uint32_t message_id, ByteView last_block) {
  if (last_block.size() != block_) return;
  if (message_id == 0) {
    phase1_iv_.assign(last_block.begin(), last_block.end());
    return;
  }
  for (auto& [mid, iv] : exchanges_) {
    if (mid == message_id) {
      iv.assign(last_block.begin(), last_block.end());
      return;
    }
  }
  if (exchanges_.size() == kMaxExchanges) exchanges_.pop_front();
  exchanges_.emplace_back(message_id, to_bytes(last_block));
}

void IvManager::forget(std::uint32_t message_id) {
  for (auto it = exchanges_.begin(); it != exchanges_.end(); ++it) {
    if (it->first == message_id) {
      exchanges_.erase(it);
      return;
    }
  }
}

}  // namespace havpnc::ike::crypto
