;; Speaks a future raw ABI version: every host of version 1 must refuse it at load.
(module
  (memory (export "memory") 1)
  (func (export "core_abi_version") (result i32) (i32.const 2))
  (func (export "core_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "core_free") (param i32 i32))
  (func (export "core_call") (param i32 i32 i32 i32) (result i64) (i64.const 0)))
