package io.github.wasm2mpy.model;

/** The input is not a well-formed WebAssembly binary (the spec testsuite's {@code assert_malformed}). */
public final class MalformedModuleException extends WasmModelException {
    private static final long serialVersionUID = 1L;

    /** A decoding error at {@code offset}; see {@link WasmModelException} for the other fields. */
    public MalformedModuleException(String source, long offset, SectionId section, int functionIndex,
            long instructionOffset, String detail) {
        super(source, offset, section, functionIndex, instructionOffset, detail);
    }

    @Override
    public MalformedModuleException withSource(String sourceName) {
        return getSource() != null ? this : new MalformedModuleException(sourceName, getOffset(), getSection(),
                getFunctionIndex(), getInstructionOffset(), getDetail());
    }
}
