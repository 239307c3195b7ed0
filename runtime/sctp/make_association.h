#pragma once
// Picks the SCTP stack at start: the kernel's when it opens SCTP sockets, usrsctp otherwise
// (this machine: socket() → EPROTONOSUPPORT), and logs which and why.
#include <memory>

#include <boost/asio/io_context.hpp>

#include "runtime/sctp/association.h"
#include "runtime/sctp/backoff.h"
#include "runtime/sctp/parameters.h"

namespace havpnc::sctp {

enum class BackendChoice { Automatic, Kernel, Usrsctp };

std::unique_ptr<Association> make_association(boost::asio::io_context& io, Parameters parameters,
                                              AssociationHandler& handler, LogSink log,
                                              BackendChoice choice = BackendChoice::Automatic,
                                              BackoffConfig backoff = {});

}  // namespace havpnc::sctp
