// SvgLayoutProcess: a single-threaded helper process that forks the Graphviz
// children for a multithreaded host (see svg_output.h for why).
//
// Protocol on a Unix stream socket, one request at a time:
//   host → helper: u64 budget in microseconds, u64 length of `what`, `what`,
//                  u64 length of the DOT text, the DOT text;
//   helper → host: one byte ('1' ok, '0' failed), u64 length, the SVG or
//                  the error text.
// The helper ends on end of input (the host closed its side or died).
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>

#include "netpol/svg_output.h"
#include "render/svg_render.h"

NETPOL_INTERNAL_NAMESPACE_BEGIN

namespace {

bool WriteBytes(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool ReadBytes(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool WriteString(int fd, const std::string& text) {
  const std::uint64_t size = text.size();
  return WriteBytes(fd, &size, sizeof size) && WriteBytes(fd, text.data(), text.size());
}

// A length above this is no message of ours: the stream is out of step.
constexpr std::uint64_t kMaxMessage = std::uint64_t{1} << 32;

bool ReadString(int fd, std::string* text) {
  std::uint64_t size = 0;
  if (!ReadBytes(fd, &size, sizeof size) || size > kMaxMessage) return false;
  text->resize(size);
  return ReadBytes(fd, text->data(), text->size());
}

// The helper's loop: one layout per request, each in a child forked here.
[[noreturn]] void ServeLayouts(int fd) {
  // Ctrl-C at the host's terminal reaches the whole process group; the
  // helper ends when the host closes the socket instead.
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_IGN);
  for (;;) {
    std::uint64_t budget_us = 0;
    std::string what, dot;
    if (!ReadBytes(fd, &budget_us, sizeof budget_us) || !ReadString(fd, &what) ||
        !ReadString(fd, &dot)) {
      ::_exit(0);
    }
    SvgLayoutOptions layout;
    layout.budget_seconds = static_cast<double>(budget_us) / 1e6;
    std::string svg, error;
    const bool ok = RenderDotToSvg(dot, layout, what, &svg, &error);
    const char status = ok ? '1' : '0';
    if (!WriteBytes(fd, &status, 1) || !WriteString(fd, ok ? svg : error)) ::_exit(0);
  }
}

}  // namespace

struct SvgLayoutProcess::State {
  int socket = -1;
  int pid = -1;
  std::mutex mutex;  // one request on the socket at a time
  bool broken = false;
};

Result<SvgLayoutProcess> SvgLayoutProcess::Start() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return Status::Unavailable(std::string("cannot make a socket for the layout process: ") +
                               std::strerror(errno));
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int saved = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::Unavailable(std::string("cannot start the layout process: ") +
                               std::strerror(saved));
  }
  if (pid == 0) {
    ::close(fds[0]);
    ServeLayouts(fds[1]);
  }
  ::close(fds[1]);
  return SvgLayoutProcess(fds[0], pid);
}

SvgLayoutProcess::SvgLayoutProcess(int socket, int pid) : state_(new State) {
  state_->socket = socket;
  state_->pid = pid;
}

SvgLayoutProcess::SvgLayoutProcess(SvgLayoutProcess&& other) noexcept
    : state_(std::exchange(other.state_, nullptr)) {}

SvgLayoutProcess& SvgLayoutProcess::operator=(SvgLayoutProcess&& other) noexcept {
  if (this != &other) {
    Stop();
    state_ = std::exchange(other.state_, nullptr);
  }
  return *this;
}

SvgLayoutProcess::~SvgLayoutProcess() { Stop(); }

void SvgLayoutProcess::Stop() {
  if (state_ == nullptr) return;
  ::close(state_->socket);  // the helper reads end of input and exits
  int status = 0;
  while (::waitpid(state_->pid, &status, 0) < 0 && errno == EINTR) {
  }
  delete std::exchange(state_, nullptr);
}

Result<std::string> SvgLayoutProcess::Render(const std::string& dot_text, double budget_seconds,
                                             const std::string& what) {
  if (state_ == nullptr) return Status::InvalidArgument("this SvgLayoutProcess was moved from");
  std::lock_guard lock(state_->mutex);
  const auto gone = [&] {
    state_->broken = true;
    return Status::Unavailable("the layout process has stopped; restart the program to draw");
  };
  if (state_->broken) return gone();
  const std::uint64_t budget_us =
      budget_seconds > 0 ? static_cast<std::uint64_t>(budget_seconds * 1e6) : 0;
  if (!WriteBytes(state_->socket, &budget_us, sizeof budget_us) ||
      !WriteString(state_->socket, what) || !WriteString(state_->socket, dot_text)) {
    return gone();
  }
  char status = 0;
  std::string text;
  if (!ReadBytes(state_->socket, &status, 1) || !ReadString(state_->socket, &text)) return gone();
  if (status != '1') return Status::Unavailable(text);
  return text;
}

NETPOL_NAMESPACE_END
