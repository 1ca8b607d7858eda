package io.github.wasm2mpy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The acceptance test of the testbed: MicroPython's own natmod examples {@code features0..4}, built with the
 * testbed's toolchains and the reference linker, import and run on every arch through {@code mpy-run}.
 */
class NatmodExamplesTest {

    /** Per example: the program that exercises it, and what it must print on every arch. */
    private record Example(String name, String program, String expected) {}

    private static final List<Example> EXAMPLES = List.of(
            new Example("features0",
                    "import features0\nprint(features0.factorial(10))",
                    "3628800\n"),
            new Example("features1",
                    "import features1 as m\n"
                            + "print(m.add(1, 2), m.fibonacci(5), m.fibonacci(20), m.VAL, m.MSG)\n"
                            + "m.access(1, 42)\n"
                            + "print(m.access(), m.access(1))\n"
                            + "print(m.make_array())",
                    "initialising module self=ADDRESS\n"
                            + "3 5 6765 42 HELLO_MICROPYTHON\n"
                            + "[0, 42, 0, 0] 42\n"
                            + "bytearray(b'\\x00\\x10\\x00 ')\n"),
            // test.py inside the module prints one flag per check; add_d exists only where floats are double.
            new Example("features2",
                    "import features2\nprint(features2.add_f(1.5, 2.25))",
                    null),
            new Example("features3",
                    "import features3 as m\n"
                            + "print(m.get_types() == (type, type(None), bool, int, str, bytes, tuple, list, dict))\n"
                            + "print(m.get_const_objects() == (None, False, True, b'', ()))\n"
                            + "print(sorted(m.make_dict(1, 'one', 2, 'two').items()))",
                    "True\nTrue\n[(1, 'one'), (2, 'two')]\n"),
            new Example("features4",
                    "import features4 as m\n"
                            + "print(m.Factorial(6).calculate())\n"
                            + "print(issubclass(m.FactorialError, Exception))\n"
                            + "try:\n    raise m.FactorialError('boom')\n"
                            + "except m.FactorialError as e:\n    print(type(e).__name__, e)",
                    "720\nTrue\nFactorialError boom\n"));

    @TestFactory
    Stream<DynamicTest> featuresExamplesRunOnEveryArch() throws Exception {
        Testbed testbed = Testbed.get();
        Path examples = testbed.micropythonSource().resolve("examples/natmod");
        Path out = Path.of("target/natmods").toAbsolutePath();

        // Build everything first, two at a time (the machine has two cores), then run.
        Map<String, Future<Path>> builds = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (TargetArch arch : TargetArch.values()) {
                for (Example example : EXAMPLES) {
                    builds.put(example.name() + "@" + arch.id(), pool.submit(() -> testbed.buildNatmod(
                            examples.resolve(example.name()), arch.id(), out.resolve(arch.id()), Map.of())));
                }
            }
        } finally {
            pool.shutdown();
        }

        List<DynamicTest> tests = new ArrayList<>();
        for (TargetArch arch : TargetArch.values()) {
            for (Example example : EXAMPLES) {
                Future<Path> build = builds.get(example.name() + "@" + arch.id());
                String name = example.name() + " on " + arch.id();
                tests.add(DynamicTest.dynamicTest(name, () -> {
                    Path mpy = build.get();
                    assertThat(mpy).as(name).hasFileName(example.name() + ".mpy").isRegularFile();
                    RunResult result = testbed.mpyRun(arch).modules(mpy.getParent()).code(example.program());
                    assertThat(result.status()).as(name + ": " + result.output()).isEqualTo(Status.OK);
                    // features1 prints its load address while initialising; only its presence is checked.
                    String output = result.output().replaceFirst("self=[0-9a-f]+\n", "self=ADDRESS\n");
                    assertThat(output).as(name).isEqualTo(expected(example, arch));
                }));
            }
        }
        return tests.stream();
    }

    private static String expected(Example example, TargetArch arch) {
        if (example.expected() != null) {
            return example.expected();
        }
        // features2: its test.py runs on import; x64/x86 natmods use double precision and add a fourth check.
        String checks = arch.emulated() ? "[True, True, True]" : "[True, True, True, True]";
        return checks + "\n3.75\n";
    }
}
