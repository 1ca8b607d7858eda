#include <stdio.h>
#include <stdlib.h>
__attribute__((export_name("quit"))) void quit(int code) {
    printf("bye %d\n", code);
    exit(code);
}
