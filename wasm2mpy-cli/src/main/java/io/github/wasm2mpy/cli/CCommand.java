package io.github.wasm2mpy.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code wasm2mpy c IN -o DIR}: the generated C only, for inspection or another build system. */
final class CCommand implements Subcommand {
    @Override
    public String name() {
        return "c";
    }

    @Override
    public String summary() {
        return "write the generated C (module, runtime, Python glue) without compiling";
    }

    @Override
    public String help() {
        return """
                usage: wasm2mpy c IN.(wasm|wat) -o DIR [options]

                Writes NAME.c and NAME.h (the module), the runtime headers it uses and the MicroPython glue to DIR,
                and prints the files to compile.
                """ + BuildArguments.HELP;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed = Arguments.parse(args, BuildArguments.withValue("-o|--output"), BuildArguments.flags());
        Path input = Path.of(parsed.input(name()));
        Path output = Path.of(parsed.value("--output").orElseThrow(() -> new UsageException("c needs -o DIR")));
        List<Path> units = BuildArguments.pipeline(parsed, input, output).build().writeCSources(output);
        units.forEach(unit -> out.println(unit));
        return Main.OK;
    }
}
