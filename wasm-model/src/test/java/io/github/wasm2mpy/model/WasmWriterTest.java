package io.github.wasm2mpy.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.text.WastScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Round trip: read → write → read gives an equal model for every well-formed module of the testsuite and the
 * nine apps, and the written bytes equal the input whenever the input is canonically encoded.
 */
class WasmWriterTest {

    @TestFactory
    Stream<DynamicTest> roundTripsSuiteModules() {
        List<DynamicTest> tests = new ArrayList<>();
        for (WastScript script : TestFiles.scripts().values()) {
            for (WastScript.Command c : script.commands()) {
                byte[] bytes = null;
                if (c instanceof WastScript.ModuleCommand m) {
                    bytes = m.bytes();
                } else if (c instanceof WastScript.AssertModule a && a.moduleType() == WastScript.ModuleType.BINARY
                        && a.assertion() != WastScript.Assertion.MALFORMED) {
                    bytes = a.bytes();
                }
                if (bytes != null) {
                    byte[] input = bytes;
                    tests.add(DynamicTest.dynamicTest(script.fileName() + ":" + c.line() + " " + c.type(),
                            () -> roundTrip(input)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> roundTripsApps() {
        return TestFiles.apps().stream().map(app -> DynamicTest.dynamicTest(app.getFileName().toString(),
                () -> roundTrip(Files.readAllBytes(app))));
    }

    static void roundTrip(byte[] input) {
        Module read = WasmReader.read(input);
        byte[] written = WasmWriter.write(read);
        Module reread = WasmReader.read(written);
        assertThat(reread).isEqualTo(read);
        assertThat(WasmWriter.write(reread)).as("writing is deterministic").isEqualTo(written);
        if (CanonicalCheck.isCanonical(input)) {
            assertThat(written).as("canonical input is written back byte for byte").isEqualTo(input);
        }
    }
}
