# Sourced by scripts/setup and scripts/check-setup-fallback.
# cargo install TOOL [ARGS…]: the tool's published lock file first (the versions its authors
# tested); when the registry this machine reaches lacks a version that lock names, cargo refuses
# the locked install, so the same tool version is installed again without the lock (one line
# says so, with cargo's first error). A failure of the unlocked install still stops setup.
cargo_install() {
  local tool=$1
  shift
  local log
  log=$(mktemp)
  if cargo install "$tool" "$@" --locked --quiet 2>"$log"; then
    rm -f "$log"
    return 0
  fi
  echo "setup: the locked install of $tool failed ($(grep -m1 -E '^error' "$log" || tail -n1 "$log")); installing it unlocked"
  rm -f "$log"
  cargo install "$tool" "$@" --quiet
}
