package io.github.wasm2mpy.model.text;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wabt.Wast2JsonModule;
import com.dylibso.chicory.wabt.Wat2WasmModule;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A wabt tool, compiled to WebAssembly and run by Chicory with WASI in a file system of its own. It is run here
 * rather than through Chicory's {@code Wat2Wasm}/{@code Wast2Json} wrappers because those drop the tool's stderr,
 * and "the module is bad" without a line and column is no help to the author of a {@code .wat} or {@code .wast}.
 */
enum WabtTool {
    WAT2WASM("wat2wasm", Wat2WasmModule::load, Wat2WasmModule::create),
    WAST2JSON("wast2json", Wast2JsonModule::load, Wast2JsonModule::create);

    /** Diagnostics past this many lines are cut: the first errors are the ones to fix. */
    private static final int MAX_DIAGNOSTIC_LINES = 8;
    /** The tool reads its input from here, and writes any output files here. */
    private static final String IN = "/in";
    private static final String OUT = "/out";
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    private final String command;
    private final Supplier<WasmModule> loader;
    private final Function<Instance, Machine> machine;
    /** Parsed once: the tool's module is a megabyte and the spec suite runs wast2json per script. */
    private volatile WasmModule module;

    WabtTool(String command, Supplier<WasmModule> loader, Function<Instance, Machine> machine) {
        this.command = command;
        this.loader = loader;
        this.machine = machine;
    }

    /**
     * What a run that exited with 0 produced.
     *
     * @param stdout what the tool wrote to its standard output
     * @param files the files it wrote under {@link #outPath}, by name
     * @param diagnostics what it said on stderr, as a rejection message (for a tool that exits 0 yet writes
     *     nothing)
     */
    record Output(byte[] stdout, Map<String, byte[]> files, String diagnostics) {
    }

    /**
     * Runs the tool on {@code text}, staged as the file {@code stagedName}; {@code args} follow the input's path
     * and may name output files under {@link #outPath}. On failure the exception names {@code input} and holds
     * the tool's own diagnostics, each line starting at the line:column it names.
     *
     * @param what what the tool rejects, for the message, e.g. "the module"
     */
    Output run(byte[] text, String input, String stagedName, List<String> args, String what) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        String staged = IN + "/" + stagedName;
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("unix").build())) {
            Path in = Files.createDirectory(fs.getPath(IN));
            Path out = Files.createDirectory(fs.getPath(OUT));
            Files.write(fs.getPath(staged), text);
            List<String> argv = new ArrayList<>(List.of(command, staged));
            argv.addAll(args);
            WasiOptions options = WasiOptions.builder().withStdout(stdout).withStderr(stderr)
                    .withDirectory(IN, in).withDirectory(OUT, out).withArguments(argv).build();
            try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
                Instance.builder(module()).withMachineFactory(machine)
                        .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build()).build();
            } catch (WasiExitException e) {
                if (e.exitCode() != 0) {
                    throw new TextFormatException(input, diagnostics(stderr, staged, what, e.exitCode()), null);
                }
            }
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (Stream<Path> written = Files.list(out)) {
                for (Path p : written.sorted().toList()) {
                    files.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
            return new Output(stdout.toByteArray(), files, diagnostics(stderr, staged, what, 0));
        } catch (IOException e) {
            throw new TextFormatException(input, "cannot run " + command + " in memory", e);
        }
    }

    /** The text of an input file, or an error naming it. */
    static byte[] read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new TextFormatException(path.toString(), "no such file", null);
        }
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new TextFormatException(path.toString(), "cannot read it", e);
        }
    }

    /** Where an output file named {@code name} goes, as an argument to the tool. */
    static String outPath(String name) {
        return OUT + "/" + name;
    }

    private WasmModule module() {
        WasmModule m = module;
        if (m == null) {
            m = loader.get();
            module = m;
        }
        return m;
    }

    /** The tool's diagnostics, without colours and the staged path, or its exit code if it said nothing. */
    private String diagnostics(ByteArrayOutputStream stderr, String staged, String what, int exitCode) {
        // wabt colours its diagnostics; a log file or an IDE shows the escapes as noise.
        String said = ANSI_ESCAPE.matcher(stderr.toString(StandardCharsets.UTF_8)).replaceAll("")
                .replace(staged + ":", "").strip();
        if (said.isEmpty()) {
            return command + " rejected " + what + " (exit code " + exitCode + ")";
        }
        List<String> lines = said.lines().toList();
        String shown = String.join("\n  ", lines.subList(0, Math.min(lines.size(), MAX_DIAGNOSTIC_LINES)));
        return command + " rejected " + what + ":\n  " + shown
                + (lines.size() > MAX_DIAGNOSTIC_LINES ? "\n  ..." : "");
    }
}
