package io.github.wasm2mpy.cli;

import io.github.wasm2mpy.pipeline.PipelineException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code wasm2mpy} command line.
 *
 * <p>Exit codes: 0 success; 1 the input or a build step failed (the message names the file, step and cause);
 * 2 the command line is wrong; 3 an unexpected internal error (its stack trace is shown with {@code -v}).
 * {@code run} passes on the exit code of the MicroPython run instead (see {@code wasm2mpy run --help}).
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL_ERROR = 3;

    private final Map<String, Subcommand> commands = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err, List<Subcommand> subcommands) {
        this.out = out;
        this.err = err;
        subcommands.forEach(command -> commands.put(command.name(), command));
    }

    static List<Subcommand> defaultCommands() {
        return List.of(new BuildCommand(), new RunCommand(), new CCommand(), new InfoCommand(), new LinkCommand());
    }

    public static void main(String[] args) {
        System.exit(new Main(System.out, System.err, defaultCommands()).execute(List.of(args)));
    }

    /** Runs one command line and returns the exit code, never throwing. */
    public int execute(List<String> argv) {
        List<String> args = new ArrayList<>(argv);
        // Global options stand before the command; after it, -v belongs to the command (mpy_ld.py's verbosity).
        boolean verbose = false;
        while (!args.isEmpty() && (args.get(0).equals("-v") || args.get(0).equals("--verbose"))) {
            args.remove(0);
            verbose = true;
        }
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")
                || args.get(0).equals("help") && args.size() == 1) {
            out.print(overview());
            return args.isEmpty() ? USAGE : OK;
        }
        if (args.get(0).equals("--version")) {
            out.println("wasm2mpy " + version());
            return OK;
        }
        String name = args.get(0).equals("help") ? args.get(1) : args.get(0);
        Subcommand command = commands.get(name);
        if (command == null) {
            err.println("wasm2mpy: unknown command '" + name + "' (try wasm2mpy --help)");
            return USAGE;
        }
        List<String> rest = args.subList(1, args.size());
        if (args.get(0).equals("help") || rest.contains("--help") || rest.contains("-h")) {
            out.print(command.help());
            return OK;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("wasm2mpy " + name + ": " + e.getMessage() + " (try wasm2mpy " + name + " --help)");
            return USAGE;
        } catch (PipelineException e) {
            err.println("wasm2mpy " + name + ": " + e.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            return FAILED;
        } catch (Exception | Error e) {
            err.println("wasm2mpy " + name + ": internal error: " + e);
            if (verbose) {
                e.printStackTrace(err);
            } else {
                err.println("(run again with -v for the stack trace)");
            }
            return INTERNAL_ERROR;
        }
    }

    private String overview() {
        StringBuilder text = new StringBuilder();
        text.append("wasm2mpy ").append(version()).append(" - turns WebAssembly modules into MicroPython .mpy files\n\n");
        text.append("usage: wasm2mpy [-v] <command> [options]\n\ncommands:\n");
        commands.values().forEach(c -> text.append(String.format("  %-7s %s%n", c.name(), c.summary())));
        text.append("\nwasm2mpy <command> --help shows a command's options.\n");
        text.append("exit codes: 0 ok, 1 input or build step failed, 2 bad command line, 3 internal error\n");
        return text.toString();
    }

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "(development)" : version;
    }
}
