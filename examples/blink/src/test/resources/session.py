# The example's session, run by BlinkIT on x64 and by the e2e arch matrix on every arch; session.out is what it
# prints.
import blink
blink.setup()
blink.loop()
blink.loop()
print('blinks:', blink.count())
