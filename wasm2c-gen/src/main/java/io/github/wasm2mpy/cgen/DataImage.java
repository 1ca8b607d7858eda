package io.github.wasm2mpy.cgen;

import io.github.wasm2mpy.model.DataSegment;
import io.github.wasm2mpy.model.SegmentMode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The active data segments of a module packed into one byte image and a list of runs (destination, length), so
 * that instantiation copies them in one loop instead of one call per segment. Segments that follow each other
 * in memory with a small gap share a run, the gap filled with zeros (what the memory holds there anyway).
 *
 * <p>Only possible when nothing reads the segments after instantiation (no {@code memory.init} or
 * {@code data.drop} in the emitted code) and every active segment has a constant offset and fits the memory's
 * initial size, so no segment can trap: then the segments' order, their dropped flags and the trap point are
 * not observable.
 *
 * @param image the bytes of all runs, back to back
 * @param runs  destination and length of each run, in segment order
 */
record DataImage(byte[] image, List<long[]> runs) {

    /** Largest gap of zeros between two segments that is cheaper to copy than a run entry of its own. */
    static final int MAX_GAP = 8;

    /**
     * Packs the module's active segments, or returns null when they must stay separate: a segment is used at
     * run time, an offset is not a constant, or a segment does not fit {@code minBytes}.
     */
    static DataImage pack(List<DataSegment> datas, long minBytes, boolean usedAtRunTime) {
        if (usedAtRunTime) return null;
        List<long[]> runs = new ArrayList<>();
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        for (DataSegment d : datas) {
            if (d.mode() != SegmentMode.ACTIVE) continue;
            OptionalLong offset = ConstExprs.i32(d.offset());
            if (offset.isEmpty()) return null;
            long dest = offset.getAsLong();
            if (dest + d.size() > minBytes) return null;
            if (d.size() == 0) continue;
            long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            long end = last == null ? -1 : last[0] + last[1];
            if (last != null && dest >= end && dest - end <= MAX_GAP && !covered(runs, end, dest)) {
                for (long k = end; k < dest; k++) image.write(0);
                last[1] = dest + d.size() - last[0];
            } else {
                runs.add(new long[] {dest, d.size()});
            }
            image.writeBytes(d.bytes());
        }
        return new DataImage(image.toByteArray(), runs);
    }

    /** Whether an earlier run wrote any byte of [from, to): then zeros there would overwrite it. */
    private static boolean covered(List<long[]> runs, long from, long to) {
        for (long[] r : runs) {
            if (r[0] < to && from < r[0] + r[1]) return true;
        }
        return false;
    }
}
