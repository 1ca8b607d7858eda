package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfRelocation;
import io.github.wasm2mpy.linker.elf.ElfSection;
import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything one link works on: the loaded sections in input order, the global symbols, the GOT and literal
 * table, the output blocks and the relocations left for the loader. The steps run in the order of the public
 * methods; the layout and GOT ordering follow the reference linker so that its output is reproduced byte for
 * byte whenever it succeeds.
 */
final class LinkState {
  static final String GOT_SYMBOL = "_GLOBAL_OFFSET_TABLE_";
  private static final String PC_THUNK_PREFIX = "__x86.get_pc_thunk.";

  record Global(LoadedObject object, ElfSymbol symbol) {}

  record Undefined(LoadedObject object, ElfSymbol symbol) {}

  final Arch arch;
  final int wordSize;
  final List<LoadedObject> objects = new ArrayList<>();
  /** Sections copied to the output, in input order (GOT and literal table are added by {@link #createGot}). */
  final List<InputSection> sections = new ArrayList<>();
  final List<InputSection> literalSections = new ArrayList<>();
  final Map<String, Global> globals = new LinkedHashMap<>();
  final List<Undefined> undefined = new ArrayList<>();
  final Map<String, GotEntry> got = new LinkedHashMap<>();
  /** xtensa: what each literal-pool word became, a GOT entry name or a literal value. */
  final Map<InputSection, Map<Long, Object>> literalSlots = new IdentityHashMap<>();
  final Map<Long, Integer> literals = new LinkedHashMap<>();
  final Map<ElfRelocation, Long> riscvHiValues = new IdentityHashMap<>();
  final List<MpyRelocation> mpyRelocations = new ArrayList<>();
  final OutputBuffer text = new OutputBuffer();
  final OutputBuffer rodata = new OutputBuffer();
  final OutputBuffer bss = new OutputBuffer();
  InputSection gotSection;
  InputSection literalSection;
  /**
   * xtensa: ROM routines reached by a direct {@code call0}/{@code j} (code built without -mlongcalls, e.g. picolibc's
   * libm calling {@code __adddf3}): ROM address to the offset of its veneer, {@code l32r a8, =address; jx a8}. A
   * PC-relative call cannot reach a fixed address from code the loader places anywhere; the veneer can, and a8 is
   * a scratch register of the call0 ABI (no arguments, not preserved across calls).
   */
  final Map<Long, Integer> romVeneers = new LinkedHashMap<>();
  static final int VENEER_SIZE = 8;
  InputSection veneerSection;
  int entryJumpLength;

  LinkState(Arch arch) {
    this.arch = arch;
    this.wordSize = arch.wordSize();
  }

  // ---------------------------------------------------------------- loading

