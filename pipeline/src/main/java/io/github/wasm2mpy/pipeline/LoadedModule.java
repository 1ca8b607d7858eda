package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.model.WasmModelException;
import io.github.wasm2mpy.model.validation.ValidatedModule;
import io.github.wasm2mpy.model.validation.Validator;
import io.github.wasm2mpy.model.text.TextFormatException;
import io.github.wasm2mpy.model.text.Wat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An input read from disk: its binary form (a {@code .wat} is converted first), the parsed model, and the Python
 * module name it will be imported as.
 *
 * @param input the file as given
 * @param name the Python module name: the file name without extension, made a valid identifier
 * @param bytes the binary module
 * @param validated the parsed model, validated once here so later stages need not validate again
 */
public record LoadedModule(Path input, String name, byte[] bytes, ValidatedModule validated) {

    /**
     * Reads and validates a {@code .wasm} or {@code .wat} file; any problem (unreadable, malformed, invalid) is a
     * {@link PipelineException} naming the file and, for a bad module, the offset.
     */
    public static LoadedModule load(Path input) {
        return load(input, pythonName(input));
    }

    public static LoadedModule load(Path input, String name) {
        if (!Files.isRegularFile(input)) {
            throw new PipelineException(input + ": no such file");
        }
        byte[] bytes;
        try {
            bytes = isText(input) ? Wat.toWasm(input) : Files.readAllBytes(input);
        } catch (TextFormatException e) {
            throw new PipelineException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PipelineException(input + ": cannot read: " + AtomicFiles.reason(e), e);
        }
        try {
            return new LoadedModule(input, name, bytes, Validator.read(bytes));
        } catch (WasmModelException e) {
            throw new PipelineException(e.withSource(input.toString()).getMessage(), e);
        }
    }

    /** The parsed model. */
    public Module module() {
        return validated.module();
    }

    private static boolean isText(Path input) {
        return input.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wat");
    }

    /** {@code my-app.wasm} is imported as {@code my_app}. */
    public static String pythonName(Path input) {
        String file = input.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String stem = dot > 0 ? file.substring(0, dot) : file;
        String name = stem.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }
}
