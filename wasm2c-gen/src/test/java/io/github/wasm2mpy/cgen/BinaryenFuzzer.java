package io.github.wasm2mpy.cgen;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Random valid modules from binaryen's translate-to-fuzz ({@code wasm-opt RANDOM.bin -ttf}): the random bytes
 * come from {@code java.util.Random(seed)}, so a seed names one module on every machine with the same binaryen
 * (Debian bookworm's is version 108; {@code tools/testbed/setup} installs it).
 *
 * <p>Features are those the emitter translates: MVP, sign extension, mutable globals, saturating conversions,
 * bulk memory and multi-value. Not enabled: SIMD (no v128 in C), threads, exception handling, tail calls, GC,
 * memory64, extended-const, and reference types, because binaryen 108's translate-to-fuzz then writes
 * {@code anyref} globals initialised with {@code ref.func}, which are not valid without GC (wabt and our
 * validator reject 3 modules in 4).
 */
final class BinaryenFuzzer {
    static final List<String> FEATURES = List.of("--mvp-features", "--enable-sign-ext", "--enable-mutable-globals",
            "--enable-nontrapping-float-to-int", "--enable-bulk-memory", "--enable-multivalue");

    /**
     * How one module is made. {@code inputBytes} random bytes drive the generator (more bytes, more and longer
     * functions); {@code fuzzPasses} also runs a random list of binaryen's optimisation passes on it (optimised code
     * looks more like a compiler's output); {@code denan} instruments every float result so that NaNs become 0.
     */
    record Recipe(long seed, int inputBytes, boolean fuzzPasses, boolean denan) {
        /** The recipe a seed picks: 1 to 12 KiB of input, half the modules through random passes. */
        static Recipe of(long seed, boolean denan) {
            Random r = new Random(seed);
            return new Recipe(seed, 1024 + r.nextInt(11 * 1024), r.nextBoolean(), denan);
        }

        String name() {
            return String.format("%016x", seed);
        }
    }

    private BinaryenFuzzer() {
    }

    /** Writes {@code dir/input.bin} and {@code dir/m.wasm} for {@code recipe}; returns the module's bytes. */
    static byte[] generate(Recipe recipe, Path dir) throws Exception {
        Files.createDirectories(dir);
        byte[] input = new byte[recipe.inputBytes()];
        // A Random of its own, after the one Recipe.of used: the bytes depend on nothing but the seed.
        new Random(recipe.seed() ^ 0x5DEECE66DL).nextBytes(input);
        Path bin = dir.resolve("input.bin");
        Path wasm = dir.resolve("m.wasm");
        Files.write(bin, input);
        List<String> cmd = new ArrayList<>(List.of("wasm-opt", bin.toString(), "-ttf"));
        cmd.addAll(FEATURES);
        if (recipe.fuzzPasses()) cmd.add("--fuzz-passes");
        if (recipe.denan()) cmd.add("--denan");
        cmd.addAll(List.of("-o", wasm.toString()));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("wasm-opt not found: install binaryen (tools/testbed/setup does)", e);
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("wasm-opt failed for seed " + recipe.name() + ": " + String.join(" ", cmd)
                    + "\n" + log);
        }
        return Files.readAllBytes(wasm);
    }
}
