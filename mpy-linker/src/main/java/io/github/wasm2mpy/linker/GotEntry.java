package io.github.wasm2mpy.linker;

/** One GOT slot: an absolute word the loader patches with the address of {@code target}. */
final class GotEntry {
  final String name;
  final Target target;
  /** Offset into the target added to its base (section offset, or the addend of {@code sym+addend}). */
  final long targetOffset;
  long word;
  int destination;
  int offset;

  GotEntry(String name, Target target, long targetOffset) {
    this.name = name;
    this.target = target;
    this.targetOffset = targetOffset;
  }

  int rank() {
    if (target.isExternal() || target.kind() == Target.Kind.GOT) {
      return target.kind() == Target.Kind.GOT ? 0 : 1;
    }
    return target.kind() == Target.Kind.SECTION ? target.section().kind.gotRank() : 0;
  }
}
