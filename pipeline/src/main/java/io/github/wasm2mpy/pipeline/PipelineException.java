package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/** Any failure of the pipeline that a user can act on; the message says which input and which step. */
public class PipelineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineException(String message) {
        super(message);
    }

    public PipelineException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The one message for an output that cannot be written: the input, what was meant (a file, or "C sources to
     * DIR"), and the system's reason without the paths Java repeats in its messages (the temporary's among them).
     */
    static PipelineException cannotWrite(Path input, String what, IOException e) {
        return new PipelineException(input + ": cannot write " + what + ": " + AtomicFiles.reason(e), e);
    }
}
