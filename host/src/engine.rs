//! One wasmtime `Engine` per process, and the timer thread that makes deadlines work.
//!
//! Deadlines use epoch interruption: compiled code checks a counter at loop heads and function
//! entries, and a store traps once the counter passes the deadline it was given. The counter
//! is advanced by one background thread every [`EPOCH_TICK`]; sharing the engine means one
//! thread per process however many cores are loaded.

use crate::error::{ErrorKind, HostError};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;
use std::thread;
use std::time::Duration;
use wasmtime::{Config, Engine};

/// How often the epoch advances: the granularity of every deadline.
pub(crate) const EPOCH_TICK: Duration = Duration::from_millis(10);

static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();

/// The pid that owns the running timer thread; 0 before the first start.
static TICKER_PID: AtomicU32 = AtomicU32::new(0);

/// The shared engine, with its timer thread running in this process.
pub(crate) fn shared() -> Result<&'static Engine, HostError> {
    let engine = ENGINE
        .get_or_init(|| {
            let mut config = Config::new();
            config.epoch_interruption(true);
            Engine::new(&config).map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| {
            HostError::new(
                ErrorKind::Engine,
                format!("the wasmtime engine could not be created ({e})"),
            )
        })?;
    ensure_ticker(engine)?;
    Ok(engine)
}

/// Starts the timer thread unless this process already has one. Comparing pids rather than
/// using a plain flag matters under php-fpm: a forked worker inherits the flag, not the thread.
fn ensure_ticker(engine: &'static Engine) -> Result<(), HostError> {
    let pid = std::process::id();
    if TICKER_PID.swap(pid, Ordering::AcqRel) == pid {
        return Ok(());
    }
    let spawned = thread::Builder::new()
        .name("ispapi-core-epoch".to_owned())
        .spawn(move || loop {
            thread::sleep(EPOCH_TICK);
            engine.increment_epoch();
        });
    match spawned {
        Ok(_) => Ok(()),
        Err(e) => {
            TICKER_PID.store(0, Ordering::Release);
            Err(HostError::new(
                ErrorKind::Engine,
                format!("the deadline timer thread could not be started ({e})"),
            ))
        }
    }
}

/// Epoch ticks that cover `deadline`: rounded up, plus one because the next tick may come
/// at any moment after the deadline is set. Capped (at over a year) because wasmtime adds the
/// ticks to the current epoch without saturating.
pub(crate) fn ticks_for(deadline: Duration) -> u64 {
    const MAX_TICKS: u128 = u32::MAX as u128;
    let ticks = deadline.as_nanos().div_ceil(EPOCH_TICK.as_nanos());
    ticks.clamp(1, MAX_TICKS) as u64 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_round_up_to_whole_ticks() {
        assert_eq!(ticks_for(Duration::ZERO), 2);
        assert_eq!(ticks_for(Duration::from_millis(10)), 2);
        assert_eq!(ticks_for(Duration::from_millis(11)), 3);
        assert_eq!(ticks_for(Duration::from_secs(10)), 1001);
        assert_eq!(ticks_for(Duration::MAX), u64::from(u32::MAX) + 1);
    }
}
