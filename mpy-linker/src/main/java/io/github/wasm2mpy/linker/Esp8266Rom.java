package io.github.wasm2mpy.linker;

import java.util.Map;

/**
 * Compiler-support routines that live in the ESP8266 mask ROM. Toolchains for the lx106 core (Debian's
 * {@code gcc-xtensa-lx106} among them) build libgcc without these functions, because firmware reaches them at
 * fixed ROM addresses; the MicroPython esp8266 port links against the same addresses. For arch {@code xtensa}
 * a symbol that nothing in the link defines, not even a library member, resolves to its ROM address here.
 *
 * <p>Source of the addresses: the {@code PROVIDE} lines of {@code ld/eagle.rom.addr.v6.ld} in Espressif's
 * ESP8266_NONOS_SDK (the same file ships in the ESP8266 RTOS SDK and esp-open-rtos). Only the libgcc integer and
 * soft-float routines listed there are taken; functions that libgcc implements but the ROM lacks ({@code __modsi3},
 * {@code __divsf3}, the comparisons such as {@code __ltdf2}) are not in this table and still come from libgcc or
 * fail as undefined.
 */
final class Esp8266Rom {
  private static final Map<String, Long> ADDRESSES = Map.ofEntries(
      // 32-bit integer division
      Map.entry("__divsi3", 0x4000dc88L),
      Map.entry("__udivsi3", 0x4000e21cL),
      Map.entry("__umodsi3", 0x4000e268L),
      // 64-bit integer arithmetic
      Map.entry("__muldi3", 0x40000650L),
      Map.entry("__divdi3", 0x4000ce60L),
      Map.entry("__udivdi3", 0x4000d310L),
      Map.entry("__umoddi3", 0x4000d770L),
      Map.entry("__umulsidi3", 0x4000dcf0L),
      // single-precision soft float
      Map.entry("__addsf3", 0x4000c180L),
      Map.entry("__subsf3", 0x4000c268L),
      Map.entry("__mulsf3", 0x4000c3dcL),
      Map.entry("__fixunssfsi", 0x4000c4c4L),
      Map.entry("__floatsisf", 0x4000e2acL),
      Map.entry("__floatunsisf", 0x4000e2a4L),
      // double-precision soft float
      Map.entry("__adddf3", 0x4000c538L),
      Map.entry("__subdf3", 0x4000c688L),
      Map.entry("__muldf3", 0x4000c8f0L),
      Map.entry("__divdf3", 0x4000cb94L),
      Map.entry("__fixdfsi", 0x4000ccb8L),
      Map.entry("__fixunsdfsi", 0x4000cd00L),
      Map.entry("__floatsidf", 0x4000e2f0L),
      Map.entry("__floatunsidf", 0x4000e2e8L),
      // conversions between the two
      Map.entry("__extendsfdf2", 0x4000cdfcL),
      Map.entry("__truncdfsf2", 0x4000cd5cL));

  private Esp8266Rom() {}

  /** The ROM address of {@code name}, or -1 if the ESP8266 ROM does not provide it. */
  static long address(String name) {
    Long a = ADDRESSES.get(name);
    return a == null ? -1 : a;
  }

  static Map<String, Long> all() {
    return ADDRESSES;
  }
}
