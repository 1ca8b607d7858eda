package io.github.wasm2mpy.linker.cli;

import io.github.wasm2mpy.files.AtomicFiles;
import io.github.wasm2mpy.linker.Arch;
import io.github.wasm2mpy.linker.LinkException;
import io.github.wasm2mpy.linker.LinkReport;
import io.github.wasm2mpy.linker.LinkResult;
import io.github.wasm2mpy.linker.MpyLinker;
import io.github.wasm2mpy.linker.Qstrs;
import io.github.wasm2mpy.linker.ar.ArArchive;
import io.github.wasm2mpy.linker.ar.MalformedArchiveException;
import io.github.wasm2mpy.linker.elf.MalformedElfException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code mpy-link}: a drop-in for {@code mpy_ld.py}'s command line, so {@code dynruntime.mk} can use it as
 * {@code MPY_LD}. Link mode: {@code mpy-link --arch A [--qstrs H] [-l LIB]... [-o OUT] OBJ...}; preprocess mode:
 * {@code mpy-link --arch A --preprocess -o H SRC...}. Extras: {@code --gc-sections}, {@code --compact} (the
 * shorter container of {@code MpyLinker.Builder#compact}), {@code --no-relax} (RISC-V: keep calls as compiled),
 * {@code --map FILE}, {@code --report FILE} (JSON size report), {@code -q} (no summary).
 */
public final class MpyLinkCommand {
  private final ArchiveCache archives = ArchiveCache.shared();
  private final Workspace workspace;
  private final PrintStream out;
  private final PrintStream err;

  /** Runs in this process's working directory and writes files with its default permissions. */
  public MpyLinkCommand(PrintStream out, PrintStream err) {
    this(Workspace.ofThisProcess(), out, err);
  }

  /** Runs for a caller elsewhere (the link server's client): names resolve against its directory. */
  public MpyLinkCommand(Workspace workspace, PrintStream out, PrintStream err) {
    this.workspace = workspace;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new MpyLinkCommand(System.out, System.err).run(args));
  }

  /** Runs one command line and returns the exit status: 0 ok, 1 link error, 2 usage error. */
  public int run(String... args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("mpy-link: " + e.getMessage());
      err.println(Options.USAGE);
      return 2;
    }
    if (o.help) {
      out.println(Options.USAGE);
      return 0;
    }
    try {
      return o.preprocess ? preprocess(o) : link(o);
    } catch (LinkException e) {
      out.println("LinkError: " + e.getMessage());
      return 1;
    } catch (MalformedElfException | MalformedArchiveException | UncheckedIOException e) {
      out.println("LinkError: " + e.getMessage());
      return 1;
    }
  }

  private int preprocess(Options o) {
    String output = o.output;
    if (output == null) {
      if (!o.files.get(0).endsWith(".c")) {
        throw new LinkException("--preprocess without -o needs a .c file first (got " + o.files.get(0) + ")");
      }
      output = o.files.get(0).substring(0, o.files.get(0).length() - 1) + "config.h";
    }
    List<String> sources = new ArrayList<>();
    for (String f : o.files) {
      sources.add(new String(read(f), StandardCharsets.ISO_8859_1));
    }
    write(output, Qstrs.preprocessTexts(sources).getBytes(StandardCharsets.UTF_8));
    return 0;
  }

  private int link(Options o) {
    Arch arch = Arch.byId(o.arch).orElseThrow(() -> new LinkException("unknown arch " + o.arch + "; one of "
        + Arrays.stream(Arch.values()).map(Arch::id).toList()));
    String output = o.output;
    if (output == null) {
      if (!o.files.get(0).endsWith(".o")) {
        throw new LinkException("no -o given and the first input " + o.files.get(0) + " does not end in .o");
      }
      output = o.files.get(0).substring(0, o.files.get(0).length() - 1) + "mpy";
    }
    MpyLinker.Builder b = MpyLinker.builder().arch(arch).gcSections(o.gcSections).compact(o.compact).relax(!o.noRelax).sourceName(output);
    // Inputs are read here, under the names given on the command line, so messages, maps and reports read the
    // same whether the names resolve against this process's directory or a link-server client's.
    for (String f : o.files) {
      b.addObject(f, read(f));
    }
    for (String lib : o.libs) {
      Optional<ArArchive> archive = archives.get(lib, workspace.resolve(lib), () -> read(lib));
      if (archive.isPresent()) {
        b.addLibrary(archive.get());
      } else {
        b.addLibrary(workspace.resolve(lib)); // a linker script (GROUP ...): members resolve beside it
      }
    }
    if (o.qstrs != null) {
      b.qstrs(Qstrs.parseHeader(new String(read(o.qstrs), StandardCharsets.ISO_8859_1)));
    }
    LinkResult result = b.link();
    write(output, result.mpy());
    LinkReport r = result.report();
    if (o.verbosity > 0) {
      out.println("arch:         " + elfName(arch));
      out.println("text size:    " + r.textSize());
      if (r.rodataSize() > 0) {
        out.println("rodata size:  " + r.rodataSize());
      }
      out.println("bss size:     " + r.bssSize());
      out.println("GOT entries:  " + r.gotEntries());
    }
    if (o.verbosity > 1) {
      out.print(r.toLinkMap());
    }
    if (o.map != null) {
      write(o.map, r.toLinkMap().getBytes(StandardCharsets.UTF_8));
    }
    if (o.report != null) {
      write(o.report, r.toJson().getBytes(StandardCharsets.UTF_8));
    }
    return 0;
  }

  private static String elfName(Arch arch) {
    return io.github.wasm2mpy.linker.elf.ElfFile.machineName(arch.elfMachine());
  }

  private byte[] read(String name) {
    try {
      return Files.readAllBytes(workspace.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot read: " + AtomicFiles.reason(e), e);
    }
  }

  /**
   * Writes through {@link AtomicFiles}, so a reader (or a concurrent link of the same output in the server)
   * never sees a half-written file, in the client's file mode when the server writes for it.
   */
  private void write(String name, byte[] bytes) {
    try {
      AtomicFiles.write(workspace.resolve(name), bytes, workspace.newFilePermissions());
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": cannot write: " + AtomicFiles.reason(e), e);
    }
  }

  /** The command line, parsed the way Python's argparse parses {@code mpy_ld.py}'s. */
  static final class Options {
    static final String USAGE = "usage: mpy-link [-h] [--verbose] [--arch ARCH] [--preprocess] [--qstrs QSTRS] [--libs LIBS]"
        + " [--output OUTPUT] [--gc-sections] [--compact] [--no-relax] [--map FILE] [--report FILE] [-q] files [files ...]";
    String arch = "x64";
    boolean preprocess;
    boolean help;
    boolean gcSections;
    boolean compact;
    boolean noRelax;
    String qstrs;
    String output;
    String map;
    String report;
    int verbosity = 1;
    final List<String> libs = new ArrayList<>();
    final List<String> files = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      boolean onlyFiles = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (onlyFiles || !a.startsWith("-") || a.equals("-")) {
          o.files.add(a);
          continue;
        }
        if (a.equals("--")) {
          onlyFiles = true;
          continue;
        }
        String name = a;
        String value = null;
        if (a.startsWith("--") && a.contains("=")) {
          name = a.substring(0, a.indexOf('='));
          value = a.substring(a.indexOf('=') + 1);
        } else if (!a.startsWith("--") && a.length() > 2) {
          if (a.chars().skip(1).allMatch(c -> c == 'v')) {
            o.verbosity += a.length() - 1; // -vvv
            continue;
          }
          name = a.substring(0, 2);
          value = a.substring(2); // -lLIB, -oOUT
        }
        switch (name) {
          case "-h", "--help" -> o.help = true;
          case "-v", "--verbose" -> o.verbosity++;
          case "-q", "--quiet" -> o.verbosity = 0;
          case "--preprocess" -> o.preprocess = true;
          case "--gc-sections" -> o.gcSections = true;
          case "--compact" -> o.compact = true;
          case "--no-relax" -> o.noRelax = true;
          case "--arch" -> o.arch = value != null ? value : next(args, ++i, name);
          case "--qstrs" -> o.qstrs = value != null ? value : next(args, ++i, name);
          case "-l", "--libs" -> o.libs.add(value != null ? value : next(args, ++i, name));
          case "-o", "--output" -> o.output = value != null ? value : next(args, ++i, name);
          case "--map" -> o.map = value != null ? value : next(args, ++i, name);
          case "--report" -> o.report = value != null ? value : next(args, ++i, name);
          default -> throw new IllegalArgumentException("unrecognized argument: " + a);
        }
      }
      if (o.files.isEmpty() && !o.help) {
        throw new IllegalArgumentException("the following arguments are required: files");
      }
      return o;
    }

    private static String next(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException("argument " + option + ": expected one argument");
      }
      return args[i];
    }
  }
}
