package io.github.wasm2mpy.model;

/** Whether a binary is in the canonical encoding that {@link WasmWriter} produces. */
final class CanonicalCheck {
    private CanonicalCheck() {
    }

    static boolean isCanonical(byte[] bytes) {
        WasmReader reader = new WasmReader(bytes);
        reader.accept(new ModuleBuilder());
        return reader.isCanonical();
    }
}
