package io.github.wasm2mpy.model.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A spec-test script ({@code .wast}) converted by wabt's {@code wast2json} ({@link WabtTool}, so a bad script is
 * reported with wast2json's own line:column diagnostics): its commands in order, with module binaries loaded
 * into memory.
 *
 * <pre>{@code
 * WastScript script = WastScript.load(Path.of("i32.wast"), Path.of("target/wast-cache"));
 * for (WastScript.Command c : script.commands()) { ... }
 * }</pre>
 *
 * @param source the {@code .wast} file
 * @param commands the commands, in script order
 */
public record WastScript(Path source, List<Command> commands) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public WastScript {
        commands = List.copyOf(commands);
    }

    /** The file name of the script, e.g. {@code i32.wast}. */
    public String fileName() {
        return source.getFileName().toString();
    }

    /** Converts {@code wast} in a temporary directory, which is deleted afterwards. */
    public static WastScript load(Path wast) {
        Path temp;
        try {
            temp = Files.createTempDirectory("wast2json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for wast2json", e);
        }
        try {
            convert(wast, temp);
            return parse(wast, temp);
        } finally {
            deleteTree(temp);
        }
    }

    /**
     * Converts {@code wast}, keeping wast2json's output under {@code cacheDir} keyed by the script's content
     * hash, so a second load of an unchanged script does not run wast2json again. Safe to call concurrently.
     */
    public static WastScript load(Path wast, Path cacheDir) {
        String base = baseName(wast);
        Path dir = cacheDir.resolve(base + "." + contentHash(wast));
        if (!Files.isRegularFile(dir.resolve(base + ".json"))) {
            Path temp = null;
            try {
                Files.createDirectories(cacheDir);
                temp = Files.createTempDirectory(cacheDir, base + ".tmp");
                convert(wast, temp);
                try {
                    Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
                    temp = null;
                } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                    // Another thread converted the same script first; use its output.
                } catch (IOException e) {
                    if (!Files.isDirectory(dir)) {
                        throw e;
                    }
                }
            } catch (IOException e) {
                throw new TextFormatException(wast.toString(), "cannot write wast2json output under " + cacheDir, e);
            } finally {
                if (temp != null) {
                    deleteTree(temp);
                }
            }
        }
        return parse(wast, dir);
    }

    /** Runs wast2json on {@code wast} and writes its JSON and module files into {@code outDir}. */
    private static void convert(Path wast, Path outDir) {
        byte[] text = WabtTool.read(wast);
        String base = baseName(wast);
        WabtTool.Output out = WabtTool.WAST2JSON.run(text, wast.toString(), base + ".wast",
                List.of("-o", WabtTool.outPath(base + ".json")), "the script");
        if (!out.files().containsKey(base + ".json")) {
            throw new TextFormatException(wast.toString(), out.diagnostics(), null);
        }
        try {
            for (Map.Entry<String, byte[]> file : out.files().entrySet()) {
                Files.write(outDir.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new TextFormatException(wast.toString(), "cannot write wast2json output under " + outDir, e);
        }
    }

    private static WastScript parse(Path wast, Path dir) {
        Path json = dir.resolve(baseName(wast) + ".json");
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new TextFormatException(wast.toString(), "cannot read wast2json output " + json, e);
        }
        List<Command> commands = new ArrayList<>();
        for (JsonNode c : root.path("commands")) {
            commands.add(command(wast, dir, c));
        }
        return new WastScript(wast, commands);
    }

    private static Command command(Path wast, Path dir, JsonNode c) {
        String type = c.path("type").asText();
        int line = c.path("line").asInt();
        switch (type) {
            case "module":
                return new ModuleCommand(line, optional(c, "name"), c.path("filename").asText(),
                        moduleBytes(wast, dir, c));
            case "register":
                return new Register(line, optional(c, "name"), c.path("as").asText());
            case "action":
                return new ActionCommand(line, action(c.path("action")), values(c.path("expected")));
            case "assert_return":
                return new AssertReturn(line, action(c.path("action")), values(c.path("expected")));
            case "assert_trap":
                return new AssertTrap(line, action(c.path("action")), c.path("text").asText());
            case "assert_exhaustion":
                return new AssertExhaustion(line, action(c.path("action")), c.path("text").asText());
            case "assert_malformed":
            case "assert_invalid":
            case "assert_unlinkable":
            case "assert_uninstantiable":
                return new AssertModule(line, Assertion.valueOf(type.substring("assert_".length()).toUpperCase()),
                        "text".equals(c.path("module_type").asText()) ? ModuleType.TEXT : ModuleType.BINARY,
                        c.path("filename").asText(), moduleBytes(wast, dir, c), c.path("text").asText());
            default:
                throw new TextFormatException(wast + ":" + line, "unknown wast2json command type " + type, null);
        }
    }

    private static byte[] moduleBytes(Path wast, Path dir, JsonNode c) {
        Path file = dir.resolve(c.path("filename").asText());
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TextFormatException(wast + ":" + c.path("line").asInt(), "cannot read module file " + file, e);
        }
    }

    private static Action action(JsonNode a) {
        ActionType type = "get".equals(a.path("type").asText()) ? ActionType.GET : ActionType.INVOKE;
        return new Action(type, optional(a, "module"), a.path("field").asText(), values(a.path("args")));
    }

    private static List<WastValue> values(JsonNode array) {
        List<WastValue> values = new ArrayList<>();
        for (JsonNode v : array) {
            List<String> lanes = new ArrayList<>();
            JsonNode value = v.path("value");
            if (value.isArray()) {
                value.forEach(l -> lanes.add(l.asText()));
            } else if (!value.isMissingNode()) {
                lanes.add(value.asText());
            }
            values.add(new WastValue(v.path("type").asText(), optional(v, "lane_type"), lanes));
        }
        return values;
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static String baseName(Path wast) {
        String name = wast.getFileName().toString();
        return name.endsWith(".wast") ? name.substring(0, name.length() - 5) : name;
    }

    private static String contentHash(Path wast) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(WabtTool.read(wast));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temporary directory is harmless.
        }
    }

    /** One command of a script. */
    public sealed interface Command permits ModuleCommand, Register, ActionCommand, AssertReturn, AssertTrap,
            AssertExhaustion, AssertModule {
        /** The line in the {@code .wast} file. */
        int line();

        /** The wast2json command type, e.g. {@code assert_invalid}. */
        String type();
    }

    /**
     * {@code (module ...)}: defines the current module.
     *
     * @param name the module's {@code $name}, if any
     * @param fileName the binary's name in wast2json's output
     * @param bytes the binary
     */
    public record ModuleCommand(int line, Optional<String> name, String fileName, byte[] bytes) implements Command {
        @Override
        public String type() {
            return "module";
        }
    }

    /** {@code (register "as" $name?)}: makes a module's exports importable as {@code as}. */
    public record Register(int line, Optional<String> name, String as) implements Command {
        @Override
        public String type() {
            return "register";
        }
    }

    /** A bare action ({@code (invoke ...)} or {@code (get ...)}) at top level. */
    public record ActionCommand(int line, Action action, List<WastValue> expected) implements Command {
        public ActionCommand {
            expected = List.copyOf(expected);
        }

        @Override
        public String type() {
            return "action";
        }
    }

    /** {@code (assert_return action expected...)}. */
    public record AssertReturn(int line, Action action, List<WastValue> expected) implements Command {
        public AssertReturn {
            expected = List.copyOf(expected);
        }

        @Override
        public String type() {
            return "assert_return";
        }
    }

    /** {@code (assert_trap action "message")}. */
    public record AssertTrap(int line, Action action, String text) implements Command {
        @Override
        public String type() {
            return "assert_trap";
        }
    }

    /** {@code (assert_exhaustion action "message")}: the call must exhaust the stack. */
    public record AssertExhaustion(int line, Action action, String text) implements Command {
        @Override
        public String type() {
            return "assert_exhaustion";
        }
    }

    /**
     * {@code assert_malformed}, {@code assert_invalid}, {@code assert_unlinkable} or {@code
     * assert_uninstantiable} on a module.
     *
     * @param assertion what must happen to the module
     * @param moduleType binary, or text (a {@code module quote} that wabt's text parser must reject; the bytes
     *     are then the text)
     * @param fileName the module's name in wast2json's output
     * @param bytes the module binary, or its text
     * @param text the expected error message
     */
    public record AssertModule(int line, Assertion assertion, ModuleType moduleType, String fileName, byte[] bytes,
            String text) implements Command {
        @Override
        public String type() {
            return "assert_" + assertion.name().toLowerCase();
        }
    }

    /** What an {@link AssertModule} expects. */
    public enum Assertion {
        /** Decoding (or text parsing) fails. */
        MALFORMED,
        /** Validation fails. */
        INVALID,
        /** Linking (import resolution) fails. */
        UNLINKABLE,
        /** Instantiation (segment initialisation or the start function) traps. */
        UNINSTANTIABLE
    }

    /** How a module of an {@link AssertModule} is given. */
    public enum ModuleType {
        /** A binary module. */
        BINARY,
        /** A module in text form. */
        TEXT
    }

    /** Invoke an export, or read an exported global. */
    public enum ActionType {
        /** Call an exported function. */
        INVOKE,
        /** Read an exported global. */
        GET
    }

    /**
     * An action.
     *
     * @param type invoke or get
     * @param module the named module, or the current one when absent
     * @param field the export name
     * @param args the arguments of an invoke
     */
    public record Action(ActionType type, Optional<String> module, String field, List<WastValue> args) {
        public Action {
            args = List.copyOf(args);
        }
    }

    /**
     * A value in an action or expectation, as wast2json writes it.
     *
     * @param type {@code i32}, {@code i64}, {@code f32}, {@code f64}, {@code v128}, {@code funcref} or {@code
     *     externref}
     * @param laneType for {@code v128}, the lane shape ({@code i8} ... {@code f64})
     * @param values one entry for a scalar, one per lane for {@code v128}; integers and float bit patterns as
     *     unsigned decimal, {@code nan:canonical} / {@code nan:arithmetic} for expected NaNs, {@code null} for
     *     null references
     */
    public record WastValue(String type, Optional<String> laneType, List<String> values) {
        public WastValue {
            values = List.copyOf(values);
        }

        /** The scalar value (the first lane). */
        public String value() {
            return values.isEmpty() ? "" : values.get(0);
        }

        /** True when lane {@code i} expects a canonical NaN. */
        public boolean isCanonicalNan(int i) {
            return "nan:canonical".equals(values.get(i));
        }

        /** True when lane {@code i} expects an arithmetic NaN. */
        public boolean isArithmeticNan(int i) {
            return "nan:arithmetic".equals(values.get(i));
        }
    }
}
