;; Asks for 512 MiB of linear memory up front: more than the default 256 MiB limit.
(module
  (memory (export "memory") 8192)
  (func (export "core_abi_version") (result i32) (i32.const 1))
  (func (export "core_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "core_free") (param i32 i32))
  (func (export "core_call") (param i32 i32 i32 i32) (result i64) (i64.const 0)))
