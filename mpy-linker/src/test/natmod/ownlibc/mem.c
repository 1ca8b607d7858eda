// The module's own memset and calloc (a bump allocator over a fixed arena).
#include <stddef.h>

unsigned char ownlibc_arena[512];
size_t ownlibc_used;

void *memset(void *s, int c, size_t n) {
    volatile unsigned char *p = s; // volatile: stop gcc from turning this loop into a call to memset
    while (n--) {
        *p++ = (unsigned char)c;
    }
    return s;
}

void *calloc(size_t n, size_t size) {
    size_t bytes = (n * size + 7) & ~(size_t)7;
    if (ownlibc_used + bytes > sizeof(ownlibc_arena)) {
        return NULL;
    }
    void *p = &ownlibc_arena[ownlibc_used];
    ownlibc_used += bytes;
    return memset(p, 0, bytes);
}
