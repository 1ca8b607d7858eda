package io.github.wasm2mpy.model.validation;

import io.github.wasm2mpy.model.Module;

/**
 * A module that passed {@link Validator}: later stages take this type to say they trust their input.
 *
 * @param module the valid module
 * @param context its validation context, for building {@link StackTracker}s
 */
public record ValidatedModule(Module module, ModuleContext context) {
    /** A tracker for defined function {@code definedIndex} (0 = first function of the code section). */
    public StackTracker tracker(int definedIndex, io.github.wasm2mpy.model.CodeVisitor delegate) {
        int functionIndex = module.importedFunctionCount() + definedIndex;
        return new StackTracker(context, functionIndex, module.functions().get(definedIndex).locals(), delegate);
    }
}
