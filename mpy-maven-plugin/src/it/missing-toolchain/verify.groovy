def log = new File(basedir, 'build.log').text
assert log.contains("no C compiler for arch armv7m: looked for '/nowhere/arm-none-eabi-gcc'")
assert log.contains('gcc-arm-none-eabi') : 'the failure names the Debian package to install'
assert !new File(basedir, 'target/mpy/armv7m/calc.mpy').exists()
return true
