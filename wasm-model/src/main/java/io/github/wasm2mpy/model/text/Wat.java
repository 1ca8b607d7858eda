package io.github.wasm2mpy.model.text;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.file.Files;
import java.nio.file.Path;

/** Converts the WebAssembly text format to a binary module with wabt's {@code wat2wasm}. */
public final class Wat {
    private Wat() {
    }

    /** The binary for the {@code .wat} file at {@code path}. */
    public static byte[] toWasm(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new TextFormatException(path.toString(), "no such file", null);
        }
        try {
            return Wat2Wasm.parse(path.toFile());
        } catch (RuntimeException e) {
            throw new TextFormatException(path.toString(), "wat2wasm rejected the module", e);
        }
    }

    /** The binary for a module in text form. */
    public static byte[] toWasm(String text) {
        try {
            return Wat2Wasm.parse(text);
        } catch (RuntimeException e) {
            String head = text.length() > 60 ? text.substring(0, 60) + "..." : text;
            throw new TextFormatException("<text \"" + head.replace('\n', ' ') + "\">",
                    "wat2wasm rejected the module", e);
        }
    }
}
