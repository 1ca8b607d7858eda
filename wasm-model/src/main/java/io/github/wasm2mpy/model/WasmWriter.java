package io.github.wasm2mpy.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link ModuleVisitor} that encodes what it visits as a binary module, the way ObjectWeb ASM's
 * {@code ClassWriter} is itself a visitor. Integers are written in their shortest LEB128 form and each
 * segment in the encoding the model records, so a module read from canonically encoded bytes is written back
 * byte for byte.
 *
 * <pre>{@code
 * WasmWriter writer = new WasmWriter();
 * module.accept(writer);
 * byte[] bytes = writer.toByteArray();
 * }</pre>
 */
public class WasmWriter extends ModuleVisitor {
    private final Buffer out = new Buffer();
    private final Buffer sectionBody = new Buffer();
    private SectionId current;
    private SectionId lastSection = SectionId.CUSTOM;
    private int count;
    private boolean finished;

    /** A writer at the end of its chain. */
    public WasmWriter() {
        super();
        out.u32le(0x6d736100);
        out.u32le(1);
    }

    /** Encodes {@code module}. */
    public static byte[] write(Module module) {
        WasmWriter writer = new WasmWriter();
        module.accept(writer);
        return writer.toByteArray();
    }

    /** The binary; call after {@link #visitEnd()}. */
    public byte[] toByteArray() {
        if (!finished) {
            throw new IllegalStateException("visitEnd() has not been called");
        }
        return out.toByteArray();
    }

    private Buffer enter(SectionId section) {
        if (current != section) {
            flush();
            current = section;
        }
        count++;
        return sectionBody;
    }

    private void flush() {
        if (current == null) {
            return;
        }
        Buffer content = new Buffer();
        if (current != SectionId.START && current != SectionId.DATA_COUNT) {
            content.u32(count);
        }
        content.bytes(sectionBody.data, 0, sectionBody.size);
        out.u8(current.id());
        out.u32(content.size);
        out.bytes(content.data, 0, content.size);
        sectionBody.size = 0;
        count = 0;
        lastSection = current;
        current = null;
    }

    @Override
    public void visitType(FuncType type) {
        Buffer b = enter(SectionId.TYPE);
        b.u8(0x60);
        valTypes(b, type.params());
        valTypes(b, type.results());
    }

    @Override
    public void visitImport(Import entry) {
        Buffer b = enter(SectionId.IMPORT);
        b.name(entry.module());
        b.name(entry.name());
        b.u8(entry.kind().code());
        Import.ImportDescriptor d = entry.descriptor();
        if (d instanceof Import.FunctionImport f) {
            b.u32(f.typeIndex());
        } else if (d instanceof Import.TableImport t) {
            tableType(b, t.type());
        } else if (d instanceof Import.MemoryImport m) {
            memoryType(b, m.type());
        } else if (d instanceof Import.GlobalImport g) {
            globalType(b, g.type());
        }
    }

    @Override
    public void visitFunction(int typeIndex) {
        enter(SectionId.FUNCTION).u32(typeIndex);
    }

    @Override
    public void visitTable(TableType type) {
        tableType(enter(SectionId.TABLE), type);
    }

    @Override
    public void visitMemory(MemoryType type) {
        memoryType(enter(SectionId.MEMORY), type);
    }

    @Override
    public void visitGlobal(Global global) {
        Buffer b = enter(SectionId.GLOBAL);
        globalType(b, global.type());
        expression(b, global.init());
    }

    @Override
    public void visitExport(Export export) {
        Buffer b = enter(SectionId.EXPORT);
        b.name(export.name());
        b.u8(export.kind().code());
        b.u32(export.index());
    }

    @Override
    public void visitStart(int functionIndex) {
        enter(SectionId.START).u32(functionIndex);
    }

    @Override
    public void visitElement(ElementSegment s) {
        Buffer b = enter(SectionId.ELEMENT);
        boolean indices = s.functionIndexEncoding() && s.type() == ValType.FUNCREF
                && s.init().stream().allMatch(WasmWriter::isFunctionReference);
        boolean explicit = s.explicitTableIndex() || s.tableIndex() != 0 || s.type() != ValType.FUNCREF;
        int flags = indices ? 0 : 4;
        switch (s.mode()) {
            case ACTIVE: flags |= explicit ? 2 : 0; break;
            case PASSIVE: flags |= 1; break;
            default: flags |= 3; break;
        }
        b.u32(flags);
        if (s.mode() == SegmentMode.ACTIVE) {
            if ((flags & 2) != 0) {
                b.u32(s.tableIndex());
            }
            expression(b, s.offset());
        }
        if ((flags & 3) != 0) {
            if (indices) {
                b.u8(0x00);
            } else {
                b.u8(s.type().code());
            }
        }
        b.u32(s.init().size());
        for (List<Instruction> init : s.init()) {
            if (indices) {
                b.u32(((Instruction.FunctionRef) init.get(0)).functionIndex());
            } else {
                expression(b, init);
            }
        }
    }

