/* An ordinary C program: wasi-libc's printf writes through the WASI fd_write import, which wasm2mpy's
 * built-in WASI subset sends to MicroPython's console. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    unsigned long long factorial = 1;
    for (int i = 1; i <= 20; i++) {
        factorial *= (unsigned long long)i;
    }
    printf("hello from C: 20! = %llu, pi ~ %.5f\n", factorial, 355.0 / 113.0);
    fprintf(stderr, "and hello on stderr\n");
    return 0;
}
