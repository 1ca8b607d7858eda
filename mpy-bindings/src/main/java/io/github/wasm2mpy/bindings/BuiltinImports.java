package io.github.wasm2mpy.bindings;

import static io.github.wasm2mpy.model.ValType.I32;
import static io.github.wasm2mpy.model.ValType.I64;

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

    private static final String WASI = "wasi_snapshot_preview1.";

    private static final Map<String, Builtin> ALL = Map.ofEntries(
            wiring("print", List.of(I32, I32), List.of(), "w2m_wiring_print({mem}, {a0}, {a1})"),
            wiring("delay", List.of(I32), List.of(), "w2m_wiring_delay({env}, {a0})"),
            wiring("millis", List.of(), List.of(I32), "w2m_wiring_millis({env})"),
            wiring("pinMode", List.of(I32, I32), List.of(), "w2m_wiring_pin_mode({env}, {a0}, {a1})"),
            wiring("digitalWrite", List.of(I32, I32), List.of(), "w2m_wiring_digital_write({env}, {a0}, {a1})"),
            wiring("stopWdt", List.of(), List.of(), "w2m_wiring_stop_wdt({env})"),
            wasi("fd_write", List.of(I32, I32, I32, I32), "w2m_wasi_fd_write({mem}, {a0}, {a1}, {a2}, {a3})"),
            wasi("fd_close", List.of(I32), "w2m_wasi_fd_close({a0})"),
            wasi("fd_seek", List.of(I32, I64, I32, I32), "w2m_wasi_fd_seek({a0}, {a1}, {a2}, {a3})"),
            wasi("fd_fdstat_get", List.of(I32, I32), "w2m_wasi_fd_fdstat_get({mem}, {a0}, {a1})"),
            Map.entry(WASI + "proc_exit", of(WASI + "proc_exit", List.of(I32), List.of(), "w2m_wasi_proc_exit({a0})")),
            wasi("args_sizes_get", List.of(I32, I32), "w2m_wasi_sizes_get({mem}, {a0}, {a1})"),
            wasi("args_get", List.of(I32, I32), "w2m_wasi_list_get({a0}, {a1})"),
            wasi("environ_sizes_get", List.of(I32, I32), "w2m_wasi_sizes_get({mem}, {a0}, {a1})"),
            wasi("environ_get", List.of(I32, I32), "w2m_wasi_list_get({a0}, {a1})"),
            wasi("clock_time_get", List.of(I32, I64, I32), "w2m_wasi_clock_time_get({env}, {mem}, {a0}, {a1}, {a2})"),
            wasi("random_get", List.of(I32, I32), "w2m_wasi_random_get({env}, {mem}, {a0}, {a1})"));

    private BuiltinImports() {}

    private static Map.Entry<String, Builtin> wiring(String field, List<ValType> params, List<ValType> results,
            String call) {
        return Map.entry("wiring." + field, of("wiring." + field, params, results, call));
    }

    /** A WASI function returning an errno (i32). */
    private static Map.Entry<String, Builtin> wasi(String field, List<ValType> params, String call) {
        return Map.entry(WASI + field, of(WASI + field, params, List.of(I32), call));
    }

    private static Builtin of(String name, List<ValType> params, List<ValType> results, String call) {
        return new Builtin(name, new FuncType(params, results), call);
    }

    /** The built-in of that name, if there is one. */
    static Optional<Builtin> find(String qualifiedName) {
        return Optional.ofNullable(ALL.get(qualifiedName));
    }
}
