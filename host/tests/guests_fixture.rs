//! The PHP bridge tests load the guests as .wasm (PHP cannot compile WAT), so the committed
//! binaries must stay what their WAT sources say. Regenerate with
//! `UPDATE_GUESTS=1 cargo test -p core-host --release --test guests_fixture`.

use std::path::Path;

#[test]
fn committed_guest_binaries_match_their_wat() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/guests");
    let update = std::env::var_os("UPDATE_GUESTS").is_some();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("guests dir") {
        let wat_path = entry.expect("dir entry").path();
        if wat_path.extension().is_none_or(|e| e != "wat") {
            continue;
        }
        let wasm = wat::parse_file(&wat_path).expect("guest WAT compiles");
        let wasm_path = wat_path.with_extension("wasm");
        if update {
            std::fs::write(&wasm_path, &wasm).expect("write guest .wasm");
        }
        let committed = std::fs::read(&wasm_path).unwrap_or_default();
        assert!(
            committed == wasm,
            "{} is stale: rerun with UPDATE_GUESTS=1",
            wasm_path.display()
        );
        checked += 1;
    }
    assert!(
        checked >= 5,
        "expected the guest WAT files in {}",
        dir.display()
    );
}
