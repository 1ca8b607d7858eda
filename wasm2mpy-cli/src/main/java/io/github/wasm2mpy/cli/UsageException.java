package io.github.wasm2mpy.cli;

/** The command line itself is wrong: unknown option, missing value, missing input. Exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
