#pragma once
// Retransmission of unanswered IKE messages and answers to duplicates (RFC 2408 §5 leaves
// timers to implementations; RFC 2409 §5 expects the responder to recognise a
// retransmitted request).
//
// Choice (README "Retransmission"): IOS's behaviour as seen in `debug crypto isakmp`
// captures — the last message is resent after 10 s ("retransmitting phase 1 MM_SA_SETUP"),
// at most 5 times ("attempt N of 5"), then the exchange is given up ("Death by
// retransmission"). strongSwan's IKEv1 defaults (4 s, x1.8 per try, 5 tries) are the same
// policy with other numbers: RetransmitPolicy{seconds(4), 1.8, 5}.
//
// A duplicate of the last received request is answered with our last reply, byte for byte,
// without being processed again ("phase 1 packet is a duplicate of a previous packet").
#include <cstdint>
#include <optional>

#include "runtime/core/time.h"
#include "runtime/ike/bytes.h"

namespace havpnc::ike {

struct RetransmitPolicy {
  Duration initial = seconds(10);
  double backoff = 1.0;             // each wait is the previous one times this
  unsigned max_retransmissions = 5;
};

class Retransmitter {
 public:
  explicit Retransmitter(RetransmitPolicy policy = {}) : policy_(policy) {}

  // A new message went out and waits for an answer.
  void sent(Bytes datagram, TimePoint now);
  // The answer came (or the exchange ended): nothing more to resend.
  void stop() { pending_.reset(); }

  struct Due {
    std::optional<Bytes> resend;
    bool gave_up = false;
  };
  Due poll(TimePoint now);
  TimePoint deadline() const;  // TimePoint::max() when idle
  bool active() const { return pending_.has_value(); }

 private:
  struct Pending {
    Bytes datagram;
    TimePoint due;
    Duration wait;
    unsigned retransmissions;
  };
  RetransmitPolicy policy_;
  std::optional<Pending> pending_;
};

// The last request an exchange answered, and the answer.
class ReplyCache {
 public:
  void remember(ByteView request, Bytes reply);
  // Our reply if `datagram` repeats the last request exactly, else nullptr.
  const Bytes* reply_to(ByteView datagram) const;

 private:
  Bytes request_;
  Bytes reply_;
  bool valid_ = false;
};

}  // namespace havpnc::ike
