// The .mpy, the stub and the report exist; the .mpy is attached with the arch as classifier.
def mpy = new File(basedir, 'target/mpy/x64/calc.mpy')
assert mpy.isFile() && mpy.bytes[0] == ('M' as char) && mpy.bytes[1] == 6
assert new File(basedir, 'target/mpy/calc.pyi').text.contains('def add(')
def report = new File(basedir, 'target/mpy/calc.build.json').text
assert report.contains('"arch" : "x64"')
assert report.contains('heapChunkSize=256')
def log = new File(basedir, 'build.log').text
assert log =~ /wasm2mpy: .*calc\.mpy x64 +\d+ bytes/
return true
