// Two modules for five archs; with several modules the classifier is <module>-<arch>, and install publishes them.
def archs = ['x64', 'x86', 'armv6m', 'armv7m', 'rv32imc']
def archCodes = [x64: 2, x86: 1, armv6m: 4, armv7m: 5, rv32imc: 11]
for (module in ['calc', 'zig']) {
    for (arch in archs) {
        def mpy = new File(basedir, "target/mpy/${arch}/${module}.mpy")
        assert mpy.isFile() : "missing ${mpy}"
        assert (mpy.bytes[2] >> 2) == archCodes[arch] : "wrong arch code in ${mpy}"
        def installed = new File(localRepositoryPath, "io/github/wasm2mpy/it/multi-arch/1.0/multi-arch-1.0-${module}-${arch}.mpy")
        assert installed.isFile() : "not installed: ${installed}"
    }
}
return true
