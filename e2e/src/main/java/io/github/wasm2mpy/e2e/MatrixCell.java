package io.github.wasm2mpy.e2e;

import java.util.Objects;

/**
 * One app on one arch: what happened and why.
 *
 * @param app the input's name (an app of {@code testdata/apps} or an example)
 * @param arch the MicroPython arch name
 * @param status the outcome
 * @param reason what was checked, or why it failed or could not be built
 * @param mpySize the size of the built {@code .mpy} in bytes, 0 when none was built
 */
public record MatrixCell(String app, String arch, Status status, String reason, long mpySize) {

    /** The outcomes a cell can have; {@link #label()} is what the doc prints. */
    public enum Status {
        RUNS("runs"),
        LINKS_ONLY("links only"),
        NOT_BUILDABLE("not buildable here"),
        FAILS("fails");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public MatrixCell {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(arch, "arch");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
