package io.github.wasm2mpy.linker;

import java.util.List;

/**
 * The inputs cannot be linked: undefined or duplicate symbols, an unsupported relocation, a value out of range,
 * mismatched architectures. Each problem is one line naming the object, section, offset and symbol involved.
 */
public final class LinkException extends RuntimeException {
  private final List<String> problems;

  public LinkException(String problem) {
    this(List.of(problem));
  }

  public LinkException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
