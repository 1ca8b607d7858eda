/**
 * Python bindings of a wasm module: the MicroPython native-module glue that makes {@code import app;
 * app.add(3, 4)} work.
 *
 * <p>{@link io.github.wasm2mpy.bindings.Bindings#generate} takes what the module exports and imports
 * ({@link io.github.wasm2mpy.bindings.ModuleInterface}) and how the C emitter named things
 * ({@link io.github.wasm2mpy.bindings.CModuleInfo}), and returns a
 * {@link io.github.wasm2mpy.bindings.GeneratedGlue}: the glue C file, the qstr header in the format of
 * MicroPython's {@code mpy_ld.py --preprocess}, the ABI header {@code mpy_natmod.h} and host support
 * {@code w2m_mpy_host.h}, and a {@code .pyi} stub.
 */
package io.github.wasm2mpy.bindings;
