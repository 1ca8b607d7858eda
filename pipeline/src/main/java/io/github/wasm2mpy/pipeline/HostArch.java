package io.github.wasm2mpy.pipeline;

import java.util.Locale;

/** The MicroPython arch of the machine we run on, the default target when none is given. */
final class HostArch {
    private HostArch() {
    }

    static String detect() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x64";
            case "x86", "i386", "i486", "i586", "i686" -> "x86";
            default -> throw new PipelineException("cannot target the host arch '" + arch
                    + "' by default; name the arch to build for");
        };
    }
}
