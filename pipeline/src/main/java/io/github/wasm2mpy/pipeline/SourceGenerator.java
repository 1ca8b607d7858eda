package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.bindings.BindingException;
import io.github.wasm2mpy.bindings.BindingOptions;
import io.github.wasm2mpy.bindings.Bindings;
import io.github.wasm2mpy.bindings.GeneratedGlue;
import io.github.wasm2mpy.cgen.CEmitter;
import io.github.wasm2mpy.cgen.CSources;
import io.github.wasm2mpy.cgen.CodegenException;
import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.runtime.CRuntime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the C of a module (the emitter's output and the runtime files it uses) and its Python glue, with
 * the same C prefix for both so the glue calls what the emitter wrote.
 */
final class SourceGenerator {
    private SourceGenerator() {
    }

    /**
     * The options the C is generated with: the user's, named after the module, with what the glue guarantees. It
     * never grows a module's memory from outside, so a memory the module itself cannot grow can be a fixed-size
     * .bss array; and it keeps the C's live-instance variable on the instance wasm runs on (on entry to every export
     * and after every Python callable), so the memory accessors need no instance argument.
     */
    static CodegenOptions forGlue(LoadedModule loaded, CodegenOptions options) {
        return options.toBuilder().prefix(loaded.name()).hostGrowsMemory(false).singleInstance(true).build();
    }

    static GeneratedSources generate(LoadedModule loaded, CodegenOptions options) {
        String prefix = loaded.name();
        CSources c;
        GeneratedGlue glue;
        try {
            // The validated model, so the emitter does not validate the module a second time.
            c = CEmitter.emit(loaded.input().getFileName().toString(), loaded.validated(), forGlue(loaded, options));
            glue = Bindings.generate(loaded.input().getFileName().toString(), loaded.module(), prefix,
                    // the stub types the memory attributes after the C's choice
                    BindingOptions.of(loaded.name()).withLazyMemory(c.lazyMemory()));
        } catch (CodegenException | BindingException e) {
            throw new PipelineException(e.getMessage(), e);
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(c.headerName(), c.header());
        files.put(c.sourceName(), c.source());
        for (String runtimeFile : c.runtimeFiles()) {
            files.put(runtimeFile, CRuntime.read(runtimeFile));
        }
        String stubName = loaded.name() + ".pyi";
        glue.files().forEach((name, text) -> {
            if (!name.equals(stubName)) {
                files.put(name, text);
            }
        });
        files.put(TOOLCHAIN_SHIMS, toolchainShims());
        return new GeneratedSources(files, List.of(c.sourceName(), glue.glueSource(), TOOLCHAIN_SHIMS), glue.qstrs(),
                glue.pyi());
    }

    private static final String TOOLCHAIN_SHIMS = "w2m_toolchain_shims.c";

    private static String toolchainShims() {
        try (java.io.InputStream in = SourceGenerator.class.getResourceAsStream(TOOLCHAIN_SHIMS)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TOOLCHAIN_SHIMS);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
