;; Has everything of raw ABI v1 except `core_call`.
(module
  (memory (export "memory") 1)
  (func (export "core_abi_version") (result i32) (i32.const 1))
  (func (export "core_alloc") (param i32) (result i32) (i32.const 1024))
  (func (export "core_free") (param i32 i32)))
