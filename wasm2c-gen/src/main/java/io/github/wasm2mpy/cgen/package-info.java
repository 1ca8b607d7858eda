/**
 * The C emitter: turns a validated module into C for microcontrollers.
 *
 * <p>{@link io.github.wasm2mpy.cgen.CEmitter#emit} is the entry, with {@link io.github.wasm2mpy.cgen.CodegenOptions};
 * the result is a {@link io.github.wasm2mpy.cgen.CSources}. Inside: {@code CEmitter} plans the module (reachable
 * functions, memory layout, call-depth counting) and writes its header, data, tables and instantiation;
 * {@code FunctionEmitter} writes one function body, with the bounds and alignment facts that leave checks out;
 * {@code MemoryAccessors} writes the memory-access macros and out-of-line accessors the bodies use, shaped by
 * {@code AccessorVariants}; {@code Ops} holds the numeric instructions' C, {@code DataImage} the packed data
 * segments, {@code Signatures} the runtime's type codes, {@code CNames} the C identifiers of wasm names.
 */
package io.github.wasm2mpy.cgen;
