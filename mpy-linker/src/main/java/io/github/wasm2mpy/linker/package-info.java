/** The ELF and archive reader and relocator that writes native .mpy files. */
package io.github.wasm2mpy.linker;
