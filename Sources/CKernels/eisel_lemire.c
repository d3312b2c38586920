#include "eisel_lemire.h"

// The rounding for NumberParser (Swift): the same function the double column kernel inlines.
int ckernels_eisel_lemire(uint64_t w, int64_t q, double *out) { return eisel_lemire(w, q, out); }
