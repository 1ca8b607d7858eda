package io.github.wasm2mpy.cli;

import io.github.wasm2mpy.pipeline.LoadedModule;
import io.github.wasm2mpy.pipeline.ModuleSummary;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code wasm2mpy info IN}: what a module imports, exports and needs in memory. */
final class InfoCommand implements Subcommand {
    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "show a module's imports, exports, memory and size";
    }

    @Override
    public String help() {
        return """
                usage: wasm2mpy info IN.(wasm|wat)

                Prints the Python module name the input becomes, its size, memories (pages, page size, bytes),
                imports (module.field, kind, type) and exports (name, kind, type).
                """;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed = Arguments.parse(args, Set.of(), Set.of());
        LoadedModule loaded = LoadedModule.load(Path.of(parsed.input(name())));
        ModuleSummary summary = ModuleSummary.of(loaded.module());
        out.printf("%s: module %s, %d bytes, %d functions%n", loaded.input(), loaded.name(), loaded.bytes().length,
                summary.functions());
        if (summary.memories().isEmpty()) {
            out.println("memory: none");
        }
        for (ModuleSummary.Memory memory : summary.memories()) {
            out.printf("memory: %d pages of %d bytes (%d bytes)%s%s%n", memory.minPages(), memory.pageSize(),
                    memory.minBytes(), memory.maxPages() == null ? ", may grow without limit"
                            : ", at most " + memory.maxPages() + " pages", memory.imported() ? ", imported" : "");
        }
        print(out, "imports", summary.imports());
        print(out, "exports", summary.exports());
        return Main.OK;
    }

    private static void print(PrintStream out, String title, List<ModuleSummary.Entity> entities) {
        out.printf("%s (%d):%n", title, entities.size());
        int width = entities.stream().mapToInt(e -> e.name().length()).max().orElse(0);
        for (ModuleSummary.Entity entity : entities) {
            out.printf("  %-" + Math.max(width, 1) + "s  %-8s %s%n", entity.name(), entity.kind(), entity.type());
        }
    }
}