  LoadedObject load(String name, ElfFile elf) {
    if (elf.machine() != arch.elfMachine()) {
      throw new LinkException(name + ": arch mismatch: object is " + ElfFile.machineName(elf.machine()) + ", linking for "
          + arch.id() + " (" + ElfFile.machineName(arch.elfMachine()) + ")");
    }
    if (elf.is64() != (arch.wordSize() == 8)) {
      throw new LinkException(name + ": arch mismatch: " + (elf.is64() ? "ELF64" : "ELF32") + " object for " + arch.id());
    }
    if (elf.fileType() != ElfFile.ET_REL) {
      throw new LinkException(name + ": not a relocatable object (e_type " + elf.fileType() + ")");
    }
    LoadedObject object = new LoadedObject(name, elf);
    for (ElfSection s : elf.sections()) {
      if (!s.hasContents() || s.size() == 0) {
        continue;
      }
      SectionKind kind = SectionKind.classify(s.name());
      if (kind == SectionKind.IGNORED) {
        continue;
      }
      if (kind == SectionKind.LITERAL && !arch.isXtensa()) {
        throw new LinkException(name + ": section " + s.name() + " is an Xtensa literal pool (by its name), which "
            + arch.id() + " code cannot have");
      }
      if (s.alignment() > 0x10000 || Long.bitCount(s.alignment()) > 1) {
        throw new LinkException(name + ": section " + s.name() + " has unsupported alignment " + s.alignment());
      }
      InputSection in = InputSection.of(object, s, kind);
      object.sections[s.index()] = in;
      (kind == SectionKind.LITERAL ? literalSections : sections).add(in);
    }
    List<String> duplicates = new ArrayList<>();
    for (ElfSymbol sym : elf.symbols()) {
      if (sym.index() == 0) {
        continue;
      }
      if (object.section(sym.sectionIndex()) != null) {
        if (sym.isGlobalOrWeak()) {
          Global previous = globals.get(sym.name());
          if (previous == null || sym.name().startsWith(PC_THUNK_PREFIX) || previous.symbol().bind() == ElfSymbol.STB_WEAK) {
            globals.put(sym.name(), new Global(object, sym));
          } else if (sym.bind() != ElfSymbol.STB_WEAK) {
            duplicates.add(name + ": duplicate symbol: " + sym.name() + " (first defined in " + previous.object().name + ")");
          }
        }
      } else if (sym.isUndefined() && sym.isGlobalOrWeak()) {
        undefined.add(new Undefined(object, sym));
      }
    }
    if (!duplicates.isEmpty()) {
      throw new LinkException(duplicates);
    }
    objects.add(object);
    return object;
  }

  /** Strongly defined global names: an archive member redefining one of these must not be pulled in. */
  boolean definesStrongly(String name) {
    Global g = globals.get(name);
    return g != null && g.symbol().bind() == ElfSymbol.STB_GLOBAL;
  }

  /** Names still undefined after loading, in first-reference order, excluding what the loader provides. */
  List<String> unresolvedNames() {
    Set<String> seen = new HashSet<>();
    List<String> names = new ArrayList<>();
    for (Undefined u : undefined) {
      String n = u.symbol().name();
      if (!globals.containsKey(n) && providedByRuntime(n) == null && u.symbol().bind() == ElfSymbol.STB_GLOBAL && seen.add(n)) {
        names.add(n);
      }
    }
    return names;
  }

  private static Target providedByRuntime(String name) {
    switch (name) {
      case GOT_SYMBOL: return Target.of(Target.Kind.GOT);
      case "mp_fun_table": return Target.of(Target.Kind.MP_FUN_TABLE);
      case "mp_native_qstr_table": return Target.of(Target.Kind.QSTR_TABLE);
      case "mp_native_obj_table": return Target.of(Target.Kind.OBJ_TABLE);
      default:
        int slot = FunTable.slotOf(name);
        return slot < 0 ? null : Target.funTableEntry(slot);
    }
  }

  /**
   * The ROM address of a symbol the target chip provides (ESP8266 libgcc routines, arch xtensa only), or -1.
   * Consulted only after the inputs and libraries: a definition in the link always wins.
   */
  long romAddress(String name) {
    return arch == Arch.XTENSA ? Esp8266Rom.address(name) : -1;
  }

  /** Fails with every undefined symbol, each naming the object and the section/offset that needs it. */
  void checkUndefined() {
    List<String> problems = new ArrayList<>();
    for (Undefined u : undefined) {
      String n = u.symbol().name();
      if (u.symbol().bind() == ElfSymbol.STB_GLOBAL && !globals.containsKey(n) && providedByRuntime(n) == null && romAddress(n) < 0) {
        problems.add(u.object().name + ": undefined symbol: " + n + firstUse(u.object(), u.symbol().index()));
      }
    }
    if (!problems.isEmpty()) {
      throw new LinkException(problems);
    }
  }

  private static String firstUse(LoadedObject object, int symbolIndex) {
    for (InputSection s : object.sections) {
      if (s == null) {
        continue;
      }
      for (ElfRelocation r : s.relocations) {
        if (r.symbolIndex() == symbolIndex) {
          return " (needed by " + s.name + " at offset 0x" + Long.toHexString(r.offset()) + ")";
        }
      }
    }
    return "";
  }

