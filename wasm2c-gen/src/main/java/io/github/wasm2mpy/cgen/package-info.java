/** The C emitter: turns a validated module into C for microcontrollers. */
package io.github.wasm2mpy.cgen;
