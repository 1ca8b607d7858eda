package io.github.wasm2mpy.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a build produced: one {@code .mpy} per arch, a type stub, and a JSON report.
 *
 * @param moduleName the Python module name ({@code import NAME})
 * @param input the input file
 * @param summary the module's interface (exports, imports, memory)
 * @param outputs one entry per arch, in the order the archs were asked for
 * @param stub the {@code .pyi} written beside the outputs
 * @param report the JSON build report
 * @param cSources the directory holding the generated C, when it was asked for
 */
public record BuildResult(String moduleName, Path input, ModuleSummary summary, List<ArchOutput> outputs,
                          Path stub, Path report, Optional<Path> cSources) {
    public BuildResult {
        outputs = List.copyOf(outputs);
    }

    /** The output for one arch. */
    public ArchOutput output(String arch) {
        return outputs.stream().filter(o -> o.arch().equals(arch)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no output for arch " + arch));
    }
}