  // ---------------------------------------------------------------- symbols

  ElfSymbol symbol(InputSection from, ElfRelocation r) {
    return from.object.elf.symbols().get(r.symbolIndex());
  }

  /** Resolves the symbol a relocation in {@code from} refers to. */
  Target target(InputSection from, ElfRelocation r) {
    return target(from.object, symbol(from, r), from, r);
  }

  Target target(LoadedObject object, ElfSymbol sym, InputSection from, ElfRelocation r) {
    InputSection section = object.section(sym.sectionIndex());
    if (section != null) {
      return Target.in(section, object.value(sym));
    }
    if (sym.sectionIndex() == ElfSymbol.SHN_COMMON) {
      throw new LinkException(object.name + ": " + sym.name() + " is a common symbol, which a native module cannot "
          + "allocate; compile with -fno-common" + where(from, r));
    }
    if (sym.sectionIndex() == ElfSymbol.SHN_ABS) {
      return new Target(Target.Kind.ABSOLUTE, null, sym.value(), -1);
    }
    if (sym.isUndefined() && sym.index() != 0) {
      Global g = globals.get(sym.name());
      if (g != null) {
        return Target.in(g.object().section(g.symbol().sectionIndex()), g.object().value(g.symbol()));
      }
      Target runtime = providedByRuntime(sym.name());
      if (runtime != null) {
        return runtime;
      }
      long rom = romAddress(sym.name());
      if (rom >= 0) {
        return new Target(Target.Kind.ABSOLUTE, null, rom, -1);
      }
      if (sym.bind() == ElfSymbol.STB_WEAK) {
        return new Target(Target.Kind.ABSOLUTE, null, 0, -1); // an undefined weak symbol is address 0
      }
      throw new LinkException(object.name + ": undefined symbol: " + sym.name() + where(from, r));
    }
    String sectionName = sym.sectionIndex() < object.elf.sections().size() ? object.elf.sections().get(sym.sectionIndex()).name() : "#" + sym.sectionIndex();
    throw new LinkException(object.name + ": symbol " + describe(sym, object) + " lives in section " + sectionName
        + ", which is not loaded into a native module" + where(from, r));
  }

  static String where(InputSection from, ElfRelocation r) {
    return from == null ? "" : " (referenced from " + from.name + " at offset 0x" + Long.toHexString(r.offset()) + ")";
  }

  static String describe(ElfSymbol sym, LoadedObject object) {
    if (sym.type() == ElfSymbol.STT_SECTION && sym.sectionIndex() < object.elf.sections().size()) {
      return object.elf.sections().get(sym.sectionIndex()).name();
    }
    return sym.name().isEmpty() ? "#" + sym.index() : sym.name();
  }

  /** Link-time address of a target within its block; loader-supplied tables are at 0. */
  long address(Target t) {
    return switch (t.kind()) {
      case SECTION -> t.section().address + t.value();
      case GOT -> gotSection.address;
      case ABSOLUTE -> t.value();
      default -> 0;
    };
  }

  InputSection entrySection() {
    Global g = globals.get("mpy_init");
    return g == null ? null : g.object().section(g.symbol().sectionIndex());
  }

  long entryAddress() {
    Global g = globals.get("mpy_init");
    if (g == null) {
      throw new LinkException("undefined symbol: mpy_init (the module's entry point; is the module's main object among the inputs?)");
    }
    return g.object().section(g.symbol().sectionIndex()).address + g.object().value(g.symbol());
  }

  // ---------------------------------------------------------------- section GC

