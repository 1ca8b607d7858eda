package io.github.wasm2mpy.pipeline;

/** Any failure of the pipeline that a user can act on; the message says which input and which step. */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