    private static boolean isFunctionReference(List<Instruction> expr) {
        return expr.size() == 2 && expr.get(0) instanceof Instruction.FunctionRef f && f.opcode() == Opcode.REF_FUNC
                && expr.get(1).opcode() == Opcode.END;
    }

    @Override
    public void visitDataCount(int dataCount) {
        enter(SectionId.DATA_COUNT).u32(dataCount);
    }

    @Override
    public CodeVisitor visitCode(int functionIndex, List<Locals> locals) {
        Buffer section = enter(SectionId.CODE);
        Buffer body = new Buffer();
        body.u32(locals.size());
        for (Locals l : locals) {
            body.u32(l.count());
            body.u8(l.type().code());
        }
        return new InstructionWriter(body) {
            @Override
            public void visitEnd() {
                section.u32(body.size);
                section.bytes(body.data, 0, body.size);
            }
        };
    }

    @Override
    public void visitData(DataSegment s) {
        Buffer b = enter(SectionId.DATA);
        if (s.mode() == SegmentMode.PASSIVE) {
            b.u32(1);
        } else if (s.explicitMemoryIndex() || s.memoryIndex() != 0) {
            b.u32(2);
            b.u32(s.memoryIndex());
            expression(b, s.offset());
        } else {
            b.u32(0);
            expression(b, s.offset());
        }
        byte[] content = s.bytes();
        b.u32(content.length);
        b.bytes(content, 0, content.length);
    }

    @Override
    public void visitCustomSection(CustomSection section) {
        flush();
        SectionId after = section.after();
        if (after.ordinal() > lastSection.ordinal() && after != SectionId.START && after != SectionId.DATA_COUNT) {
            // The section it followed was empty and is not in the model: write it empty so the custom section
            // is read back at the same place.
            out.u8(after.id());
            out.u32(1);
            out.u8(0);
            lastSection = after;
        }
        Buffer content = new Buffer();
        content.name(section.name());
        byte[] bytes = section.bytes();
        content.bytes(bytes, 0, bytes.length);
        out.u8(0);
        out.u32(content.size);
        out.bytes(content.data, 0, content.size);
    }

    @Override
    public void visitEnd() {
        flush();
        finished = true;
    }

    // ----------------------------------------------------------------------------------------------- types

    private static void valTypes(Buffer b, List<ValType> types) {
        b.u32(types.size());
        for (ValType t : types) {
            b.u8(t.code());
        }
    }

    private static void limits(Buffer b, Limits limits, int extraFlags) {
        b.u8((limits.max().isPresent() ? 1 : 0) | extraFlags);
        b.u32(limits.min());
        if (limits.max().isPresent()) {
            b.u32(limits.max().getAsLong());
        }
    }

    private static void tableType(Buffer b, TableType t) {
        b.u8(t.elementType().code());
        limits(b, t.limits(), 0);
    }

    private static void memoryType(Buffer b, MemoryType m) {
        limits(b, m.limits(), m.pageSizeLog2().isPresent() ? 0x08 : 0);
        if (m.pageSizeLog2().isPresent()) {
            b.u32(m.pageSizeLog2().getAsInt());
        }
    }

    private static void globalType(Buffer b, GlobalType g) {
        b.u8(g.type().code());
        b.u8(g.mutable() ? 1 : 0);
    }

    private static void expression(Buffer b, List<Instruction> expr) {
        InstructionWriter w = new InstructionWriter(b);
        for (Instruction i : expr) {
            i.accept(w);
        }
    }

    /** Encodes instructions into a buffer. */
    private static class InstructionWriter extends CodeVisitor {
        private final Buffer b;

        InstructionWriter(Buffer b) {
            super();
            this.b = b;
        }

        private void opcode(Opcode op) {
            if (op.prefix() != 0) {
                b.u8(op.prefix());
                b.u32(op.code());
            } else {
                b.u8(op.code());
            }
        }

        /** Memory indices where WebAssembly 2.0 has a reserved zero byte: one byte, LEB128 beyond 127. */
        private void memoryIndex(int index) {
            b.u32(index);
        }

        private void memArg(MemArg m) {
            b.u32(Integer.toUnsignedLong(m.alignLog2()));
            b.u32(m.offset());
        }

        @Override
        public void visitInsn(Opcode op) {
            opcode(op);
        }

        @Override
        public void visitBlockInsn(Opcode op, BlockType type) {
            opcode(op);
            if (type instanceof BlockType.Value v) {
                b.u8(v.type().code());
            } else if (type instanceof BlockType.TypeIndex t) {
                b.s64(t.typeIndex());
            } else {
                b.u8(0x40);
            }
        }

        @Override
        public void visitBranchInsn(Opcode op, int depth) {
            opcode(op);
            b.u32(depth);
        }

