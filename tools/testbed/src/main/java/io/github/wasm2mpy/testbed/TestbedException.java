package io.github.wasm2mpy.testbed;

/** The testbed is not provisioned, or one of its tools failed; the message says what and how to fix it. */
public class TestbedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestbedException(String message) {
        super(message);
    }

    public TestbedException(String message, Throwable cause) {
        super(message, cause);
    }
}
