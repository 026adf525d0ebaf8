// Whole-file writes that a crash or a reader never sees half done: a temporary file beside the target, fsync, rename, fsync of the directory.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.hpp"
#include "version.hpp"

TFDRIFT_BEGIN_NAMESPACE

/// Returns the file a path names once its symbolic links are followed (at most 40), so that
/// writing "through" a link replaces the file it points to and keeps the link. A dangling
/// link yields the path it points to.
inline std::string resolve_symlinks(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p = path;
  for (int i = 0; i < 40; ++i) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) break;
    fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  return p.string();
}

/// Writes `text` as the whole content of `path` so that a reader, or the file after a crash,
/// holds either the old content or the new one: a temporary file in the same directory
/// (created with O_EXCL, a name of its own per call), write, fsync, rename over the target,
/// fsync of the directory. A symbolic link is followed: the file it points to is replaced.
/// A new file gets mode 0666 less the umask; an existing one keeps its mode. Throws
/// tfdrift::error(id, path, "cannot write: <reason>"); the temporary is removed then.
inline void write_file_atomically(const std::string& path, std::string_view text, const std::string& id) {
  namespace fs = std::filesystem;
  const std::string target = resolve_symlinks(path);
  auto fail = [&](int err) -> void { throw error(id, path, std::string("cannot write: ") + std::strerror(err)); };
  static std::atomic<unsigned> counter{0};
  std::string tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    tmp = target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) fail(errno);
  }
  if (fd < 0) fail(EEXIST);
  int err = 0;
  struct stat st {};
  if (::stat(target.c_str(), &st) == 0) ::fchmod(fd, st.st_mode & 07777);
  for (std::size_t done = 0; done < text.size() && !err;) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) err = errno;
    else done += static_cast<std::size_t>(n);
  }
  if (!err && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && !err) err = errno;
  if (!err && ::rename(tmp.c_str(), target.c_str()) != 0) err = errno;
  if (err) {
    ::unlink(tmp.c_str());
    fail(err);
  }
  // The rename itself is durable once the directory is.
  std::string dir = fs::path(target).parent_path().string();
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

TFDRIFT_END_NAMESPACE
