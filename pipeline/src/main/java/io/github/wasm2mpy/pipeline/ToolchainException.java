package io.github.wasm2mpy.pipeline;

import java.util.List;

/**
 * A compiler is missing or failed. The message names the arch and what was looked for or run; for a failed
 * compile, {@link #diagnostics()} holds the compiler's own error lines.
 */
public final class ToolchainException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> diagnostics;

    public ToolchainException(String message, List<String> diagnostics) {
        super(message);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public ToolchainException(String message) {
        this(message, List.of());
    }

    /** The compiler's error and warning lines, if it ran. */
    public List<String> diagnostics() {
        return diagnostics;
    }

    @Override
    public String getMessage() {
        if (diagnostics.isEmpty()) {
            return super.getMessage();
        }
        return super.getMessage() + System.lineSeparator() + String.join(System.lineSeparator(), diagnostics);
    }
}
