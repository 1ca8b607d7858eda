package io.github.wasm2mpy.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four header bytes of a {@code .mpy} file: magic {@code 'M'}, format version, the feature byte (native arch
 * code {@code << 2} | sub-version) and the bit width of small ints. The loader refuses a file whose arch its
 * firmware does not accept, so the arch code is the first link-level fact worth checking.
 *
 * @param version the format version (6 for MicroPython 1.23 to 1.25)
 * @param archCode the {@code MP_NATIVE_ARCH_*} value, 0 for bytecode only
 * @param subVersion the format sub-version (3 for 1.25)
 * @param smallIntBits the bits of a small int on the target
 */
public record MpyHeader(int version, int archCode, int subVersion, int smallIntBits) {
    /** MicroPython's {@code MP_NATIVE_ARCH_*} names, indexed by code. */
    private static final String[] ARCH_NAMES = {"none", "x86", "x64", "armv6", "armv6m", "armv7m", "armv7em",
            "armv7emsp", "armv7emdp", "xtensa", "xtensawin", "rv32imc", "rv64imc", "debug"};

    /** Reads the header of {@code file}; an IOException names the file and what is wrong. */
    public static MpyHeader read(Path file) throws IOException {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, 4) < 4) {
                throw new IOException(file + ": shorter than a .mpy header (4 bytes)");
            }
        }
        if (head[0] != 'M') {
            throw new IOException(file + ": offset 0: not a .mpy file (magic 0x"
                    + Integer.toHexString(head[0] & 0xff) + ", expected 'M')");
        }
        int features = head[2] & 0xff;
        return new MpyHeader(head[1] & 0xff, features >> 2, features & 3, head[3] & 0xff);
    }

    /** The arch name MicroPython gives {@link #archCode()}, or {@code code N} for one it does not know. */
    public String archName() {
        return archCode < ARCH_NAMES.length ? ARCH_NAMES[archCode] : "code " + archCode;
    }
}
