#define _GNU_SOURCE
#include "ckernels.h"
#include <fcntl.h>

// Turns direct I/O (O_DIRECT: writes go from the caller's memory to the disk, past the page cache) on or off for
// an open file (IO/DirectStream.swift). Swift's Glibc module does not export O_DIRECT (a _GNU_SOURCE name).
// Returns 0, or −1 when the system or the file system does not allow it.
int ckernels_set_direct(int fd, int on) {
#ifdef O_DIRECT
    const int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    return fcntl(fd, F_SETFL, on ? (flags | O_DIRECT) : (flags & ~O_DIRECT)) == 0 ? 0 : -1;
#else
    (void)fd; (void)on;
    return -1;
#endif
}
