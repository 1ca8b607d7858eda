package io.github.wasm2mpy.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A user's overrides for one arch's compiler: a different cross prefix, an explicit compiler path, or extra flags.
 *
 * @param prefix replaces the spec's cross prefix ({@code xtensa-esp32-elf-}); may include a directory
 * @param compiler an explicit compiler executable; wins over the prefix
 * @param extraFlags appended after every other flag
 */
public record ToolchainSettings(Optional<String> prefix, Optional<Path> compiler, List<String> extraFlags) {

    public static final ToolchainSettings DEFAULT = new ToolchainSettings(Optional.empty(), Optional.empty(), List.of());

    public ToolchainSettings {
        extraFlags = List.copyOf(extraFlags);
    }

    public ToolchainSettings withPrefix(String newPrefix) {
        return new ToolchainSettings(Optional.of(newPrefix), compiler, extraFlags);
    }

    public ToolchainSettings withCompiler(Path newCompiler) {
        return new ToolchainSettings(prefix, Optional.of(newCompiler), extraFlags);
    }

    public ToolchainSettings withExtraFlags(List<String> flags) {
        return new ToolchainSettings(prefix, compiler, flags);
    }
}
