package io.github.wasm2mpy.linker;

import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.linker.ar.ArArchive;
import io.github.wasm2mpy.linker.ar.ArMember;
import io.github.wasm2mpy.linker.elf.ElfFile;
import io.github.wasm2mpy.linker.elf.ElfSymbol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Links relocatable ELF objects (and members of static libraries) into a MicroPython native {@code .mpy}.
 *
 * <pre>{@code
 * LinkResult r = MpyLinker.builder()
 *     .arch(Arch.ARMV7M)
 *     .addObject(Path.of("build/features1.o"))
 *     .qstrHeader(Path.of("build/features1.config.h"))
 *     .link(Path.of("features1.mpy"));
 * }</pre>
 *
 * With default options the output is byte-identical to MicroPython's {@code tools/mpy_ld.py} wherever that
 * linker succeeds. Beyond it: initialised {@code .data} (placed with text, which every port loads into RAM),
 * static {@code .bss} reached PC-relatively, absolute pointers in text (armv6m libgcc), gcc 12 xtensa literal
 * pools, archive members pulled only when they do not redefine the module's own symbols, and optional section
 * garbage collection.
 */
public final class MpyLinker {
  private MpyLinker() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Collects inputs and options; {@link #link()} may be called more than once. */
  public static final class Builder {
    private Arch arch;
    private final List<Input> objects = new ArrayList<>();
    private final List<ArchiveInput> libraries = new ArrayList<>();
    private final List<String> qstrs = new ArrayList<>();
    private String sourceName;
    private boolean gcSections;
    private boolean relax = true;
    private boolean compact;

    private record Input(String name, byte[] bytes) {}

    /** A library as bytes, or already parsed (by a caller that keeps archives between links). */
    private record ArchiveInput(String name, byte[] bytes, ArArchive parsed) {
      ArArchive archive() {
        return parsed != null ? parsed : ArArchive.read(name, bytes);
      }
    }

    private Builder() {}

    public Builder arch(Arch arch) {
      this.arch = Objects.requireNonNull(arch);
      return this;
    }

    public Builder addObject(Path path) {
      objects.add(new Input(path.toString(), read(path)));
      return this;
    }

    public Builder addObject(String name, byte[] elf) {
      objects.add(new Input(name, elf.clone()));
      return this;
    }

    /** A static library ({@code .a}) whose members are linked only when they define a needed symbol. */
    public Builder addLibrary(Path path) {
      byte[] bytes = read(path);
      if (ArArchive.isArchive(bytes)) {
        libraries.add(new ArchiveInput(path.toString(), bytes, null));
      } else {
        LinkerScriptLibrary.members(path, bytes).forEach(this::addLibrary);
      }
      return this;
    }

    public Builder addLibrary(String name, byte[] archive) {
      libraries.add(new ArchiveInput(name, archive.clone(), null));
      return this;
    }

    /**
     * A parsed static library. Passing the same instance to many links (as the link server does for the
     * libraries of a build) spares reading, parsing and checksumming it each time; it must not be modified.
     */
    public Builder addLibrary(ArArchive archive) {
      libraries.add(new ArchiveInput(archive.source(), null, Objects.requireNonNull(archive)));
      return this;
    }

    /** Native qstrs in table order, as assigned by {@link Qstrs#preprocess}. */
    public Builder qstrs(List<String> names) {
      qstrs.clear();
      qstrs.addAll(names);
      return this;
    }

    /** Reads the native qstrs from a header written by {@link Qstrs#preprocess} ({@code --qstrs}). */
    public Builder qstrHeader(Path header) {
      return qstrs(Qstrs.readHeader(header));
    }

    /**
     * The name recorded as the module's source file in the .mpy (the reference linker stores the output path
     * exactly as given on its command line). Defaults to the output path, or {@code module.mpy} in memory.
     */
    public Builder sourceName(String name) {
      this.sourceName = name;
      return this;
    }

    /** Drops sections not reachable from {@code mpy_init}. Off by default, to match the reference linker. */
    public Builder gcSections(boolean enabled) {
      this.gcSections = enabled;
      return this;
    }

    /**
     * Writes the .mpy container as short as the format allows where the reference linker writes it longer: a
     * relocation run that continues the previous one omits its offset, and the source name is the empty static
     * qstr (a native module has no bytecode whose tracebacks would name it). Off by default, to match the
     * reference linker byte for byte.
     */
    public Builder compact(boolean enabled) {
      this.compact = enabled;
      return this;
    }

    /**
     * RISC-V: shortens calls and alignment padding in objects compiled with linker relaxation (they carry
     * {@code R_RISCV_RELAX}), see {@link RiscvRelaxer}. On by default; objects without it link as before.
     */
    public Builder relax(boolean enabled) {
      this.relax = enabled;
      return this;
    }

    /** Links in memory. */
    public LinkResult link() {
      return doLink(sourceName == null ? "module.mpy" : sourceName);
    }

    /** Links and writes {@code out} atomically: on any error no file (or the previous file) is left. */
    public LinkResult link(Path out) {
      LinkResult result = doLink(sourceName == null ? out.toString() : sourceName);
      writeAtomically(out, result.mpy());
      return result;
    }

    private LinkResult doLink(String name) {
      if (arch == null) {
        throw new IllegalStateException("no arch set: call arch(...) before link()");
      }
      if (objects.isEmpty()) {
        throw new LinkException("no input objects");
      }
      LinkState st = new LinkState(arch);
      for (Input in : objects) {
        st.load(in.name, ElfFile.read(in.name, in.bytes));
      }
      new ArchivePuller(st, libraries.stream().map(ArchiveInput::archive).toList()).pull();
      st.checkUndefined();
      st.entryAddress(); // fail early, and clearly, without an entry point
      if (gcSections) {
        st.collectGarbage();
      }
      Relocator relocator = arch.newRelocator();
      st.buildGot();
      st.createGot();
      st.layout(relocator);
      if (relax && arch == Arch.RV32IMC && RiscvRelaxer.wanted(st)) {
        new RiscvRelaxer(st).relax(relocator);
      }
      st.populateGot();
      st.relocateAll(relocator);
      st.text.put(0, arch.entryJump(st.entryAddress()));
      byte[] text = st.text.toByteArray();
      byte[] rodata = st.rodata.toByteArray();
      byte[] mpy = new MpyWriter(compact).write(arch, name, qstrs, text, rodata, st.bss.size(), st.mpyRelocations);
      return new LinkResult(mpy, ReportBuilder.build(st, mpy.length));
    }

    private static byte[] read(Path path) {
      try {
        return Files.readAllBytes(path);
      } catch (IOException e) {
        throw new UncheckedIOException(path + ": cannot read: " + AtomicFiles.reason(e), e);
      }
    }
  }

  static void writeAtomically(Path out, byte[] bytes) {
    try {
      AtomicFiles.write(out, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(out + ": cannot write: " + AtomicFiles.reason(e), e);
    }
  }

  /**
   * Pulls archive members for undefined symbols, breadth first in first-reference order. A member that would
   * redefine a symbol the link already defines (say picolibc's {@code calloc} when the module has its own) is
   * passed over for a later member that defines the wanted symbol without clashing.
   */
  static final class ArchivePuller {
    private final LinkState st;
    private final List<ArArchive> archives;
    private final Map<String, List<Member>> definers = new LinkedHashMap<>();
    private final Set<Member> pulled = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private record Member(String name, ElfFile elf, Set<String> strong, List<String> defined) {}

    private static final int PARSED_ARCHIVES_KEPT = 8;
    private static final Map<String, List<Member>> PARSED = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, List<Member>> eldest) {
        return size() > PARSED_ARCHIVES_KEPT;
      }
    };

    ArchivePuller(LinkState st, List<ArArchive> archives) {
      this.st = st;
      this.archives = archives;
    }

    void pull() {
      if (archives.isEmpty()) {
        return;
      }
      index();
      Set<String> tried = new HashSet<>();
      boolean progress = true;
      while (progress) {
        progress = false;
        for (String wanted : st.unresolvedNames()) {
          if (!tried.add(wanted)) {
            continue;
          }
          for (Member m : definers.getOrDefault(wanted, List.of())) {
            if (pulled.contains(m) || m.strong.stream().anyMatch(st::definesStrongly)) {
              continue;
            }
            pulled.add(m);
            st.load(m.name, m.elf);
            progress = true;
            break;
          }
        }
      }
    }

    private void index() {
      for (ArArchive a : archives) {
        for (Member m : membersOf(a)) {
          for (String d : m.defined) {
            definers.computeIfAbsent(d, k -> new ArrayList<>()).add(m);
          }
        }
      }
    }

    /**
     * The parsed members of an archive. Parsing every member of libm or libc dominates a link, so the result is
     * kept for the last few archives seen (keyed by name and content checksum) for embedders that link often.
     */
    private List<Member> membersOf(ArArchive a) {
      String key = contentKey(a) + "|" + st.arch.elfMachine();
      synchronized (PARSED) {
        List<Member> cached = PARSED.get(key);
        if (cached != null) {
          return cached;
        }
      }
      List<Member> parsed = parse(a);
      synchronized (PARSED) {
        PARSED.put(key, parsed);
      }
      return parsed;
    }

    /** Checksums of archive instances seen lately: an instance passed again is not checksummed again. */
    private static final Map<ArArchive, String> CONTENT_KEYS = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** Name, size and CRC-32 of the members: what identifies an archive's parsed members. */
    private static String contentKey(ArArchive a) {
      String known = CONTENT_KEYS.get(a); // a record of lists of arrays: equal only to itself in practice
      if (known != null) {
        return known;
      }
      CRC32 crc = new CRC32();
      long size = 0;
      for (ArMember member : a.members()) {
        crc.update(member.data());
        size += member.data().length;
      }
      String key = a.source() + "|" + size + "|" + crc.getValue();
      CONTENT_KEYS.put(a, key);
      return key;
    }

    private List<Member> parse(ArArchive a) {
      List<Member> parsed = new ArrayList<>();
      {
        for (ArMember member : a.members()) {
          if (!ElfFile.isElf(member.data())) {
            continue;
          }
          String name = a.source() + "(" + member.name() + ")";
          ElfFile elf = ElfFile.read(name, member.data());
          if (elf.machine() != st.arch.elfMachine()) {
            throw new LinkException(name + ": arch mismatch: member is " + ElfFile.machineName(elf.machine()) + ", linking for " + st.arch.id());
          }
          Set<String> strong = new HashSet<>();
          List<String> defined = new ArrayList<>();
          for (ElfSymbol sym : elf.symbols()) {
            if (sym.index() > 0 && sym.isGlobalOrWeak() && !sym.isUndefined()) {
              defined.add(sym.name());
              if (sym.bind() == ElfSymbol.STB_GLOBAL) {
                strong.add(sym.name());
              }
            }
          }
          parsed.add(new Member(name, elf, strong, List.copyOf(defined)));
        }
      }
      return List.copyOf(parsed);
    }
  }
}
