/** The C runtime shipped as resources beside generated C. */
package io.github.wasm2mpy.runtime;
