package io.github.wasm2mpy.model;

/**
 * An import: a two-level name and what is imported.
 *
 * @param module the first name level (the providing module)
 * @param name the second name level
 * @param descriptor what is imported, with its type
 */
public record Import(String module, String name, ImportDescriptor descriptor) {
    public Import {
        if (module == null || name == null || descriptor == null) {
            throw new NullPointerException();
        }
    }

    /** The kind of the imported entity. */
    public ExternalKind kind() {
        return descriptor.kind();
    }

    /** What an import brings in; one record per kind. */
    public sealed interface ImportDescriptor {
        /** The kind of entity. */
        ExternalKind kind();
    }

    /** An imported function of type {@code typeIndex}. */
    public record FunctionImport(int typeIndex) implements ImportDescriptor {
        @Override
        public ExternalKind kind() {
            return ExternalKind.FUNCTION;
        }
    }

    /** An imported table. */
    public record TableImport(TableType type) implements ImportDescriptor {
        @Override
        public ExternalKind kind() {
            return ExternalKind.TABLE;
        }
    }

    /** An imported memory. */
    public record MemoryImport(MemoryType type) implements ImportDescriptor {
        @Override
        public ExternalKind kind() {
            return ExternalKind.MEMORY;
        }
    }

    /** An imported global. */
    public record GlobalImport(GlobalType type) implements ImportDescriptor {
        @Override
        public ExternalKind kind() {
            return ExternalKind.GLOBAL;
        }
    }
}
