;; ping(n) asks the host's pong for a value and adds one; the host decides what pong does, and may call back.
(module
  (import "hosted" "pong" (func $pong (param i32) (result i32)))
  (func (export "ping") (param $n i32) (result i32)
    (i32.add (call $pong (local.get $n)) (i32.const 1)))
  (func (export "double") (param $n i32) (result i32)
    (i32.mul (local.get $n) (i32.const 2))))
