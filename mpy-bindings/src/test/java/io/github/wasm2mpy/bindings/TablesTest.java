package io.github.wasm2mpy.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.text.Wat;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Exported tables: inspectable from Python (length, per entry null or its function type), end to end. */
class TablesTest {

    /** A funcref table with a null slot, grown and written from wasm, and an externref table. */
    static final String WAT = """
            (module
              (type $unary (func (param i32) (result i32)))
              (func $inc (type $unary) (i32.add (local.get 0) (i32.const 1)))
              (func $double (type $unary) (i32.mul (local.get 0) (i32.const 2)))
              (func $nop)
              (func $add64 (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
              (func $pair (param f32 f64) (result i32 f64) (i32.const 1) (local.get 1))
              (table $t (export "table") 6 funcref)
              (table $r (export "ext-refs") 2 externref)
              (elem (table $t) (i32.const 0) func $inc $double)
              (elem (table $t) (i32.const 3) func $nop $add64 $pair)
              (func (export "call") (param i32 i32) (result i32)
                (call_indirect $t (type $unary) (local.get 1) (local.get 0)))
              (func (export "grow") (result i32) (table.grow $t (ref.null func) (i32.const 2)))
              (func (export "put") (param i32) (table.set $t (local.get 0) (ref.func $double))))
            """;

    private static final String SESSION = String.join("\n",
            "import tables as t",
            "print('len', t.table())",
            "print('entries', [t.table(i) for i in range(t.table())])",
            "print('last', t.table(-1), t.table(-4))",
            "print('call', t.call(0, 5), t.call(1, 5))",
            "for bad in (6, -7, 1 << 40):",
            "    try:",
            "        t.table(bad)",
            "    except IndexError as e:",
            "        print('index', bad, e)",
            "try:",
            "    t.table('x')",
            "except TypeError as e:",
            "    print('type', e)",
            "print('grow', t.grow(), t.table(), t.table(7))",
            "t.put(7)",
            "print('put', t.table(7), t.call(7, 21))",
            "t.reset()",
            "print('reset', t.table(), t.table(2))",
            "print('ext', t.ext_refs(), t.ext_refs(0), t.ext_refs(1))",
            "print('done')");

    private static final List<String> EXPECTED = List.of(
            "len 6",
            "entries ['[i32] -> [i32]', '[i32] -> [i32]', None, '[] -> []', '[i64 i64] -> [i64]', '[f32 f64] -> [i32 f64]']",
            "last [f32 f64] -> [i32 f64] None",
            "call 6 10",
            "index 6 table() index out of range",
            "index -7 table() index out of range",
            "index 1099511627776 table() index out of range",
            "type table() index must be an int",
            "grow 6 8 None",
            "put [i32] -> [i32] 42",
            "reset 6 None",
            "ext 2 None None",
            "done");

    @TestFactory
    Stream<DynamicTest> exportedTablesAreInspectable(@TempDir Path tmp) throws Exception {
        return WatSession.run(AppsTest.archs().stream(), tmp, "tables", WAT, SESSION, EXPECTED);
    }

    @Test
    void pyiDescribesTables() throws Exception {
        GeneratedGlue glue = Bindings.generate("tables.wasm",
                io.github.wasm2mpy.model.WasmReader.read(Wat.toWasm(WAT)), "tables", BindingOptions.of("tables"));
        assertThat(glue.pyi()).contains("def table(index: Optional[int] = None, /) -> Any:",
                "def ext_refs(index: Optional[int] = None, /) -> Any:", "(table funcref)", "(table externref)");
        assertThat(glue.files().get(glue.glueSource())).contains("tables_table_table(&glue_live()->instance)",
                "tables_table_ext_2Drefs(&glue_live()->instance)");
    }
}
