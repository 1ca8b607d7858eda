#include <stdio.h>
#include <time.h>
int main(void) {
    struct timespec ts;
    printf("hello from wasi-libc: %d + %d = %d\n", 20, 22, 20 + 22);
    fprintf(stderr, "to stderr %s\n", "too");
    printf("clock ok: %d\n", clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
    return 0;
}
