package io.github.wasm2mpy.webassembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.wasm2mpy.bindings.BindingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PythonAttributesTest {
    @Test
    void namesAreSpelledAsDocumented() {
        assertThat(PythonAttributes.assign("m.wasm", List.of("add", "draw-line", "2d", "class", "_start", "__heap_base")))
                .containsExactly(java.util.Map.entry("add", "add"), java.util.Map.entry("draw-line", "draw_line"),
                        java.util.Map.entry("2d", "_2d"), java.util.Map.entry("class", "class_"),
                        java.util.Map.entry("_start", "_start"), java.util.Map.entry("__heap_base", "__heap_base"));
    }

    @Test
    void twoExportsOnOneNameFailNamingBoth() {
        assertThatThrownBy(() -> PythonAttributes.assign("m.wasm", List.of("draw-line", "draw_line")))
                .isInstanceOf(BindingException.class)
                .hasMessage("m.wasm: export \"draw_line\" would be the Python attribute 'draw_line', which export "
                        + "\"draw-line\" already has; rename one of the exports");
    }

    @Test
    void namesTheModuleDefinesItselfAreRefused() {
        assertThatThrownBy(() -> PythonAttributes.assign("m.wasm", List.of("bind")))
                .hasMessageContaining("'bind', which the bindings define themselves");
        // the runtime's own globals too, which the native module does not have
        assertThatThrownBy(() -> PythonAttributes.assign("m.wasm", List.of("_call")))
                .hasMessageContaining("'_call', which the bindings define themselves");
    }

    @Test
    void everyGlobalOfTheRuntimeIsRefused() {
        // Each top-level name runtime.py defines (def, class, assignment, import ... as) would be shadowed by an
        // export of the same name.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "(?m)^(?:def |class )?([A-Za-z_]\\w*)(?:\\(|:| =|, )|^\\s*(?:import \\w+ as|from \\w+ import \\w+ as) (\\w+)$")
                .matcher(WebAssemblyModuleWriter.runtime().replaceAll("(?s)_JS = \"\"\".*?\"\"\"", "_JS = 0"));
        java.util.Set<String> names = new java.util.TreeSet<>();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            if (PythonAttributes.toIdentifier(name).equals(name)) { // not try:, except ...:
                names.add(name);
            }
        }
        assertThat(names).contains("_call", "_host", "Memory", "Trap", "_EBADF", "_time", "_Pin", "bind");
        for (String name : names) {
            assertThatThrownBy(() -> PythonAttributes.assign("m.wasm", List.of(name))).as(name)
                    .hasMessageContaining("which the bindings define themselves");
        }
    }
}
