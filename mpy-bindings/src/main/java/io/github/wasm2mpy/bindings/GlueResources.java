package io.github.wasm2mpy.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The hand-written C files of the bindings, packaged as resources of this jar. */
public final class GlueResources {
    /** MicroPython's native-module ABI, in our own declarations. */
    public static final String ABI_HEADER = "mpy_natmod.h";
    /** Runtime hooks, conversions and built-in imports, included once by each generated glue file. */
    public static final String HOST_HEADER = "w2m_mpy_host.h";
    /** All of them, in a stable order. */
    public static final List<String> FILES = List.of(ABI_HEADER, HOST_HEADER);

    private GlueResources() {}

    /** The text of one resource file. */
    public static String read(String name) {
        try (InputStream in = GlueResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no bindings resource named " + name + "; known: " + FILES);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bindings resource " + name, e);
        }
    }
}
