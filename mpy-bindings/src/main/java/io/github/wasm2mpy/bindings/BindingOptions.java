package io.github.wasm2mpy.bindings;

/**
 * Options of the generated bindings.
 *
 * @param pythonModule the name Python imports the module by ({@code import app}); also the prefix of the
 *     generated file names
 * @param builtins whether imports named like the built-ins ({@code wiring.*}, {@code
 *     wasi_snapshot_preview1.*}) get the C implementations; when false every import is a host function
 */
public record BindingOptions(String pythonModule, boolean builtins) {

    public BindingOptions {
        if (!PythonNames.isIdentifier(pythonModule)) {
            throw new BindingException("Python module name '" + pythonModule + "' is not a Python identifier");
        }
    }

    /** Defaults: built-ins on. */
    public static BindingOptions of(String pythonModule) {
        return new BindingOptions(pythonModule, true);
    }
}
