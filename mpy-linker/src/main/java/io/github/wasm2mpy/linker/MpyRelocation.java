package io.github.wasm2mpy.linker;

/**
 * A word the loader patches: {@code base} is the block holding it (text 0, rodata 1), {@code address} its offset
 * there, {@code destination} what is added (0 text, 1 rodata, 2 bss, 6 qstr table, 7 object table,
 * 8 mp_fun_table, 9+n entry n of mp_fun_table).
 */
record MpyRelocation(int base, int address, int destination) {}
