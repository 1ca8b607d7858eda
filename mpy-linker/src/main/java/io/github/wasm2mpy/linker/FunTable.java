package io.github.wasm2mpy.linker;

import java.util.List;

/**
 * Data objects that natmods reach through {@code mp_fun_table}: their slots follow the function pointers, starting
 * at {@code MP_FUN_TABLE_MP_TYPE_TYPE_OFFSET} (73) in MicroPython 1.25's {@code py/nativeglue.h}.
 */
final class FunTable {
  private static final int FIRST_OBJECT_SLOT = 73;
  private static final List<String> OBJECTS = List.of(
      "mp_type_type", "mp_type_str", "mp_type_list", "mp_type_dict",
      "mp_type_fun_builtin_0", "mp_type_fun_builtin_1", "mp_type_fun_builtin_2", "mp_type_fun_builtin_3",
      "mp_type_fun_builtin_var", "mp_type_Exception",
      "mp_stream_read_obj", "mp_stream_readinto_obj", "mp_stream_unbuffered_readline_obj", "mp_stream_write_obj");

  private FunTable() {}

  /** The table slot of a runtime object, or -1 if {@code name} is not one. */
  static int slotOf(String name) {
    int i = OBJECTS.indexOf(name);
    return i < 0 ? -1 : FIRST_OBJECT_SLOT + i;
  }
}
