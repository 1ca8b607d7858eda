package io.github.wasm2mpy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.wasm2mpy.model.text.WastScript;
import io.github.wasm2mpy.model.text.WastScript.Action;
import io.github.wasm2mpy.model.text.WastScript.ActionType;
import io.github.wasm2mpy.model.text.WastScript.Assertion;
import io.github.wasm2mpy.model.text.WastScript.AssertModule;
import io.github.wasm2mpy.model.text.WastScript.Command;
import io.github.wasm2mpy.model.text.WastScript.ModuleType;
import io.github.wasm2mpy.model.text.WastScript.WastValue;
import io.github.wasm2mpy.model.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every command of the official testsuite that concerns decoding and validation: each binary module must
 * be accepted or rejected exactly as the script says ({@code assert_malformed} → {@link
 * MalformedModuleException}, {@code assert_invalid} → {@link InvalidModuleException}, every other module
 * decodes and validates). Actions are checked against the current module's exports and signatures (that the
 * export exists, is a function or global, and its types match the arguments and expected results); running
 * them is the C emitter's harness's job. Text-only {@code assert_malformed} ({@code module quote}) tests the
 * text parser and is skipped, by name. Writes {@code target/spec/summary.json}.
 */
class SpecTestsuiteTest {
    private static final Map<String, int[]> COUNTS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicNode> testsuite() {
        List<DynamicNode> files = new ArrayList<>();
        for (Map.Entry<Path, WastScript> e : TestFiles.scripts().entrySet()) {
            files.add(DynamicContainer.dynamicContainer(e.getKey().getFileName().toString(), tests(e.getValue())));
        }
        return files.stream();
    }

    private static Stream<DynamicTest> tests(WastScript script) {
        String file = script.fileName();
        COUNTS.putIfAbsent(file, new int[3]);
        ScriptState state = new ScriptState();
        List<DynamicTest> tests = new ArrayList<>();
        for (Command c : script.commands()) {
            String name = file + ":" + c.line() + " " + c.type() + describe(c);
            tests.add(DynamicTest.dynamicTest(name, () -> {
                if (c instanceof AssertModule a && a.assertion() == Assertion.MALFORMED
                        && a.moduleType() == ModuleType.TEXT) {
                    count(file, 2);
                    Assumptions.abort("text-format assert_malformed tests wabt's text parser, not the decoder");
                }
                boolean ok = false;
                try {
                    run(state, c);
                    ok = true;
                } finally {
                    count(file, ok ? 0 : 1);
                }
            }));
        }
        return tests.stream();
    }

    private static String describe(Command c) {
        Action a = c instanceof WastScript.AssertReturn r ? r.action()
                : c instanceof WastScript.AssertTrap t ? t.action()
                : c instanceof WastScript.AssertExhaustion x ? x.action()
                : c instanceof WastScript.ActionCommand ac ? ac.action() : null;
        if (a != null) {
            return " " + a.field();
        }
        if (c instanceof AssertModule m) {
            return " \"" + m.text() + "\"";
        }
        return "";
    }

    private static void count(String file, int which) {
        int[] counts = COUNTS.get(file);
        synchronized (counts) {
            counts[which]++;
        }
    }

    /** Modules of one script as the commands define them. */
    private static final class ScriptState {
        Module current;
        final Map<String, Module> named = new HashMap<>();
    }

    private static void run(ScriptState state, Command c) {
        if (c instanceof WastScript.ModuleCommand m) {
            state.current = null;
            Module module = Validator.read(m.bytes()).module();
            state.current = module;
            m.name().ifPresent(n -> state.named.put(n, module));
        } else if (c instanceof AssertModule a) {
            switch (a.assertion()) {
                case MALFORMED:
                    assertThatThrownBy(() -> Validator.read(a.bytes()))
                            .as("binary module must be malformed (%s)", a.text())
                            .isInstanceOf(MalformedModuleException.class);
                    break;
                case INVALID:
                    assertThatThrownBy(() -> Validator.read(a.bytes()))
                            .as("module must be invalid (%s)", a.text())
                            .isInstanceOf(InvalidModuleException.class);
                    break;
                default:
                    // Unlinkable and uninstantiable modules are well formed and valid; they fail later.
                    assertThat(Validator.read(a.bytes()).module()).isNotNull();
            }
        } else if (c instanceof WastScript.Register r) {
            Module m = r.name().isPresent() ? state.named.get(r.name().get()) : state.current;
            assertThat(m).as("module to register as %s", r.as()).isNotNull();
        } else if (c instanceof WastScript.AssertReturn r) {
            checkAction(state, r.action(), r.expected());
        } else if (c instanceof WastScript.ActionCommand r) {
            checkAction(state, r.action(), r.expected());
        } else if (c instanceof WastScript.AssertTrap t) {
            checkAction(state, t.action(), null);
        } else if (c instanceof WastScript.AssertExhaustion x) {
            checkAction(state, x.action(), null);
        } else {
            throw new AssertionError("unhandled command " + c);
        }
    }

    private static void checkAction(ScriptState state, Action action, List<WastValue> expected) {
        Module m = action.module().isPresent() ? state.named.get(action.module().get()) : state.current;
        assertThat(m).as("module of the action").isNotNull();
        Export export = m.export(action.field()).orElse(null);
        assertThat(export).as("export \"%s\"", action.field()).isNotNull();
        if (action.type() == ActionType.GET) {
            assertThat(export.kind()).isEqualTo(ExternalKind.GLOBAL);
            if (expected != null && expected.size() == 1) {
                assertThat(m.allGlobals().get(export.index()).type().mnemonic()).isEqualTo(expected.get(0).type());
            }
            return;
        }
        assertThat(export.kind()).isEqualTo(ExternalKind.FUNCTION);
        FuncType type = m.functionType(export.index());
        assertThat(mnemonics(type.params())).as("parameter types of %s", action.field())
                .isEqualTo(action.args().stream().map(WastValue::type).toList());
        if (expected != null) {
            assertThat(mnemonics(type.results())).as("result types of %s", action.field())
                    .isEqualTo(expected.stream().map(WastValue::type).toList());
        }
    }

    private static List<String> mnemonics(List<ValType> types) {
        return types.stream().map(ValType::mnemonic).toList();
    }

    @AfterAll
    static void writeSummary() throws IOException {
        List<Map<String, Object>> files = new ArrayList<>();
        int[] totals = new int[3];
        COUNTS.keySet().stream().sorted().forEach(file -> {
            int[] c = COUNTS.get(file);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", file);
            entry.put("passed", c[0]);
            entry.put("failed", c[1]);
            entry.put("skipped", c[2]);
            files.add(entry);
            for (int i = 0; i < 3; i++) {
                totals[i] += c[i];
            }
        });
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("files", files);
        Map<String, Object> total = new LinkedHashMap<>();
        total.put("passed", totals[0]);
        total.put("failed", totals[1]);
        total.put("skipped", totals[2]);
        summary.put("totals", total);
        Path out = TestFiles.target().resolve("spec/summary.json");
        Files.createDirectories(out.getParent());
        Path tmp = out.resolveSibling("summary.json.tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), summary);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
