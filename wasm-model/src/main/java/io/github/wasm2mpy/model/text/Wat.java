package io.github.wasm2mpy.model.text;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Converts the WebAssembly text format to a binary module with wabt's {@code wat2wasm} ({@link WabtTool}), so
 * that a bad module is reported with wat2wasm's own line:column diagnostics.
 */
public final class Wat {
    private Wat() {
    }

    /** The binary for the {@code .wat} file at {@code path}. */
    public static byte[] toWasm(Path path) {
        return wat2wasm(WabtTool.read(path), path.toString());
    }

    /** The binary for a module in text form. */
    public static byte[] toWasm(String text) {
        String head = text.length() > 60 ? text.substring(0, 60) + "..." : text;
        return wat2wasm(text.getBytes(StandardCharsets.UTF_8), "<text \"" + head.replace('\n', ' ') + "\">");
    }

    private static byte[] wat2wasm(byte[] text, String input) {
        WabtTool.Output out = WabtTool.WAT2WASM.run(text, input, "input.wat", List.of("--output=-"), "the module");
        if (out.stdout().length == 0) {
            throw new TextFormatException(input, out.diagnostics(), null);
        }
        return out.stdout();
    }
}
