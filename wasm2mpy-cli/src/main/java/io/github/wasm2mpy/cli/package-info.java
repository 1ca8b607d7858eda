/** The wasm2mpy command line and the pipeline it shares with the Maven plugin. */
package io.github.wasm2mpy.cli;
