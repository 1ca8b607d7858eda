/** Runs MicroPython on the testbed (unix port and QEMU boards) for tests. */
package io.github.wasm2mpy.testbed;