  /** Keeps only sections reachable from {@code mpy_init} through relocations (xtensa literal pools are roots). */
  void collectGarbage() {
    sections.forEach(s -> s.live = false);
    Deque<InputSection> work = new ArrayDeque<>();
    InputSection entry = entrySection();
    if (entry == null) {
      entryAddress(); // throws the undefined-entry error
    }
    markLive(entry, work);
    literalSections.forEach(l -> { l.live = false; markLive(l, work); });
    while (!work.isEmpty()) {
      InputSection s = work.pop();
      for (ElfRelocation r : s.relocations) {
        ElfSymbol sym = symbol(s, r);
        if (sym.index() == 0) {
          continue;
        }
        Target t = target(s, r);
        if (t.kind() == Target.Kind.SECTION) {
          markLive(t.section(), work);
        }
      }
    }
    sections.removeIf(s -> !s.live);
  }

  private static void markLive(InputSection s, Deque<InputSection> work) {
    if (!s.live) {
      s.live = true;
      work.push(s);
    }
  }

  // ---------------------------------------------------------------- GOT and literal table

  void buildGot() {
    if (arch.isXtensa()) {
      buildXtensaGot();
      return;
    }
    for (InputSection s : sections) {
      for (ElfRelocation r : s.relocations) {
        ElfSymbol sym = symbol(s, r);
        if (!sym.isGlobalOrWeak() || !arch.usesGot(r.type()) || got.containsKey(sym.name())) {
          continue;
        }
        got.put(sym.name(), new GotEntry(sym.name(), target(s, r), 0));
      }
    }
  }

  /**
   * xtensa code loads constants and addresses with {@code l32r} from literal pools. Words that hold addresses
   * become GOT slots (deduplicated by name), the other words become entries of a deduplicated literal table.
   */
  private void buildXtensaGot() {
    for (InputSection lit : literalSections) {
      if (lit.data.length % wordSize != 0) {
        throw new LinkException(lit + ": literal pool size " + lit.data.length + " is not a multiple of 4");
      }
      Map<Long, Object> slots = new LinkedHashMap<>();
      literalSlots.put(lit, slots);
      for (ElfRelocation r : lit.relocations) {
        ElfSymbol sym = symbol(lit, r);
        if (!arch.usesGot(r.type()) || r.offset() % wordSize != 0 || r.offset() + wordSize > lit.data.length) {
          throw new LinkException(lit + ": unsupported relocation " + RelocationNames.name(arch, r.type()) + " at offset 0x"
              + Long.toHexString(r.offset()) + " in a literal pool (symbol " + describe(sym, lit.object) + ")");
        }
        long existing = le32(lit.data, (int) r.offset());
        String name;
        long targetOffset;
        Target target = target(lit, r);
        if (sym.type() == ElfSymbol.STT_SECTION) {
          // gcc 12 puts the offset into the addend (RELA) where older assemblers left it in the word.
          targetOffset = existing + r.addend();
          name = describe(sym, lit.object) + "+0x" + Long.toHexString(targetOffset);
          if (target.kind() == Target.Kind.SECTION) {
            name = target.section().file() + ":" + name;
          }
        } else {
          targetOffset = existing + r.addend();
          name = targetOffset == 0 ? sym.name() : sym.name() + "+0x" + Long.toHexString(targetOffset);
        }
        if (target.kind() == Target.Kind.ABSOLUTE) {
          // A fixed address (an ESP8266 ROM routine, an absolute or undefined weak symbol): the word is a plain
          // constant that needs no load-time relocation, so it joins the literal table.
          long value = (target.value() + targetOffset) & 0xFFFFFFFFL;
          slots.put(r.offset(), value);
          literals.putIfAbsent(value, literals.size() * wordSize);
          continue;
        }
        slots.put(r.offset(), name);
        got.putIfAbsent(name, new GotEntry(name, target, targetOffset));
      }
      for (long at = 0; at < lit.data.length; at += wordSize) {
        if (!slots.containsKey(at)) {
          long value = le32(lit.data, (int) at);
          slots.put(at, value);
          literals.putIfAbsent(value, literals.size() * wordSize);
        }
      }
    }
    for (InputSection s : sections) {
      for (ElfRelocation r : s.relocations) {
        if (r.type() != XtensaRelocator.R_XTENSA_SLOT0_OP || !symbol(s, r).isUndefined() || s.kind != SectionKind.TEXT) {
          continue;
        }
        Target t = target(s, r);
        if (t.kind() == Target.Kind.ABSOLUTE && XtensaRelocator.isDirectBranch(le24(s.data, (int) r.offset()))) {
          long value = (t.value() + r.addend()) & 0xFFFFFFFFL;
          romVeneers.putIfAbsent(value, romVeneers.size() * VENEER_SIZE);
          literals.putIfAbsent(value, literals.size() * wordSize);
        }
      }
    }
  }

