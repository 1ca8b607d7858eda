/** The Maven plugin that builds .mpy files during package. */
package io.github.wasm2mpy.maven;
