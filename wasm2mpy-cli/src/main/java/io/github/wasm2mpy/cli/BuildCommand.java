package io.github.wasm2mpy.cli;

import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.pipeline.ArchOutput;
import io.github.wasm2mpy.pipeline.BuildResult;
import io.github.wasm2mpy.pipeline.PipelineException;
import io.github.wasm2mpy.pipeline.Wasm2Mpy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code wasm2mpy build IN --arch ARCH...}: the whole pipeline. */
final class BuildCommand implements Subcommand {
    @Override
    public String name() {
        return "build";
    }

    @Override
    public String summary() {
        return "turn a .wasm or .wat into .mpy files for one or more archs";
    }

    @Override
    public String help() {
        return """
                usage: wasm2mpy build IN.(wasm|wat) --arch ARCH... [-o DIR] [--report FILE] [options]

                Writes DIR/ARCH/NAME.mpy for each arch, DIR/NAME.pyi (type stub) and DIR/NAME.build.json.
                  --arch ARCH      x64 x86 armv6m armv7m armv7em armv7emsp armv7emdp rv32imc xtensa xtensawin
                                   webassembly (MicroPython's webassembly port: DIR/webassembly/NAME.py)
                                   (repeat or separate with commas; default: the host's arch)
                  -o, --output DIR output directory (default: build)
                  --report FILE    also copy the JSON build report to FILE
                  --keep-c         also write the generated C to DIR/c
                  -j N             build N archs at once (default: the number of processors)
                """ + BuildArguments.HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        Arguments parsed = Arguments.parse(args, BuildArguments.withValue("--arch", "-o|--output", "--report", "-j"),
                BuildArguments.flags("--keep-c"));
        Path input = Path.of(parsed.input(name()));
        Path output = Path.of(parsed.value("--output").orElse("build"));
        Wasm2Mpy.Builder builder = BuildArguments.pipeline(parsed, input, output)
                .keepCSources(parsed.flag("--keep-c"));
        try {
            builder.archs(parsed.values("--arch"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        parsed.value("-j").ifPresent(n -> builder.parallelism((int) BuildArguments.size(n, "-j")));
        BuildResult result = builder.build().run();
        for (ArchOutput archOutput : result.outputs()) {
            if (!archOutput.sections().containsKey("text")) {
                // the webassembly arch: a .py with the .wasm embedded, no linked sections
                out.printf("%-9s %s  %d bytes (wasm %d)%s%n", archOutput.arch(), archOutput.mpy(), archOutput.size(),
                        archOutput.sections().get("wasm"), archOutput.upToDate() ? "  up to date" : "");
                continue;
            }
            out.printf("%-9s %s  %d bytes (text %d, rodata %d, bss %d)%s%n", archOutput.arch(), archOutput.mpy(),
                    archOutput.size(), archOutput.sections().get("text"), archOutput.sections().get("rodata"),
                    archOutput.sections().get("bss"), archOutput.upToDate() ? "  up to date" : "");
        }
        out.println("stub      " + result.stub());
        if (parsed.value("--report").isPresent()) {
            Path report = Path.of(parsed.value("--report").get());
            try {
                AtomicFiles.write(report, Files.readAllBytes(result.report()));
            } catch (IOException e) {
                throw new PipelineException("cannot write the report to " + report + ": " + AtomicFiles.reason(e), e);
            }
            out.println("report    " + report);
        }
        return Main.OK;
    }
}
