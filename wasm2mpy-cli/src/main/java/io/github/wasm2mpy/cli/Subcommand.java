package io.github.wasm2mpy.cli;

import java.io.PrintStream;
import java.util.List;

/** One {@code wasm2mpy} command. It returns an exit code and throws {@link UsageException} for a bad command line. */
interface Subcommand {
    String name();

    /** One line for the command list. */
    String summary();

    /** The full {@code --help} text. */
    String help();

    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
