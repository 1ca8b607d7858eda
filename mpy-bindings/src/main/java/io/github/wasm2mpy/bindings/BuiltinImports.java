package io.github.wasm2mpy.bindings;

import static io.github.wasm2mpy.model.ValType.I32;

import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.ValType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Imports the bindings implement in C ({@code w2m_mpy_host.h}). A Python callable bound to the same name
 * replaces the built-in.
 */
final class BuiltinImports {

    /**
     * One built-in: its wasm type and the C call, where {@code {env}} is the host environment, {@code {mem}}
     * the instance's memory and {@code {a0}}, {@code {a1}}... the arguments.
     */
    record Builtin(String qualifiedName, FuncType type, String call) {
        boolean needsMemory() {
            return call.contains("{mem}");
        }
    }

    private static final Map<String, Builtin> ALL = Map.of(
            "wiring.print", of("wiring.print", List.of(I32, I32), List.of(), "w2m_wiring_print({mem}, {a0}, {a1})"),
            "wiring.delay", of("wiring.delay", List.of(I32), List.of(), "w2m_wiring_delay({env}, {a0})"),
            "wiring.millis", of("wiring.millis", List.of(), List.of(I32), "w2m_wiring_millis({env})"),
            "wiring.pinMode", of("wiring.pinMode", List.of(I32, I32), List.of(), "w2m_wiring_pin_mode({env}, {a0}, {a1})"),
            "wiring.digitalWrite", of("wiring.digitalWrite", List.of(I32, I32), List.of(),
                    "w2m_wiring_digital_write({env}, {a0}, {a1})"),
            "wiring.stopWdt", of("wiring.stopWdt", List.of(), List.of(), "w2m_wiring_stop_wdt({env})"));

    private BuiltinImports() {}

    private static Builtin of(String name, List<ValType> params, List<ValType> results, String call) {
        return new Builtin(name, new FuncType(params, results), call);
    }

    /** The built-in of that name, if there is one. */
    static Optional<Builtin> find(String qualifiedName) {
        return Optional.ofNullable(ALL.get(qualifiedName));
    }
}
