package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.FuncType;
import io.github.wasm2mpy.model.ValType;

/**
 * The runtime's one-letter value type codes and signature strings ({@code ij>f}), which w2m_funcref, the
 * reflection tables, the MicroPython glue and the webassembly target's runtime compare (docs/c-abi.md). The one
 * place that spells them.
 */
public final class Signatures {
    private Signatures() {
    }

    /** The letter of {@code t}: i j f d for the numbers, v for v128, r for funcref, e for externref. */
    public static char code(ValType t) {
        return switch (t) {
            case I32 -> 'i';
            case I64 -> 'j';
            case F32 -> 'f';
            case F64 -> 'd';
            case V128 -> 'v';
            case FUNCREF -> 'r';
            case EXTERNREF -> 'e';
        };
    }

    /** The value type of letter {@code c}; the inverse of {@link #code}. */
    public static ValType type(char c) {
        return switch (c) {
            case 'i' -> ValType.I32;
            case 'j' -> ValType.I64;
            case 'f' -> ValType.F32;
            case 'd' -> ValType.F64;
            case 'v' -> ValType.V128;
            case 'r' -> ValType.FUNCREF;
            default -> ValType.EXTERNREF;
        };
    }

    /**
     * The C struct a function of type {@code t} with several results returns: {@code w2m_ret_} and the result
     * letters, with fields r0, r1, ... (the generated header defines it; the glue reads it).
     */
    public static String resultStruct(FuncType t) {
        StringBuilder sb = new StringBuilder("w2m_ret_");
        for (ValType r : t.results()) sb.append(code(r));
        return sb.toString();
    }

    /** The signature text of {@code t}: parameter letters, {@code >}, result letters. */
    public static String of(FuncType t) {
        StringBuilder sb = new StringBuilder();
        for (ValType p : t.params()) sb.append(code(p));
        sb.append('>');
        for (ValType r : t.results()) sb.append(code(r));
        return sb.toString();
    }
}
