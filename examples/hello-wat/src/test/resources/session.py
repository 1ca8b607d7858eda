# The example's session, run by HelloWatIT and by the e2e arch matrix on every arch; session.out is what it
# prints (the boards print floats in single precision, the unix port in double: both show 5.0 here).
import hello
print(hello.add(2, 3), hello.divide(7, 2), hello.factorial(20), hello.hypot(3, 4))
try:
    hello.divide(1, 0)
except RuntimeError as e:
    print('trap:', e)
print(hello.add(1, 1))
