// OpenBLAS's CBLAS interface plus the three LAPACK routines leadscore calls (OpenBLAS exports them,
// but Debian's openblas include folder ships no lapack header).
#include <cblas.h>
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);
