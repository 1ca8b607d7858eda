package io.github.wasm2mpy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.cgen.CodegenOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SourceGeneratorTest {
    static final Path APPS = Path.of(System.getProperty("wasm2mpy.repo", "../"), "testdata/apps");

    private static String stub(String app, CodegenOptions options) {
        return SourceGenerator.generate(LoadedModule.load(APPS.resolve(app)), options).stub();
    }

    @Test
    void aLazyMemoryIsAMemoryObjectInTheStub() {
        // rust's memory grows, so it is committed lazily in chunks (python-api.md: a `memory` object)
        String stub = stub("rust.wasm", CodegenOptions.defaults());
        assertThat(stub).contains("class _Memory:", "def __len__(self) -> int: ...", "_memory: _Memory\n",
                "\nmemory: _Memory\n").doesNotContain("bytearray\n");
    }

    @Test
    void aMemoryAllocatedWholeStaysABytearray() {
        assertThat(stub("rust.wasm", CodegenOptions.builder().heapChunkSize(0).build()))
                .contains("_memory: bytearray\n").doesNotContain("class _Memory");
        assertThat(stub("simple.wasm", CodegenOptions.defaults())).doesNotContain("class _Memory");
    }
}
