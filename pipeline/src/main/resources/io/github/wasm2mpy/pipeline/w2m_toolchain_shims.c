/*
 * Shims for what bare-metal C libraries expect from the program they are linked into.
 *
 * newlib's libm wrappers (sqrt, fmod, ...) record domain errors in errno through __errno(). WebAssembly has no
 * errno and a natmod has no thread-local storage, so they get a private one in .bss that nobody reads.
 */
#if defined(__arm__) && !defined(__linux__)
int *__errno(void);

int *__errno(void) {
    static int error_number;
    return &error_number;
}
#else
/* Nothing is needed for this target; keep the translation unit non-empty for -Wpedantic. */
typedef int w2m_toolchain_shims_unused;
#endif
