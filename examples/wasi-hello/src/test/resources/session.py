# The example's session, run by WasiHelloIT on x64 and by the e2e arch matrix on every arch; session.out is what
# it prints. A WASI command's _start runs main; wasi-libc may end it through proc_exit, which is SystemExit here.
import wasi_hello
try:
    wasi_hello._start()
    print('exit', 0)
except SystemExit as e:
    print('exit', e.args[0] if e.args else 0)