  private static long le24(byte[] d, int at) {
    return d[at] & 0xFF | (d[at + 1] & 0xFF) << 8 | (long) (d[at + 2] & 0xFF) << 16;
  }

  void createGot() {
    gotSection = InputSection.synthetic("GOT", got.size() * wordSize, wordSize);
    if (arch.isXtensa()) {
      literalSection = InputSection.synthetic("LIT", literals.size() * wordSize, wordSize);
      sections.add(0, gotSection);
      sections.add(1, literalSection);
      if (!romVeneers.isEmpty()) {
        veneerSection = InputSection.synthetic("ROM_VENEERS", romVeneers.size() * VENEER_SIZE, wordSize);
        sections.add(2, veneerSection); // after the literal table: l32r only reaches backwards
      }
    } else {
      sections.add(gotSection);
    }
  }

  // ---------------------------------------------------------------- layout

  /**
   * Places every section in its block. Text starts with a placeholder for the entry jump. A {@code .bss}
   * section reached by a PC-relative (fixed) relocation moves into text as zeros: the loader allocates bss apart
   * from text, so such a reference could not be resolved at link time otherwise.
   */
  void layout(Relocator relocator) {
    Set<InputSection> pinnedBss = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    for (InputSection s : sections) {
      for (ElfRelocation r : s.relocations) {
        if (symbol(s, r).index() != 0 && relocator.isPcRelative(this, s, r)) {
          Target t = target(s, r);
          if (t.inSection(SectionKind.BSS)) {
            pinnedBss.add(t.section());
          }
        }
      }
    }
    text.clear();
    rodata.clear();
    bss.clear();
    byte[] placeholder = arch.entryJump(8);
    entryJumpLength = placeholder.length;
    text.append(placeholder);
    for (InputSection s : sections) {
      s.block = switch (s.kind) {
        case RODATA, DATA_REL_RO, DATA -> arch.separateRodata() ? Block.RODATA : Block.TEXT;
        case BSS -> pinnedBss.contains(s) ? Block.TEXT : Block.BSS;
        default -> Block.TEXT;
      };
      OutputBuffer out = buffer(s.block);
      s.address = out.align(s.alignment);
      out.append(s.data);
    }
  }

  OutputBuffer buffer(Block block) {
    return switch (block) {
      case TEXT -> text;
      case RODATA -> rodata;
      case BSS -> bss;
    };
  }

