package io.github.wasm2mpy.model;

import java.util.OptionalInt;

/**
 * A linear memory's type.
 *
 * <p>The custom-page-sizes proposal lets a module choose a page size of 1 byte instead of 64 KiB, so a memory
 * can be a few KiB (which small boards need). The binary format marks this with limits flag {@code 0x08}
 * followed by {@code log2(page size)}. {@code pageSizeLog2} is present exactly when the module spelled the
 * page size out, so that a module is written back the way it was read.
 *
 * @param limits size limits in pages
 * @param pageSizeLog2 log2 of the page size when given explicitly (0 or 16 are valid)
 */
public record MemoryType(Limits limits, OptionalInt pageSizeLog2) {
    /** log2 of the default page size, 64 KiB. */
    public static final int DEFAULT_PAGE_SIZE_LOG2 = 16;

    public MemoryType {
        if (limits == null || pageSizeLog2 == null) {
            throw new NullPointerException();
        }
    }

    /** A memory with the default 64 KiB pages. */
    public MemoryType(Limits limits) {
        this(limits, OptionalInt.empty());
    }

    /** log2 of the page size in effect: the explicit one, else 16. */
    public int effectivePageSizeLog2() {
        return pageSizeLog2.orElse(DEFAULT_PAGE_SIZE_LOG2);
    }

    /** The page size in bytes. */
    public long pageSize() {
        return 1L << Math.min(effectivePageSizeLog2(), 62);
    }

    /** The initial size in bytes. */
    public long minBytes() {
        return limits.min() * pageSize();
    }
}
