// LD_PRELOAD fault injector for the fault tests: while the file named by
// $LEVIER_FAULT_FILE exists, every write or sync to a regular file (other
// than stdin/stdout/stderr) fails with the errno named in that file:
// "ENOSPC" (disk full), "EROFS" (read-only file system) or "EIO"; or, with
// "SLOW <ms>", every sync succeeds after <ms> milliseconds (a slow disk, so
// a test can signal the server while requests wait for their commit).
// Removing the file clears the fault. Only for tests; never linked into Levier.
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// The control file's first bytes when `fd` is a regular file and the fault is on.
bool ReadControl(int fd, char (&kind)[16]) {
  if (fd <= 2) return false;
  const char* control = getenv("LEVIER_FAULT_FILE");
  if (control == nullptr) return false;
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const int cfd = open(control, O_RDONLY | O_CLOEXEC);
  if (cfd < 0) return false;
  const ssize_t n = read(cfd, kind, sizeof kind - 1);
  close(cfd);
  return n > 0;
}

int InjectedErrno(int fd) {
  char kind[16] = {0};
  if (!ReadControl(fd, kind)) return 0;
  if (strncmp(kind, "ENOSPC", 6) == 0) return ENOSPC;
  if (strncmp(kind, "EROFS", 5) == 0) return EROFS;
  if (strncmp(kind, "EIO", 3) == 0) return EIO;
  return 0;
}

void InjectedSyncDelay(int fd) {
  char kind[16] = {0};
  if (!ReadControl(fd, kind) || strncmp(kind, "SLOW ", 5) != 0) return;
  usleep(static_cast<useconds_t>(atoi(kind + 5)) * 1000);
}

template <typename Fn>
Fn Next(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" {

ssize_t write(int fd, const void* buf, size_t count) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t)>("write");
  if (const int e = InjectedErrno(fd)) { errno = e; return -1; }
  return real(fd, buf, count);
}

ssize_t pwrite(int fd, const void* buf, size_t count, off_t offset) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t, off_t)>("pwrite");
  if (const int e = InjectedErrno(fd)) { errno = e; return -1; }
  return real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void* buf, size_t count, off64_t offset) {
  static auto real = Next<ssize_t (*)(int, const void*, size_t, off64_t)>("pwrite64");
  if (const int e = InjectedErrno(fd)) { errno = e; return -1; }
  return real(fd, buf, count, offset);
}

int fsync(int fd) {
  static auto real = Next<int (*)(int)>("fsync");
  InjectedSyncDelay(fd);
  if (const int e = InjectedErrno(fd)) { errno = e; return -1; }
  return real(fd);
}

int fdatasync(int fd) {
  static auto real = Next<int (*)(int)>("fdatasync");
  InjectedSyncDelay(fd);
  if (const int e = InjectedErrno(fd)) { errno = e; return -1; }
  return real(fd);
}

}  // extern "C"
