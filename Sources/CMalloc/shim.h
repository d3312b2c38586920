// glibc's malloc tuning (mallopt), for MemoryPolicy.
#include <malloc.h>
