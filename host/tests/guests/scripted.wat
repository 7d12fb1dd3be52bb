;; A stand-in for the core that speaks raw ABI v1 and misbehaves on request, so that the
;; host's bounds can be tested without breaking the real core. Used by the host's Rust tests
;; and, compiled to scripted.wasm, by the PHP bridge tests.
;;
;; The first byte of the function name picks the behaviour:
;;   e(cho)  the arguments come back as the envelope
;;   p(eek)  returns the flag envelope: {"ok":0}, or {"ok":1} once this instance was marked
;;   m(ark)  sets the flag and returns it
;;   t(rap)  executes `unreachable`, which is what a panic in the real core becomes
;;   l(oop)  never returns
;;   g(row)  grows memory by 1 MiB until refused, then traps as Rust's allocator would
;;   u(tf8)  returns an envelope that is not UTF-8
;;   o(ob)   returns a buffer outside linear memory
;;   other   returns an unknown_function error envelope
;; core_call_packed is the same call in MessagePack: echo hands back the MessagePack arguments,
;; other names the unknown_function envelope in MessagePack; peek, mark, utf8 and oob answer
;; as in JSON (which a MessagePack reader refuses).
;; core_alloc refuses (returns 0) any request of 60000 bytes or more.
(module
  (memory (export "memory") 2)
  (global $next (mut i32) (i32.const 4096))
  (data (i32.const 16) "{\"ok\":0}")
  (data (i32.const 32) "\ff\fe")
  (data (i32.const 48) "{\"error\":{\"code\":\"unknown_function\",\"message\":\"the test guest has no such function\"}}")
  (data (i32.const 160) "\81\a5\65\72\72\6f\72\82\a4\63\6f\64\65\b0\75\6e\6b\6e\6f\77\6e\5f\66\75\6e\63\74\69\6f\6e\a7\6d\65\73\73\61\67\65\d9\23\74\68\65\20\74\65\73\74\20\67\75\65\73\74\20\68\61\73\20\6e\6f\20\73\75\63\68\20\66\75\6e\63\74\69\6f\6e")

  (func (export "core_abi_version") (result i32)
    (i32.const 1))

  ;; A bump allocator over the second page that wraps around: buffers live for one call only.
  (func (export "core_alloc") (param $len i32) (result i32)
    (local $ptr i32)
    (if (i32.ge_u (local.get $len) (i32.const 60000))
      (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (global.get $next) (local.get $len)) (i32.const 131072))
      (then (global.set $next (i32.const 65536))))
    (local.set $ptr (global.get $next))
    (global.set $next (i32.add (local.get $ptr) (local.get $len)))
    (local.get $ptr))

  (func (export "core_free") (param i32 i32))

  (func $pack (param $ptr i32) (param $len i32) (result i64)
    (i64.or
      (i64.shl (i64.extend_i32_u (local.get $ptr)) (i64.const 32))
      (i64.extend_i32_u (local.get $len))))

  (func (export "core_call") (param $name i32) (param $name_len i32) (param $args i32) (param $args_len i32) (result i64)
    (call $call (local.get $name) (local.get $args) (local.get $args_len) (i32.const 48) (i32.const 85)))

  (func (export "core_call_packed") (param $name i32) (param $name_len i32) (param $args i32) (param $args_len i32) (result i64)
    (call $call (local.get $name) (local.get $args) (local.get $args_len) (i32.const 160) (i32.const 75)))

  ;; $unknown / $unknown_len: the unknown_function envelope in the call's encoding.
  (func $call (param $name i32) (param $args i32) (param $args_len i32) (param $unknown i32) (param $unknown_len i32) (result i64)
    (local $op i32)
    (local.set $op (i32.load8_u (local.get $name)))
    (if (i32.eq (local.get $op) (i32.const 0x65))
      (then (return (call $pack (local.get $args) (local.get $args_len)))))
    (if (i32.eq (local.get $op) (i32.const 0x70))
      (then (return (call $pack (i32.const 16) (i32.const 8)))))
    (if (i32.eq (local.get $op) (i32.const 0x6d))
      (then
        (i32.store8 (i32.const 22) (i32.const 0x31))
        (return (call $pack (i32.const 16) (i32.const 8)))))
    (if (i32.eq (local.get $op) (i32.const 0x74))
      (then (unreachable)))
    (if (i32.eq (local.get $op) (i32.const 0x6c))
      (then (loop $forever (br $forever))))
    (if (i32.eq (local.get $op) (i32.const 0x67))
      (then
        (loop $more
          (br_if $more (i32.ne (memory.grow (i32.const 16)) (i32.const -1))))
        (unreachable)))
    (if (i32.eq (local.get $op) (i32.const 0x75))
      (then (return (call $pack (i32.const 32) (i32.const 2)))))
    (if (i32.eq (local.get $op) (i32.const 0x6f))
      (then (return (call $pack (i32.const 0x7fff0000) (i32.const 16)))))
    (call $pack (local.get $unknown) (local.get $unknown_len)))
)
