package io.github.wasm2mpy.pipeline;

import io.github.wasm2mpy.bindings.BindingException;
import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.webassembly.WebAssemblyModuleWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The {@value #ARCH} target: MicroPython's webassembly port (Node, browsers, PyScript), where no native code
 * loads but the host has a WebAssembly engine. Instead of C, gcc and the linker it writes
 * {@code <output>/webassembly/NAME.py}, which runs the module in that engine behind the same Python API.
 */
final class WebAssemblyBuild {
    /** The arch name that selects this target. */
    static final String ARCH = "webassembly";

    private WebAssemblyBuild() {
    }

    static ArchOutput build(LoadedModule loaded, Path outputDirectory, java.util.function.Consumer<String> log)
            throws IOException {
        Path py = outputDirectory.resolve(ARCH).resolve(loaded.name() + ".py");
        byte[] text;
        try {
            text = WebAssemblyModuleWriter.write(loaded.input().getFileName().toString(), loaded.module(),
                    loaded.bytes(), loaded.name()).getBytes(StandardCharsets.UTF_8);
        } catch (BindingException e) {
            throw new PipelineException(e.getMessage(), e);
        }
        boolean upToDate = Files.isRegularFile(py) && Arrays.equals(Files.readAllBytes(py), text);
        if (upToDate) {
            log.accept(ARCH + ": " + py + " is up to date");
        } else {
            try {
                AtomicFiles.write(py, text);
            } catch (IOException e) {
                throw PipelineException.cannotWrite(loaded.input(), py.toString(), e);
            }
            log.accept(ARCH + ": wrote " + py + " (" + text.length + " bytes)");
        }
        return new ArchOutput(ARCH, py, text.length, Map.of("wasm", (long) loaded.bytes().length), upToDate,
                "none (js WebAssembly API)", Map.of());
    }
}
