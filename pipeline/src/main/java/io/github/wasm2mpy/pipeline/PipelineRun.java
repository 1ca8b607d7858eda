package io.github.wasm2mpy.pipeline;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.linker.Arch;
import io.github.wasm2mpy.linker.LinkException;
import io.github.wasm2mpy.linker.LinkReport;
import io.github.wasm2mpy.linker.LinkResult;
import io.github.wasm2mpy.linker.MpyLinker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** One execution of a {@link Wasm2Mpy}: generates C once, then compiles and links each arch. */
final class PipelineRun {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<Map<String, List<String>>> UNIT_FLAGS = new TypeReference<>() {
    };

    private final Wasm2Mpy pipeline;

    PipelineRun(Wasm2Mpy pipeline) {
        this.pipeline = pipeline;
    }

    BuildResult execute() {
        LoadedModule loaded = LoadedModule.load(pipeline.input(), pipeline.moduleName());
        ModuleSummary summary = ModuleSummary.of(loaded.module());
        GeneratedSources sources = SourceGenerator.generate(loaded, pipeline.options());
        Path out = pipeline.outputDirectory();
        // Created up front, so an unusable output directory fails before minutes of compiling; removed again
        // when the run fails before writing into it, so a failed first build leaves nothing behind.
        boolean created = !Files.exists(out);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw PipelineException.cannotWrite(loaded.input(), "outputs to " + out, e);
        }
        try {
            return writeOutputs(loaded, summary, sources, out);
        } catch (RuntimeException e) {
            if (created) {
                removeIfEmpty(out);
            }
            throw e;
        }
    }

    private BuildResult writeOutputs(LoadedModule loaded, ModuleSummary summary, GeneratedSources sources, Path out) {
        Optional<Path> cDirectory = Optional.empty();
        if (pipeline.keepCSources()) {
            cDirectory = Optional.of(out.resolve("c"));
            try {
                sources.writeTo(cDirectory.get());
            } catch (IOException e) {
                throw PipelineException.cannotWrite(loaded.input(), "C sources to " + cDirectory.get(), e);
            }
        }
        List<ArchOutput> outputs = buildArchs(loaded, sources);
        Path stub = out.resolve(loaded.name() + ".pyi");
        writeString(loaded, stub, sources.stub());
        Path report = out.resolve(loaded.name() + ".build.json");
        BuildReport buildReport = new BuildReport(loaded.name(), loaded.input().toString(), sha256(loaded.bytes()),
                SourceGenerator.forGlue(loaded, pipeline.options()).toString(), pipeline.optimization().flag(), summary,
                outputs);
        writeJson(loaded, report, buildReport);
        return new BuildResult(loaded.name(), loaded.input(), summary, outputs, stub, report, cDirectory);
    }

    private static void write(LoadedModule loaded, Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw PipelineException.cannotWrite(loaded.input(), file.toString(), e);
        }
    }

    private static void writeString(LoadedModule loaded, Path file, String text) {
        try {
            AtomicFiles.writeString(file, text);
        } catch (IOException e) {
            throw PipelineException.cannotWrite(loaded.input(), file.toString(), e);
        }
    }

    private static void writeJson(LoadedModule loaded, Path file, Object value) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
        write(loaded, file, json);
    }

    private static void removeIfEmpty(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException notEmpty) {
            // something was written (the work directory, another arch's output): it stays for the next run
        }
    }

    /** The JSON build report: the module's interface and, per arch, what was written. */
    record BuildReport(String module, String input, String inputSha256, String options, String optimization,
                       ModuleSummary summary, List<ArchOutput> archs) {
    }

    private List<ArchOutput> buildArchs(LoadedModule loaded, GeneratedSources sources) {
        int threads = Math.min(pipeline.parallelism(), pipeline.archs().size());
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ArchOutput>> futures = new ArrayList<>();
            for (String arch : pipeline.archs()) {
                futures.add(executor.submit(() -> buildArch(loaded, sources, arch)));
            }
            List<ArchOutput> outputs = new ArrayList<>();
            for (Future<ArchOutput> future : futures) {
                outputs.add(future.get());
            }
            return outputs;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            // An I/O failure other than a write (those say which file): Java's message names the path.
            throw new PipelineException(loaded.input() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PipelineException(loaded.input() + ": interrupted", e);
        } finally {
            executor.shutdownNow();
        }
    }

    private ArchOutput buildArch(LoadedModule loaded, GeneratedSources sources, String arch) throws IOException {
        if (arch.equals(WebAssemblyBuild.ARCH)) {
            return WebAssemblyBuild.build(loaded, pipeline.outputDirectory(), pipeline::log);
        }
        Toolchain toolchain = Toolchain.discover(arch, pipeline.toolchainSettings(arch));
        List<String> compileFlags = compileFlags(toolchain);
        Path mpy = pipeline.outputDirectory().resolve(arch).resolve(loaded.name() + ".mpy");
        Path work = pipeline.workDirectory().resolve(arch);
        Path keyFile = work.resolve(loaded.name() + ".key");
        Path linkReportFile = work.resolve(loaded.name() + ".link.json");
        Path flagsFile = work.resolve(loaded.name() + ".flags.json");
        String key = cacheKey(loaded, sources, toolchain, compileFlags);

        if (Files.isRegularFile(mpy) && Files.isRegularFile(keyFile) && Files.isRegularFile(linkReportFile)
                && Files.isRegularFile(flagsFile) && Files.readString(keyFile).equals(key)) {
            pipeline.log(arch + ": " + mpy + " is up to date");
            LinkReport report = JSON.readValue(linkReportFile.toFile(), LinkReport.class);
            Map<String, List<String>> flags = JSON.readValue(flagsFile.toFile(), UNIT_FLAGS);
            return output(arch, mpy, report, true, toolchain, flags);
        }

        Path sourceDirectory = work.resolve("src");
        List<Path> units;
        try {
            units = sources.writeTo(sourceDirectory);
        } catch (IOException e) {
            throw PipelineException.cannotWrite(loaded.input(), "C sources to " + sourceDirectory, e);
        }
        Linked linked = compileAndLink(loaded, sources, toolchain, work, units, compileFlags);
        LinkResult result = linked.result();
        write(loaded, mpy, result.mpy());
        writeJson(loaded, linkReportFile, result.report());
        writeJson(loaded, flagsFile, linked.unitFlags());
        writeString(loaded, keyFile, key);
        pipeline.log(arch + ": wrote " + mpy + " (" + result.mpy().length + " bytes)");
        return output(arch, mpy, result.report(), false, toolchain, linked.unitFlags());
    }

    /** A linked module and the flags each of its C files was compiled with. */
    private record Linked(LinkResult result, Map<String, List<String>> unitFlags) {
    }

    /**
     * Compiles the units and links them, once per size variant of the arch in a size build, and returns the
     * first {@code .mpy} or a variant's that is {@linkplain #worthItsCost enough smaller}.
     */
    private Linked compileAndLink(LoadedModule loaded, GeneratedSources sources, Toolchain toolchain, Path work,
                                  List<Path> units, List<String> compileFlags) throws IOException {
        String arch = toolchain.arch();
        List<Path> includes = List.of(work.resolve("src"));
        String mpyName = loaded.name() + ".mpy";
        List<List<String>> linkVariants = pipeline.optimization() == Wasm2Mpy.Optimization.SIZE
                ? toolchain.spec().sizeVariants() : List.of(List.of());
        Linked result = null;
        for (int v = 0; v < linkVariants.size(); v++) {
            List<String> variant = linkVariants.get(v);
            List<String> flags = new ArrayList<>(compileFlags);
            flags.addAll(variant);
            String with = variant.isEmpty() ? "" : " (with " + String.join(" ", variant) + ")";
            Path objectDirectory = work.resolve(v == 0 ? "obj" : "obj." + v);
            List<Path> objects = new ArrayList<>();
            Map<String, List<String>> unitFlags = new LinkedHashMap<>();
            for (Path unit : units) {
                Path object = objectDirectory.resolve(unit.getFileName().toString().replaceAll("\\.c$", ".o"));
                pipeline.log(arch + ": compiling " + unit.getFileName() + " with " + toolchain.version() + with);
                unitFlags.put(unit.getFileName().toString(),
                        compileVariants(toolchain, unit, object, includes, flags));
                objects.add(object);
            }
            pipeline.log(arch + ": linking " + mpyName + with);
            Linked linked = new Linked(link(loaded, arch, sources, toolchain, objects), unitFlags);
            if (result == null) {
                result = linked;
            } else if (worthItsCost(linked.result().mpy().length, result.result().mpy().length)) {
                logSmaller(arch, mpyName, variant, linked.result().mpy().length, result.result().mpy().length);
                result = linked;
            }
        }
        return result;
    }

    /**
     * Whether a variant of {@code size} bytes replaces a build of {@code kept} bytes: only when it is at least 2 %
     * smaller, since each variant trades speed for its bytes (CoreMark at -Os under QEMU runs 5 % more rv32imc
     * instructions per iteration without jump threading, and 31 % more with -msave-restore as well).
     */
    static boolean worthItsCost(long size, long kept) {
        return size < kept && size * 50 <= kept * 49;
    }

    private void logSmaller(String arch, String file, List<String> variant, long size, long kept) {
        pipeline.log(arch + ": " + file + " is smaller with " + String.join(" ", variant) + " (" + size
                + " bytes instead of " + kept + ")");
    }

    private LinkResult link(LoadedModule loaded, String arch, GeneratedSources sources, Toolchain toolchain,
                            List<Path> objects) {
        Arch linkerArch = Arch.byId(arch).orElseThrow(() -> new PipelineException(
                "the linker does not support arch " + arch));
        // Dead-section removal from mpy_init: the emitter's and the glue's unused tables and helpers (compiled with
        // -ffunction-sections -fdata-sections) never reach the board. The container as short as the format allows.
        MpyLinker.Builder linker = MpyLinker.builder().arch(linkerArch).sourceName(loaded.name() + ".mpy")
                .qstrs(sources.qstrs()).gcSections(true).compact(true);
        objects.forEach(linker::addObject);
        toolchain.supportLibraries().forEach(linker::addLibrary);
        try {
            return linker.link();
        } catch (LinkException e) {
            throw new PipelineException(loaded.input() + ": linking " + loaded.name() + ".mpy for " + arch + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Compiles {@code unit} once per variant of the optimisation level and leaves the first variant's object at
     * {@code object}, or a later one's whose allocated bytes are {@linkplain #worthItsCost enough fewer}; returns
     * the flags of the object it left.
     */
    private List<String> compileVariants(Toolchain toolchain, Path unit, Path object, List<Path> includes,
                                         List<String> flags) throws IOException {
        List<List<String>> variants = pipeline.optimization().variants();
        toolchain.compile(unit, object, includes, flags);
        List<String> keptFlags = flags;
        if (variants.size() == 1) {
            return keptFlags;
        }
        long kept = ObjectSize.allocatedBytes(object);
        for (int i = 1; i < variants.size(); i++) {
            Path candidate = object.resolveSibling(object.getFileName() + ".variant" + i);
            List<String> variantFlags = new ArrayList<>(flags);
            variantFlags.addAll(variants.get(i));
            toolchain.compile(unit, candidate, includes, variantFlags);
            long size = ObjectSize.allocatedBytes(candidate);
            if (worthItsCost(size, kept)) {
                logSmaller(toolchain.arch(), unit.getFileName().toString(), variants.get(i), size, kept);
                Files.move(candidate, object, StandardCopyOption.REPLACE_EXISTING);
                kept = size;
                keptFlags = variantFlags;
            } else {
                Files.delete(candidate);
            }
        }
        return keptFlags;
    }

    private List<String> compileFlags(Toolchain toolchain) {
        List<String> flags = new ArrayList<>();
        flags.add(pipeline.optimization().flag());
        flags.add("-DW2M_MPY_FLOAT_IMPL=" + (toolchain.spec().floatImpl() == CompilerSpec.FloatImpl.FLOAT ? 1 : 2));
        return flags;
    }

    private static ArchOutput output(String arch, Path mpy, LinkReport report, boolean upToDate, Toolchain toolchain,
                                     Map<String, List<String>> unitFlags) {
        Map<String, Long> sections = new LinkedHashMap<>();
        sections.put("text", (long) report.textSize());
        sections.put("rodata", (long) report.rodataSize());
        sections.put("bss", (long) report.bssSize());
        return new ArchOutput(arch, mpy, report.mpySize(), sections, upToDate, toolchain.version(), unitFlags);
    }

    private String cacheKey(LoadedModule loaded, GeneratedSources sources, Toolchain toolchain, List<String> flags) {
        String text = String.join("\n", "wasm2mpy " + PipelineVersion.get(), "module " + loaded.name(),
                "input " + sha256(loaded.bytes()), "sources " + sources.fingerprint(),
                "toolchain " + toolchain.version() + " " + toolchain.compiler(),
                "flags " + String.join(" ", toolchain.flags()) + " " + String.join(" ", flags),
                "variants " + pipeline.optimization().variants() + " " + toolchain.spec().sizeVariants(),
                "link gc-sections compact");
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
