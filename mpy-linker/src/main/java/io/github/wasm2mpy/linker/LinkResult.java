package io.github.wasm2mpy.linker;

/** The .mpy bytes of a link and its report. */
public record LinkResult(byte[] mpy, LinkReport report) {}
