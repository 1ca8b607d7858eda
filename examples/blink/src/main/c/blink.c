/* Arduino-style blink against the wiring imports every wasm2mpy module can use. On a board, pinMode and
 * digitalWrite drive machine.Pin; on the unix port they do nothing, so the program also says what it does. */
#define IMPORT(name) __attribute__((import_module("wiring"), import_name(#name)))
#define EXPORT(name) __attribute__((export_name(#name)))

IMPORT(pinMode) void pin_mode(int pin, int mode);
IMPORT(digitalWrite) void digital_write(int pin, int value);
IMPORT(delay) void delay(int ms);
IMPORT(print) void print(const char *text, int length);

enum { LED = 2, OUTPUT = 1 };

static int length(const char *text) {
    int n = 0;
    while (text[n]) {
        n++;
    }
    return n;
}

static void say(const char *text) {
    print(text, length(text));
}

static int blinks;

EXPORT(setup) void setup(void) {
    pin_mode(LED, OUTPUT);
    say("blink ready\n");
}

EXPORT(loop) void loop(void) {
    digital_write(LED, 1);
    say("LED on\n");
    delay(10);
    digital_write(LED, 0);
    say("LED off\n");
    delay(10);
    blinks++;
}

EXPORT(count) int count(void) {
    return blinks;
}
