package io.github.wasm2mpy.model;

/**
 * An export.
 *
 * @param name the export name, unique in the module
 * @param kind what kind of entity is exported
 * @param index the index in that kind's index space (imports first)
 */
public record Export(String name, ExternalKind kind, int index) {
    public Export {
        if (name == null || kind == null) {
            throw new NullPointerException();
        }
    }
}
