package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.bindings.BindingException;
import io.github.wasm2mpy.bindings.BindingOptions;
import io.github.wasm2mpy.bindings.Bindings;
import io.github.wasm2mpy.bindings.CModuleInfo;
import io.github.wasm2mpy.bindings.GeneratedGlue;
import io.github.wasm2mpy.bindings.ModuleInterface;
import io.github.wasm2mpy.cgen.CEmitter;
import io.github.wasm2mpy.cgen.CNames;
import io.github.wasm2mpy.cgen.CSources;
import io.github.wasm2mpy.cgen.CodegenException;
import io.github.wasm2mpy.cgen.CodegenOptions;
import io.github.wasm2mpy.model.Export;
import io.github.wasm2mpy.model.ExternalKind;
import io.github.wasm2mpy.model.Import;
import io.github.wasm2mpy.model.Module;
import io.github.wasm2mpy.runtime.CRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Generates the C of a module (the emitter's output and the runtime files it uses) and its Python glue, and
 * tells the glue generator how the emitter spelled the module (instance type, export functions, import slots).
 */
final class SourceGenerator {
    private SourceGenerator() {
    }

    static GeneratedSources generate(LoadedModule loaded, CodegenOptions options) {
        String prefix = loaded.name();
        CSources c;
        GeneratedGlue glue;
        try {
            c = CEmitter.emit(loaded.input().getFileName().toString(), loaded.bytes(),
                    options.toBuilder().prefix(prefix).build());
            glue = Bindings.generate(moduleInterface(loaded), cModuleInfo(loaded.module(), prefix, c),
                    BindingOptions.of(loaded.name()));
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

    /** The module as the glue generator sees it: imports in order, exports by kind. */
    static ModuleInterface moduleInterface(LoadedModule loaded) {
        Module module = loaded.module();
        List<ModuleInterface.FunctionImport> functionImports = new ArrayList<>();
        List<ModuleInterface.OtherImport> otherImports = new ArrayList<>();
        for (Import anImport : module.imports()) {
            if (anImport.descriptor() instanceof Import.FunctionImport function) {
                functionImports.add(new ModuleInterface.FunctionImport(anImport.module(), anImport.name(),
                        module.types().get(function.typeIndex())));
            } else {
                otherImports.add(new ModuleInterface.OtherImport(anImport.module(), anImport.name(), anImport.kind()));
            }
        }
        List<ModuleInterface.FunctionExport> functionExports = new ArrayList<>();
        List<String> memoryExports = new ArrayList<>();
        List<ModuleInterface.GlobalExport> globalExports = new ArrayList<>();
        for (Export export : module.exports()) {
            if (export.kind() == ExternalKind.FUNCTION) {
                functionExports.add(new ModuleInterface.FunctionExport(export.name(),
                        module.functionType(export.index())));
            } else if (export.kind() == ExternalKind.MEMORY) {
                memoryExports.add(export.name());
            } else if (export.kind() == ExternalKind.GLOBAL) {
                globalExports.add(new ModuleInterface.GlobalExport(export.name(),
                        module.allGlobals().get(export.index())));
            }
        }
        return new ModuleInterface(loaded.input().getFileName().toString(), functionImports, functionExports,
                memoryExports, globalExports, otherImports);
    }

    /** How the emitter names things, per docs/c-abi.md: {@code <prefix>_x_<mangled export>} and instance fields. */
    static CModuleInfo cModuleInfo(Module module, String prefix, CSources c) {
        Map<String, String> exportFunctions = new LinkedHashMap<>();
        for (Export export : module.exports()) {
            if (export.kind() == ExternalKind.FUNCTION) {
                exportFunctions.put(export.name(), prefix + "_x_" + CNames.mangle(export.name()));
            }
        }
        List<String> importSlots = new ArrayList<>();
        int functionImports = module.imports(ExternalKind.FUNCTION).size();
        for (int i = 0; i < functionImports; i++) {
            importSlots.add("{inst}->w2m_imports[" + i + "]");
        }
        Optional<String> memory = module.allMemories().isEmpty() ? Optional.empty() : Optional.of("{inst}->mem0");
        return new CModuleInfo(c.headerName(), prefix + "_instance", prefix + "_instantiate", exportFunctions,
                importSlots, false, memory, Optional.of("{inst}->w2m_depth"));
    }
}
