package io.github.wasm2mpy.cli;

import io.github.wasm2mpy.linker.cli.MpyLinkCommand;
import java.io.PrintStream;
import java.util.List;

/** {@code wasm2mpy link ...}: the {@code mpy_ld.py}-compatible linker, with the same arguments. */
final class LinkCommand implements Subcommand {
    @Override
    public String name() {
        return "link";
    }

    @Override
    public String summary() {
        return "link ELF objects into a .mpy (the arguments of MicroPython's mpy_ld.py)";
    }

    @Override
    public String help() {
        java.io.ByteArrayOutputStream usage = new java.io.ByteArrayOutputStream();
        new MpyLinkCommand(new PrintStream(usage, true, java.nio.charset.StandardCharsets.UTF_8),
                new PrintStream(usage, true, java.nio.charset.StandardCharsets.UTF_8)).run("--help");
        return "usage: wasm2mpy link ARGS (as mpy_ld.py; exit 0 ok, 1 link error, 2 usage error)\n\n"
                + usage.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return new MpyLinkCommand(out, err).run(args.toArray(String[]::new));
    }
}
