/** The immutable WebAssembly model: reader, visitors, builder, writer and validator. */
package io.github.wasm2mpy.model;
