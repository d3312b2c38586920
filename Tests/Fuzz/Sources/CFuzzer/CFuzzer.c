// The declaration in include/CFuzzer.h is libFuzzer's; this file only makes CFuzzer a C target.
