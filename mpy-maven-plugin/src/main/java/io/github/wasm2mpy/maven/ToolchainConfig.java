package io.github.wasm2mpy.maven;

import java.io.File;
import java.util.List;

/**
 * Per-arch compiler settings in the plugin configuration:
 *
 * <pre>{@code
 * <toolchains>
 *   <toolchain><arch>xtensawin</arch><prefix>/opt/esp/bin/xtensa-esp32-elf-</prefix></toolchain>
 * </toolchains>
 * }</pre>
 */
public class ToolchainConfig {
    /** The arch these settings apply to. */
    String arch;
    /** A cross prefix replacing the default one (may include a directory). */
    String prefix;
    /** An explicit compiler executable. */
    File compiler;
    /** Flags appended to every compile for this arch. */
    List<String> extraFlags;
}
