// libFuzzer's driver, called from each target's entry point (SwiftPM names an executable's entry
// `<module>_main`, so libFuzzer's own `main` cannot be the program's).
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