        @Override
        public void visitBranchTableInsn(List<Integer> depths, int defaultDepth) {
            opcode(Opcode.BR_TABLE);
            b.u32(depths.size());
            for (int d : depths) {
                b.u32(d);
            }
            b.u32(defaultDepth);
        }

        @Override
        public void visitFunctionInsn(Opcode op, int functionIndex) {
            opcode(op);
            b.u32(functionIndex);
        }

        @Override
        public void visitCallIndirectInsn(int typeIndex, int tableIndex) {
            opcode(Opcode.CALL_INDIRECT);
            b.u32(typeIndex);
            b.u32(tableIndex);
        }

        @Override
        public void visitSelectInsn(List<ValType> types) {
            opcode(Opcode.SELECT_TYPED);
            valTypes(b, types);
        }

        @Override
        public void visitLocalInsn(Opcode op, int localIndex) {
            opcode(op);
            b.u32(localIndex);
        }

        @Override
        public void visitGlobalInsn(Opcode op, int globalIndex) {
            opcode(op);
            b.u32(globalIndex);
        }

        @Override
        public void visitTableInsn(Opcode op, int tableIndex) {
            opcode(op);
            b.u32(tableIndex);
        }

        @Override
        public void visitMemoryInsn(Opcode op, MemArg memArg) {
            opcode(op);
            memArg(memArg);
        }

        @Override
        public void visitMemoryIndexInsn(Opcode op, int index) {
            opcode(op);
            memoryIndex(index);
        }

        @Override
        public void visitSegmentInsn(Opcode op, int segmentIndex, int targetIndex) {
            opcode(op);
            b.u32(segmentIndex);
            if (op == Opcode.MEMORY_INIT) {
                memoryIndex(targetIndex);
            } else {
                b.u32(targetIndex);
            }
        }

        @Override
        public void visitDropSegmentInsn(Opcode op, int segmentIndex) {
            opcode(op);
            b.u32(segmentIndex);
        }

        @Override
        public void visitCopyInsn(Opcode op, int destinationIndex, int sourceIndex) {
            opcode(op);
            b.u32(destinationIndex);
            b.u32(sourceIndex);
        }

        @Override
        public void visitConstInsn(Opcode op, long bits) {
            opcode(op);
            switch (op) {
                case I32_CONST: b.s64((int) bits); break;
                case I64_CONST: b.s64(bits); break;
                case F32_CONST: b.u32le((int) bits); break;
                default:
                    b.u32le((int) bits);
                    b.u32le((int) (bits >>> 32));
            }
        }

        @Override
        public void visitV128ConstInsn(V128 value) {
            opcode(Opcode.V128_CONST);
            b.bytes(value.bytes(), 0, 16);
        }

        @Override
        public void visitRefNullInsn(ValType type) {
            opcode(Opcode.REF_NULL);
            b.u8(type.code());
        }

        @Override
        public void visitLaneInsn(Opcode op, int lane) {
            opcode(op);
            b.u8(lane);
        }

        @Override
        public void visitShuffleInsn(V128 lanes) {
            opcode(Opcode.I8X16_SHUFFLE);
            b.bytes(lanes.bytes(), 0, 16);
        }

        @Override
        public void visitMemoryLaneInsn(Opcode op, MemArg memArg, int lane) {
            opcode(op);
            memArg(memArg);
            b.u8(lane);
        }
    }

    /** A growable byte array with the binary format's integer encodings. */
    private static final class Buffer {
        byte[] data = new byte[64];
        int size;

        private void ensure(int extra) {
            if (size + extra > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, size + extra));
            }
        }

        void u8(int v) {
            ensure(1);
            data[size++] = (byte) v;
        }

        void u32le(int v) {
            ensure(4);
            data[size++] = (byte) v;
            data[size++] = (byte) (v >>> 8);
            data[size++] = (byte) (v >>> 16);
            data[size++] = (byte) (v >>> 24);
        }

        /** Unsigned LEB128 of an unsigned 32-bit value (an int is taken as unsigned). */
        void u32(long v) {
            v &= 0xffff_ffffL;
            ensure(5);
            do {
                int b = (int) (v & 0x7f);
                v >>>= 7;
                data[size++] = (byte) (v != 0 ? b | 0x80 : b);
            } while (v != 0);
        }

        /** Signed LEB128. */
        void s64(long v) {
            ensure(10);
            while (true) {
                int b = (int) (v & 0x7f);
                v >>= 7;
                if (v == 0 && (b & 0x40) == 0 || v == -1 && (b & 0x40) != 0) {
                    data[size++] = (byte) b;
                    return;
                }
                data[size++] = (byte) (b | 0x80);
            }
        }

        void bytes(byte[] src, int from, int length) {
            ensure(length);
            System.arraycopy(src, from, data, size, length);
            size += length;
        }

        void name(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            u32(utf8.length);
            bytes(utf8, 0, utf8.length);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
