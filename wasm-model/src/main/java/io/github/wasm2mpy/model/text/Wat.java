package io.github.wasm2mpy.model.text;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2WasmModule;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Converts the WebAssembly text format to a binary module with wabt's {@code wat2wasm}, run as WebAssembly by
 * Chicory. It is run here rather than through Chicory's {@code Wat2Wasm.parse} because that one drops the tool's
 * diagnostics, and "the module is bad" without a line and column is no help to the author of a {@code .wat}.
 */
public final class Wat {
    /** Diagnostics past this many lines are cut: the first errors are the ones to fix. */
    private static final int MAX_DIAGNOSTIC_LINES = 8;
    /**
     * Where the text is staged for wat2wasm, in a file system of its own (not the working directory, which Jimfs
     * creates). wabt names the file in its diagnostics: that name is cut and ours put in front instead.
     */
    private static final String STAGED = "/wat/input.wat";
    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;]*m");

    private Wat() {
    }

    /** The binary for the {@code .wat} file at {@code path}. */
    public static byte[] toWasm(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new TextFormatException(path.toString(), "no such file", null);
        }
        byte[] text;
        try {
            text = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new TextFormatException(path.toString(), "cannot read it", e);
        }
        return wat2wasm(text, path.toString());
    }

    /** The binary for a module in text form. */
    public static byte[] toWasm(String text) {
        String head = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return wat2wasm(text.getBytes(StandardCharsets.UTF_8), "<text \"" + head.replace('\n', ' ') + "\">");
    }

    private static byte[] wat2wasm(byte[] text, String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder().setAttributeViews("unix").build())) {
            Path staged = fs.getPath(STAGED);
            Files.createDirectory(staged.getParent());
            Files.write(staged, text);
            WasiOptions options = WasiOptions.builder().withStdout(out).withStderr(err)
                    .withDirectory(staged.getParent().toString(), staged.getParent())
                    .withArguments(List.of("wat2wasm", STAGED, "--output=-")).build();
            try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
                Instance.builder(Wat2WasmModule.load()).withMachineFactory(Wat2WasmModule::create)
                        .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build()).build();
            } catch (WasiExitException e) {
                if (e.exitCode() != 0) {
                    throw new TextFormatException(input, diagnostics(err, e.exitCode()), null);
                }
            }
        } catch (IOException e) {
            throw new TextFormatException(input, "cannot stage the text for wat2wasm", e);
        }
        if (out.size() == 0) {
            throw new TextFormatException(input, diagnostics(err, 0), null);
        }
        return out.toByteArray();
    }

    /** wat2wasm's own words, each line starting at the line:column it names, or its exit code if it said nothing. */
    private static String diagnostics(ByteArrayOutputStream err, int exitCode) {
        // wabt colours its diagnostics; a log file or an IDE shows the escapes as noise.
        String said = ANSI_ESCAPE.matcher(err.toString(StandardCharsets.UTF_8)).replaceAll("")
                .replace(STAGED + ":", "").strip();
        if (said.isEmpty()) {
            return "wat2wasm rejected the module (exit code " + exitCode + ")";
        }
        List<String> lines = said.lines().toList();
        String shown = String.join("\n  ", lines.subList(0, Math.min(lines.size(), MAX_DIAGNOSTIC_LINES)));
        return "wat2wasm rejected the module:\n  " + shown + (lines.size() > MAX_DIAGNOSTIC_LINES ? "\n  ..." : "");
    }
}
