package io.github.wasm2mpy.cgen;

/** A module the emitter cannot translate with the given options; the message names the file and the place. */
public class CodegenException extends RuntimeException {
    public CodegenException(String message) {
        super(message);
    }

    public CodegenException(String message, Throwable cause) {
        super(message, cause);
    }
}
