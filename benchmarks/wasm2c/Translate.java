import io.github.wasm2mpy.cgen.CEmitter;
import io.github.wasm2mpy.cgen.CodegenOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Translates one .wasm with wasm2c-gen; with a repeat count, reports the time of the last (warm) run. Memories
 * are contiguous (heapChunkSize 0) like wasm2c's, so both sides pay for the same memory model; the lazily
 * committed memory (the default) adds its chunk path to every access and is measured by the lazy-memory work.
 */
public class Translate {
    public static void main(String[] args) throws Exception {
        Path wasm = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String prefix = args[2];
        int repeat = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        // "fixed": the MicroPython glue's setting, where only the module itself may grow its memory and one
        // instance runs at a time.
        boolean fixed = args.length > 4 && args[4].equals("fixed");
        byte[] bytes = Files.readAllBytes(wasm);
        long ns = 0;
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            var c = CEmitter.emit(wasm.getFileName().toString(), bytes, CodegenOptions.builder().prefix(prefix).hostGrowsMemory(!fixed)
                    .singleInstance(fixed).heapChunkSize(0).build());
            ns = System.nanoTime() - t0;
            if (i == repeat - 1) c.writeTo(out);
        }
        if (repeat > 1) System.out.printf("warm translation: %.1f ms%n", ns / 1e6);
    }
}
