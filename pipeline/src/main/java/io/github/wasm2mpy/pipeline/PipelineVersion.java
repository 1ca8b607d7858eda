package io.github.wasm2mpy.pipeline;

/** The version of this library, part of every cache key so an upgrade rebuilds everything. */
final class PipelineVersion {
    private PipelineVersion() {
    }

    static String get() {
        String version = PipelineVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }
}
