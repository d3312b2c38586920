// OpenSSL's message digests (libcrypto), for the SHA-256 of training files.
#include <openssl/evp.h>
