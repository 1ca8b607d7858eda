def log = new File(basedir, 'build.log').text
assert log.contains('broken.wasm: offset') : 'the failure names the file and the offset'
assert !new File(basedir, 'target/mpy/x64/broken.mpy').exists() : 'no half-written output'
return true
