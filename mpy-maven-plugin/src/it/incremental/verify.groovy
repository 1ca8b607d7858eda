def log = new File(basedir, 'build.log').text
// The second invocation's log replaces the first one's; it must report the module as up to date.
assert log =~ /calc\.mpy x64 +\d+ bytes \(up to date\)/
return true
