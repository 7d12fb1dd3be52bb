;; Imports a host function: the core must need nothing from its host.
(module
  (import "env" "now" (func (result i64)))
  (memory (export "memory") 1)
  (func (export "core_abi_version") (result i32) (i32.const 1)))
