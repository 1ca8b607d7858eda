# The example's session, run by PingPongIT on x64 and by the e2e arch matrix on every arch; session.out is what
# it prints. A Python host function is called from wasm and calls back into it.
import pingpong
try:
    pingpong.ping(1)
except RuntimeError as e:
    print('unbound:', e)
calls = []
def pong(n):
    calls.append(n)
    return pingpong.double(n)   # back into wasm
pingpong.bind({'hosted.pong': pong})
print('ping', pingpong.ping(20), calls)