  void populateGot() {
    List<GotEntry> ordered = new ArrayList<>(got.values());
    ordered.sort(Comparator.comparingInt(GotEntry::rank)); // stable: input order within a rank
    int offset = 0;
    for (GotEntry e : ordered) {
      e.offset = offset;
      offset += wordSize;
    }
    for (GotEntry e : ordered) {
      int destination;
      long word;
      Target t = e.target;
      switch (t.kind()) {
        case MP_FUN_TABLE -> {
          // mp_fun_table+N is the address of entry N/word (natmods store &mp_fun_table.type_type in their type
          // objects), so the slot holds N and the loader adds the table's address. The reference linker stores
          // the entry's value instead, which would make such code write the wrong pointer.
          destination = 8;
          word = e.targetOffset;
        }
        case FUN_TABLE_ENTRY -> {
          destination = 9 + t.funTableIndex();
          word = 0;
        }
        case QSTR_TABLE -> {
          destination = 6;
          word = e.targetOffset;
        }
        case OBJ_TABLE -> {
          destination = 7;
          word = e.targetOffset;
        }
        case SECTION -> {
          destination = placedBlock(t, () -> "GOT entry " + e.name).mpyCode;
          word = address(t) + e.targetOffset;
        }
        default -> throw new LinkException("GOT entry " + e.name + " points at " + t.kind() + ", which the loader cannot relocate");
      }
      e.word = word;
      e.destination = destination;
      text.putWord(gotSection.address + e.offset, word, wordSize);
      mpyRelocations.add(new MpyRelocation(Block.TEXT.mpyCode, gotSection.address + e.offset, destination));
    }
    if (literalSection != null) {
      for (Map.Entry<Long, Integer> lit : literals.entrySet()) {
        text.put32(literalSection.address + lit.getValue(), lit.getKey());
      }
    }
    for (Map.Entry<Long, Integer> v : romVeneers.entrySet()) {
      int at = veneerSection.address + v.getValue();
      long literal = literalSection.address + literals.get(v.getKey());
      long imm = (literal - ((at + 3) & ~3L) >> 2) & 0xFFFF;
      text.put24(at, 0x81 | imm << 8);   // l32r a8, literal
      text.put24(at + 3, 0x0008A0);       // jx a8
    }
  }

  int gotAddress(String name, InputSection from, ElfRelocation r) {
    GotEntry e = got.get(name);
    if (e == null) {
      throw new LinkException(from.file() + ": no GOT entry for " + name + where(from, r));
    }
    return gotSection.address + e.offset;
  }

  int gotOffset(String name, InputSection from, ElfRelocation r) {
    return gotAddress(name, from, r) - gotSection.address;
  }

  // ---------------------------------------------------------------- relocation

  void relocateAll(Relocator relocator) {
    for (InputSection s : sections) {
      for (ElfRelocation r : s.relocations) {
        if (r.offset() < 0 || r.offset() >= s.data.length) {
          throw new LinkException(s + ": relocation " + RelocationNames.name(arch, r.type()) + " at offset 0x"
              + Long.toHexString(r.offset()) + " lies outside the section (size 0x" + Integer.toHexString(s.data.length) + ")");
        }
        try {
          switch (s.kind) {
            case TEXT, RODATA -> {
              if (relocator.isAbsoluteWord(this, s, r)) {
                relocateWord(s, r);
              } else {
                relocator.relocate(this, s, r);
              }
            }
            default -> relocateWord(s, r);
          }
        } catch (IndexOutOfBoundsException e) {
          throw new LinkException(s + ": relocation " + RelocationNames.name(arch, r.type()) + " at offset 0x"
              + Long.toHexString(r.offset()) + " extends past the end of its block");
        }
      }
    }
  }

