#define _GNU_SOURCE
#include "ckernels.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>

// Swaps two names atomically (Linux's renameat2 with RENAME_EXCHANGE, a _GNU_SOURCE name Swift's Glibc module
// does not export): IO/OutputFile.swift's replacement of an existing file. Returns 0, or −1 with errno set
// (EINVAL or ENOSYS where the file system or the kernel cannot exchange).
int ckernels_exchange(const char *a, const char *b) {
#ifdef RENAME_EXCHANGE
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    (void)a; (void)b;
    errno = ENOSYS;
    return -1;
#endif
}
