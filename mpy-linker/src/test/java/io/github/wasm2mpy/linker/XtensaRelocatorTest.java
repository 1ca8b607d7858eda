package io.github.wasm2mpy.linker;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.wasm2mpy.linker.elf.ElfFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct calls between text sections. Code built without {@code -mlongcalls} (picolibc's libm members, each
 * function in its own {@code .text.NAME} section) reaches other functions with {@code call0}, whose 18-bit offset
 * only the linker can fill in once the sections are placed ({@code -fno-pic}: position-independent code calls
 * through literals instead).
 */
class XtensaRelocatorTest {
  private static final String CALLEE = """
      int twice(int x) { return 2 * x; }
      """;
  private static final String CALLER = """
      extern int twice(int);
      __attribute__((noinline)) int thrice(int x) { return 3 * x + twice(x); }
      int mpy_init(int x) { return twice(x) + thrice(x); }
      """;

  @Test
  void directCallsIntoOtherTextSectionsArePatched(@TempDir Path dir) throws Exception {
    byte[] callee = Compilers.compile("xtensa", CALLEE, dir, "-ffunction-sections", "-fno-pic");
    byte[] caller = Compilers.compile("xtensa", CALLER, dir, "-ffunction-sections", "-fno-pic");
    LinkResult result = MpyLinker.builder().arch(Arch.XTENSA)
        .addObject("caller.o", caller).addObject("callee.o", callee).link();
    XtensaLinkChecks checks = new XtensaLinkChecks(
        List.of(ElfFile.read("caller.o", caller), ElfFile.read("callee.o", callee)), result);
    checks.run();
    // twice from thrice and from mpy_init (another object), thrice from mpy_init (same object, other section)
    assertThat(checks.directCallsChecked).isGreaterThanOrEqualTo(3);
  }

  @Test
  void directCallsToRomRoutinesGoThroughVeneers(@TempDir Path dir) throws Exception {
    byte[] o = Compilers.compile("xtensa", """
        double add(double a, double b) { return a + b; }
        double mul(double a, double b) { return a * b; }
        double mpy_init(double a) { return add(a, a) + mul(a, a); }
        """, dir, "-ffunction-sections", "-fno-pic");
    LinkResult result = MpyLinker.builder().arch(Arch.XTENSA).addObject("math.o", o).link();
    XtensaLinkChecks checks = new XtensaLinkChecks(List.of(ElfFile.read("math.o", o)), result);
    checks.run();
    assertThat(checks.romVeneersChecked).containsExactly("__adddf3", "__muldf3");
    // one veneer per routine however many calls reach it, and no loader relocation for the ROM addresses
    assertThat(result.report().sections()).anySatisfy(s -> {
      assertThat(s.name()).isEqualTo("ROM_VENEERS");
      assertThat(s.size()).isEqualTo(16);
    });
  }
}
