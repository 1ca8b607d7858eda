/**
 * Text input through wabt (compiled to WebAssembly and run on the JVM by Chicory): {@link
 * io.github.wasm2mpy.model.text.Wat} turns the text format into a binary, {@link
 * io.github.wasm2mpy.model.text.WastScript} turns a spec-test script into commands. The model itself has no
 * text parser.
 */
package io.github.wasm2mpy.model.text;
