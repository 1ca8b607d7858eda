package io.github.wasm2mpy.cli;

import io.github.wasm2mpy.pipeline.BuildResult;
import io.github.wasm2mpy.testbed.MpyRun;
import io.github.wasm2mpy.testbed.RunResult;
import io.github.wasm2mpy.testbed.TargetArch;
import io.github.wasm2mpy.testbed.Testbed;
import io.github.wasm2mpy.testbed.TestbedException;
import io.github.wasm2mpy.pipeline.PipelineException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** {@code wasm2mpy run IN --arch ARCH -c CODE}: build, then run on the testbed's MicroPython. */
final class RunCommand implements Subcommand {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "build a module and run Python code with it on the testbed's MicroPython";
    }

    @Override
    public String help() {
        return """
                usage: wasm2mpy run IN.(wasm|wat) [--arch ARCH] (-c CODE | FILE.py) [--heap SIZE] [--timeout S]

                Builds IN for ARCH (%s; default x64) into build/run/ARCH and runs CODE
                (or FILE.py) on MicroPython with the module importable: the unix port for x64/x86, QEMU for the
                others. The testbed must be provisioned (tools/testbed/setup; the ./wasm2mpy launcher does it).
                Prints MicroPython's output. Exit code: 0 ok, 1 Python exception, 2 runner error, 3 CPU fault,
                124 timeout; a failed build exits 1 with the build error.
                  -o, --output DIR where the .mpy goes (default: build/run)
                """.formatted(runnableArchs(" ")) + BuildArguments.HELP;
    }

    /** The archs the testbed runs, from its own list (the help once named five of six). */
    private static String runnableArchs(String separator) {
        return Arrays.stream(TargetArch.values()).map(TargetArch::id).collect(Collectors.joining(separator));
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed = Arguments.parse(args,
                BuildArguments.withValue("--arch", "-c", "--heap", "--timeout", "-o|--output"), BuildArguments.flags());
        List<String> positional = parsed.positional();
        if (positional.isEmpty()) {
            throw new UsageException("run needs an input module");
        }
        Path input = Path.of(positional.get(0));
        if (parsed.value("-c").isPresent() == positional.size() > 1 || positional.size() > 2) {
            throw new UsageException("run takes Python code with -c CODE or one FILE.py, not both or neither");
        }
        String arch = parsed.value("--arch").orElse("x64");
        TargetArch target;
        try {
            target = TargetArch.of(arch);
        } catch (IllegalArgumentException e) {
            throw new UsageException("run supports archs " + runnableArchs(", ") + ", not '" + arch + "'");
        }
        Testbed testbed;
        try {
            testbed = Testbed.get();
        } catch (TestbedException e) {
            throw new PipelineException(e.getMessage(), e);
        }
        Path output = Path.of(parsed.value("--output").orElse("build/run"));
        BuildResult built = BuildArguments.pipeline(parsed, input, output).arch(target.id()).build().run();
        Path moduleDirectory = built.output(target.id()).mpy().getParent();

        MpyRun run = testbed.mpyRun(target).modules(moduleDirectory);
        parsed.value("--heap").ifPresent(run::heap);
        parsed.value("--timeout").ifPresent(t -> run.timeout(
                Duration.ofSeconds(BuildArguments.size(t, "--timeout"))));
        RunResult result = parsed.value("-c").isPresent()
                ? run.code(parsed.value("-c").get())
                : run.file(Path.of(positional.get(1)));
        out.print(result.output());
        return result.exitCode();
    }
}
