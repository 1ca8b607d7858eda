package io.github.wasm2mpy.model;

/** The module decodes but breaks a validation rule (the spec testsuite's {@code assert_invalid}). */
public final class InvalidModuleException extends WasmModelException {
    private static final long serialVersionUID = 1L;

    /** A validation error; see {@link WasmModelException} for the fields. */
    public InvalidModuleException(String source, long offset, SectionId section, int functionIndex,
            long instructionOffset, String detail) {
        super(source, offset, section, functionIndex, instructionOffset, detail);
    }

    @Override
    public InvalidModuleException withSource(String sourceName) {
        return getSource() != null ? this : new InvalidModuleException(sourceName, getOffset(), getSection(),
                getFunctionIndex(), getInstructionOffset(), getDetail());
    }
}