  /**
   * An absolute, word-sized pointer: stored as the target's offset in its block, plus a .mpy relocation so the
   * loader adds the block's address (or stores the mp_fun_table entry).
   */
  void relocateWord(InputSection s, ElfRelocation r) {
    if (!relocatorAbsoluteType(r.type())) {
      throw unsupported(s, r, "only absolute word relocations are allowed in data sections");
    }
    Target t = target(s, r);
    OutputBuffer out = buffer(s.block);
    int at = s.address + (int) r.offset();
    if (at % wordSize != 0) {
      throw new LinkException(s + ": absolute relocation at offset 0x" + Long.toHexString(r.offset()) + " to "
          + describe(symbol(s, r), s.object) + " is not word aligned; the loader can only patch aligned words");
    }
    long existing = out.word(at, wordSize);
    long addend = r.explicitAddend() ? r.addend() : 0;
    int destination;
    switch (t.kind()) {
      case SECTION -> {
        out.putWord(at, existing + address(t) + addend, wordSize);
        destination = placedBlock(t, () -> s + ": absolute relocation at offset 0x" + Long.toHexString(r.offset())).mpyCode;
      }
      case FUN_TABLE_ENTRY -> {
        if (addend != 0) {
          throw new LinkException(s + ": pointer into runtime object " + describe(symbol(s, r), s.object) + " with addend " + addend + " at offset 0x" + Long.toHexString(r.offset()));
        }
        destination = 9 + t.funTableIndex();
      }
      case MP_FUN_TABLE, QSTR_TABLE, OBJ_TABLE -> {
        out.putWord(at, existing + addend, wordSize);
        destination = t.kind() == Target.Kind.MP_FUN_TABLE ? 8 : t.kind() == Target.Kind.QSTR_TABLE ? 6 : 7;
      }
      case ABSOLUTE -> {
        out.putWord(at, existing + t.value() + addend, wordSize);
        return;
      }
      default -> throw unsupported(s, r, "absolute pointer to the GOT");
    }
    mpyRelocations.add(new MpyRelocation(s.block.mpyCode, at, destination));
  }

  private boolean relocatorAbsoluteType(int type) {
    return switch (arch.elfMachine()) {
      case ElfFile.EM_386, ElfFile.EM_X86_64, ElfFile.EM_XTENSA, ElfFile.EM_RISCV -> type == 1;
      case ElfFile.EM_ARM -> type == 2;
      default -> false;
    };
  }

  /** The checks every PC-relative reference shares; returns the target's address in text. */
  long fixedAddress(InputSection s, ElfRelocation r) {
    Target t = target(s, r);
    ElfSymbol sym = symbol(s, r);
    Supplier<String> reference = () -> s + ": fixed (PC-relative) relocation " + RelocationNames.name(arch, r.type())
        + " at offset 0x" + Long.toHexString(r.offset());
    if (t.isExternal()) {
      throw new LinkException(reference.get() + " to external symbol " + sym.name() + ", which only the loader can place");
    }
    if (t.kind() == Target.Kind.SECTION && placedBlock(t, reference) != s.block) {
      throw new LinkException(reference.get() + " to " + describe(sym, s.object) + " in " + t.section().block.name().toLowerCase()
          + ", which the loader places apart from " + s.block.name().toLowerCase());
    }
    return address(t);
  }

  /**
   * The block a section target was placed in; a section the layout does not copy (an Xtensa literal pool) has none.
   * The reference (what refers to it, for the error) is only built when there is an error: this runs per relocation.
   */
  static Block placedBlock(Target t, Supplier<String> reference) {
    Block block = t.section().block;
    if (block == null) {
      throw new LinkException(reference.get() + " refers to " + t.section() + ", which is not placed in the module"
          + (t.section().kind == SectionKind.LITERAL ? " (a literal pool is only read through L32R)" : ""));
    }
    return block;
  }

  LinkException unsupported(InputSection s, ElfRelocation r, String why) {
    return new LinkException(s + ": unsupported relocation " + RelocationNames.name(arch, r.type()) + " at offset 0x"
        + Long.toHexString(r.offset()) + " (symbol " + describe(symbol(s, r), s.object) + "): " + why);
  }

  LinkException outOfRange(InputSection s, ElfRelocation r, long value) {
    return new LinkException(s + ": relocation " + RelocationNames.name(arch, r.type()) + " at offset 0x"
        + Long.toHexString(r.offset()) + " (symbol " + describe(symbol(s, r), s.object) + "): value " + value + " out of range");
  }

  static long le32(byte[] data, int at) {
    return (data[at] & 0xffL) | (data[at + 1] & 0xffL) << 8 | (data[at + 2] & 0xffL) << 16 | (data[at + 3] & 0xffL) << 24;
  }

  /** Address of the relocated field within its block. */
  static int place(InputSection s, ElfRelocation r) {
    return s.address + (int) r.offset();
  }
}
