/**
 * Validation by the spec's algorithm: {@link io.github.wasm2mpy.model.validation.Validator} checks a module's
 * index spaces, limits and constant expressions and runs a {@link io.github.wasm2mpy.model.validation.StackTracker}
 * over every function body. The tracker is also the way for a code generator to know the type of every
 * operand-stack slot and the open control frames at each instruction.
 */
package io.github.wasm2mpy.model.validation;
