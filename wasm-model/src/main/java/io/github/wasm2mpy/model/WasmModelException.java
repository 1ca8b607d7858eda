package io.github.wasm2mpy.model;

/**
 * The one exception family of this library: a module that cannot be decoded ({@link MalformedModuleException})
 * or that breaks a validation rule ({@link InvalidModuleException}). The location is in the message and
 * available through getters; fields that do not apply are -1 or {@code null}. A message reads like
 * {@code app.wasm: offset 0x1f3 (code section, function 12, instruction at 0x207): unknown opcode 0xfd 0x99}.
 */
public abstract sealed class WasmModelException extends RuntimeException
        permits MalformedModuleException, InvalidModuleException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long offset;
    private final SectionId section;
    private final int functionIndex;
    private final long instructionOffset;
    private final String detail;

    WasmModelException(String source, long offset, SectionId section, int functionIndex, long instructionOffset,
            String detail) {
        super(format(source, offset, section, functionIndex, instructionOffset, detail));
        this.source = source;
        this.offset = offset;
        this.section = section;
        this.functionIndex = functionIndex;
        this.instructionOffset = instructionOffset;
        this.detail = detail;
    }

    /** The file or other name of the input, or {@code null} when unknown. */
    public String getSource() {
        return source;
    }

    /** The byte offset in the binary where the problem was found, or -1. */
    public long getOffset() {
        return offset;
    }

    /** The section being read or validated, or {@code null}. */
    public SectionId getSection() {
        return section;
    }

    /** The function (index space including imports) whose body is at fault, or -1. */
    public int getFunctionIndex() {
        return functionIndex;
    }

    /** The byte offset of the instruction at fault, or -1 (e.g. when validating a model built in memory). */
    public long getInstructionOffset() {
        return instructionOffset;
    }

    /** What is wrong, without the location, e.g. {@code type mismatch: expected i32, found f64}. */
    public String getDetail() {
        return detail;
    }

    /** The same error naming {@code sourceName} as the input (unless one is already set). */
    public abstract WasmModelException withSource(String sourceName);

    private static String format(String source, long offset, SectionId section, int functionIndex,
            long instructionOffset, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source).append(": ");
        }
        StringBuilder where = new StringBuilder();
        if (section != null) {
            where.append(section.displayName()).append(" section");
        }
        if (functionIndex >= 0) {
            where.append(where.length() > 0 ? ", " : "").append("function ").append(functionIndex);
        }
        if (instructionOffset >= 0) {
            where.append(where.length() > 0 ? ", " : "").append("instruction at 0x")
                    .append(Long.toHexString(instructionOffset));
        }
        if (offset >= 0) {
            sb.append("offset 0x").append(Long.toHexString(offset));
            if (where.length() > 0) {
                sb.append(" (").append(where).append(')');
            }
            sb.append(": ");
        } else if (where.length() > 0) {
            sb.append(where).append(": ");
        }
        return sb.append(detail).toString();
    }
}
