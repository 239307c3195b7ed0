// The control socket in-process on a temp path: modes, answers over the wire, garbage,
// oversize, slow and silent clients, too many clients, concurrent clients, socket in use,
// stale sockets. After each abuse the server must still answer.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "runtime/control/control_client.h"
#include "runtime/control/control_server.h"
#include "runtime/control/socket_path.h"

namespace havpnc::control {
namespace {

namespace fs = std::filesystem;

// Raw connection for the abuse cases the real client would never commit.
class RawClient {
 public:
  explicit RawClient(const std::string& path) : fd_(::socket(AF_UNIX, SOCK_STREAM, 0)) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~RawClient() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(std::string_view bytes) { (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL); }
  std::string read_all() {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::recv(fd_, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }

 private:
  int fd_;
  bool connected_ = false;
};

struct Server : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("hveng-ctl-" + std::to_string(::getpid())) / "run";
  std::string path = (dir / "R10.sock").string();
  ShowRegistry registry;
  boost::asio::io_context io;
  std::unique_ptr<ControlServer> server;
  std::thread thread;
  std::atomic<int> calls{0};

  void SetUp() override {
    fs::remove_all(dir.parent_path());
    ShowCommand c;
    c.words = "show standby brief";
    c.text = [this] {
      ++calls;
      return std::string("                     P indicates configured to preempt.\n");
    };
    c.json = [] { return nlohmann::json::array(); };
    registry.add(std::move(c));
  }
  void start(ServerLimits limits = {}) {
    std::string error;
    server = ControlServer::open(io, path, registry, limits, error);
    ASSERT_TRUE(server) << error;
    thread = std::thread([this] {
      auto guard = boost::asio::make_work_guard(io);
      io.run();
    });
  }
  void TearDown() override {
    if (thread.joinable()) {
      boost::asio::post(io, [this] { server.reset(); io.stop(); });
      thread.join();
    }
    server.reset();
    fs::remove_all(dir.parent_path());
  }
  ClientResult ask(std::string command, Format format = Format::Text) {
    return query(path, Request{format, std::move(command)}, seconds(5));
  }
  void still_answers() {
    const ClientResult r = ask("sh standby br");
    ASSERT_TRUE(r.transport_ok) << r.error;
    EXPECT_TRUE(r.ok);
    EXPECT_NE(r.body.find("P indicates"), std::string::npos);
  }
};

TEST_F(Server, SocketIs0600InA0700DirectoryAndIsRemovedOnClose) {
  start();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  boost::asio::post(io, [this] { server.reset(); io.stop(); });
  thread.join();
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(Server, AnswersTextJsonAndIosErrors) {
  start();
  still_answers();
  ClientResult r = ask("show standby brief", Format::Json);
  ASSERT_TRUE(r.transport_ok);
  EXPECT_EQ(r.body, "[]\n");
  r = ask("sh foo");
  ASSERT_TRUE(r.transport_ok);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.body, "sh foo\n   ^\n% Invalid input detected at '^' marker.");
  EXPECT_EQ(server->counters().errors, 1u);
}

TEST_F(Server, GarbageGetsAClearErrorAndTheServerCarriesOn) {
  start();
  for (std::string garbage : {std::string("hello world\n"), std::string("\x00\x01\x02\xff\n", 5),
                              std::string("\n"), std::string("json\n")}) {
    RawClient c(path);
    ASSERT_TRUE(c.connected());
    c.send(garbage);
    const std::string reply = c.read_all();
    EXPECT_TRUE(reply.starts_with("error ")) << reply;
  }
  still_answers();
}

TEST_F(Server, OversizedRequestIsCapped) {
  start();
  RawClient c(path);
  c.send(std::string(kMaxRequest * 4, 'a'));
  const std::string reply = c.read_all();
  EXPECT_NE(reply.find("% Request too long (limit 1024 bytes)"), std::string::npos) << reply;
  EXPECT_EQ(server->counters().oversized, 1u);
  // Exactly at the limit is fine.
  RawClient d(path);
  d.send("text sh standby br" + std::string(kMaxRequest - 19 - 1, ' ') + "\n");
  EXPECT_TRUE(d.read_all().starts_with("ok ")) << "a request of exactly 1024 bytes is allowed";
  still_answers();
}

TEST_F(Server, SlowAndSilentClientsTimeOut) {
  ServerLimits limits;
  limits.read_timeout = milliseconds(200);
  start(limits);
  RawClient silent(path);
  RawClient slow(path);
  slow.send("text sh sta");  // never finishes the line
  const auto t0 = Clock::now();
  EXPECT_NE(silent.read_all().find("% Timed out waiting for a request"), std::string::npos);
  EXPECT_NE(slow.read_all().find("% Timed out"), std::string::npos);
  EXPECT_LT(Clock::now() - t0, seconds(3));
  { RawClient gone(path); }  // connects and leaves at once
  still_answers();
  EXPECT_EQ(server->counters().timed_out, 2u);
}

TEST_F(Server, TooManyClientsAreTurnedAwayNotQueuedForever) {
  ServerLimits limits;
  limits.max_clients = 2;
  limits.read_timeout = seconds(3);
  start(limits);
  RawClient a(path), b(path);
  std::this_thread::sleep_for(milliseconds(100));  // both accepted and waiting
  RawClient c(path);
  EXPECT_NE(c.read_all().find("% Too many control clients (limit 2)"), std::string::npos);
  a.send("text sh st br\n");
  EXPECT_TRUE(a.read_all().starts_with("ok "));
}

TEST_F(Server, ManyConcurrentClientsAllGetAnswers) {
  ServerLimits limits;
  limits.max_clients = 64;
  start(limits);
  std::atomic<int> good{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 32; ++i)
    clients.emplace_back([&] {
      for (int j = 0; j < 10; ++j) {
        const ClientResult r = ask("sh standby brief");
        if (r.transport_ok && r.ok) ++good;
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(good.load(), 320);
  EXPECT_EQ(calls.load(), 320);
}

TEST_F(Server, SecondServerOnALiveSocketIsRefused) {
  start();
  boost::asio::io_context other;
  std::string error;
  EXPECT_FALSE(ControlServer::open(other, path, registry, {}, error));
  EXPECT_NE(error.find("is in use"), std::string::npos) << error;
  still_answers();
}

TEST_F(Server, StaleSocketFromACrashIsTakenOver) {
  fs::create_directories(dir);
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::close(fd);  // the file stays, nobody listens
  start();
  still_answers();
}

TEST_F(Server, RefusesToReplaceAFileAndOverlongPaths) {
  fs::create_directories(dir);
  std::ofstream(path) << "not a socket";
  std::string error;
  EXPECT_FALSE(ControlServer::open(io, path, registry, {}, error));
  EXPECT_NE(error.find("exists and is not a socket"), std::string::npos) << error;
  EXPECT_TRUE(fs::exists(path));
  const std::string long_path = "/tmp/" + std::string(200, 'x') + ".sock";
  EXPECT_FALSE(ControlServer::open(io, long_path, registry, {}, error));
  EXPECT_NE(error.find("is too long"), std::string::npos) << error;
}

TEST(ControlClient, SaysWhenNothingRuns) {
  const ClientResult r = query("/tmp/hveng-nothing-here.sock", Request{Format::Text, "sh run"});
  EXPECT_FALSE(r.transport_ok);
  EXPECT_NE(r.error.find("is `havpnc run` running?"), std::string::npos) << r.error;
}

TEST(DefaultControlPath, HostnamesCannotEscapeTheDirectory) {
  EXPECT_EQ(default_control_path("R10"), "/run/havpnc/R10.sock");
  EXPECT_FALSE(default_control_path("../etc/x"));
  EXPECT_FALSE(default_control_path(".."));
  EXPECT_FALSE(default_control_path(""));
}

}  // namespace
}  // namespace havpnc::control
