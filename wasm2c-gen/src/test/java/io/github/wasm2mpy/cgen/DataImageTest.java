package io.github.wasm2mpy.cgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.model.DataSegment;
import io.github.wasm2mpy.model.Instruction;
import io.github.wasm2mpy.model.Opcode;
import io.github.wasm2mpy.model.SegmentMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataImageTest {
    private static final Instruction END = new Instruction.Plain(Opcode.END);

    private static DataSegment active(long offset, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
        return new DataSegment(SegmentMode.ACTIVE, 0, List.of(new Instruction.Const(Opcode.I32_CONST, offset), END), b, false);
    }

    @Test
    void closeSegmentsShareARunWithTheGapZeroed() {
        DataImage d = DataImage.pack(List.of(active(16, 1, 2), active(20, 3), active(100, 4)), 65536, false);
        assertThat(d.image()).containsExactly(1, 2, 0, 0, 3, 4);
        assertThat(d.runs()).hasSize(2);
        assertThat(d.runs().get(0)).containsExactly(16, 5);
        assertThat(d.runs().get(1)).containsExactly(100, 1);
    }

    @Test
    void aGapAnEarlierSegmentWroteIsNotZeroed() {
        // Segment 0 writes 22; zeros from a merge of segments 1 and 2 over it would undo that.
        DataImage d = DataImage.pack(List.of(active(22, 9), active(16, 1, 2), active(24, 3)), 65536, false);
        assertThat(d.runs()).hasSize(3);
        assertThat(d.image()).containsExactly(9, 1, 2, 3);
    }

    @Test
    void overlappingSegmentsStayInOrder() {
        DataImage d = DataImage.pack(List.of(active(16, 1, 2, 3), active(17, 7)), 65536, false);
        assertThat(d.runs()).hasSize(2);
        assertThat(d.runs().get(1)).containsExactly(17, 1);
    }

    @Test
    void notPackedWhenASegmentCouldTrapOrIsUsedLater() {
        assertThat(DataImage.pack(List.of(active(65535, 1, 2)), 65536, false)).isNull();
        assertThat(DataImage.pack(List.of(active(0, 1)), 65536, true)).isNull();
        DataSegment fromGlobal = new DataSegment(SegmentMode.ACTIVE, 0,
                List.of(new Instruction.Global(Opcode.GLOBAL_GET, 0), END), new byte[] {1}, false);
        assertThat(DataImage.pack(List.of(fromGlobal), 65536, false)).isNull();
    }

    @Test
    void passiveAndEmptySegmentsAreLeftOut() {
        DataSegment passive = new DataSegment(SegmentMode.PASSIVE, 0, List.of(), new byte[] {5}, false);
        DataImage d = DataImage.pack(List.of(passive, active(8), active(8, 6)), 65536, false);
        assertThat(d.image()).containsExactly(6);
        assertThat(d.runs()).hasSize(1);
    }
}
