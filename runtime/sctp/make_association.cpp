#include "runtime/sctp/make_association.h"

#include <random>

#include "runtime/sctp/kernel_association.h"
#include "runtime/sctp/usrsctp_association.h"

namespace havpnc::sctp {

std::unique_ptr<Association> make_association(boost::asio::io_context& io, Parameters parameters,
                                              AssociationHandler& handler, LogSink log,
                                              BackendChoice choice, BackoffConfig backoff) {
  // Jitter only has to differ between the two routers, not be secret.
  auto jitter = [rng = std::mt19937(std::random_device{}())]() mutable {
    return static_cast<std::uint32_t>(rng());
  };
  const auto id = std::to_string(parameters.association_id);
  auto say = [&](std::string text) {
    if (log) log(LogRecord{"SCTP", Severity::Informational, "BACKEND", std::move(text)});
  };
  if (choice != BackendChoice::Usrsctp) {
    const auto why_not = kernel_sctp_unavailable();
    if (!why_not) {
      say("association " + id + " uses kernel SCTP");
      return std::make_unique<KernelAssociation>(io, std::move(parameters), handler, std::move(log),
                                                 backoff, std::move(jitter));
    }
    if (choice == BackendChoice::Kernel) {
      say("association " + id + " asked for kernel SCTP, which is unavailable (" + *why_not + ")");
      return nullptr;
    }
    say("association " + id + " uses usrsctp: kernel SCTP unavailable (" + *why_not + ")");
  } else {
    say("association " + id + " uses usrsctp (as configured)");
  }
  return std::make_unique<UsrsctpAssociation>(io, std::move(parameters), handler, std::move(log),
                                              backoff, std::move(jitter));
}

}  // namespace havpnc::sctp
