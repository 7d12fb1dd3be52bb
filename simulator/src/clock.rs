//! Simulated time: real UTC plus an offset the control API can advance (expiry and renewal
//! tests jump months ahead), and the API's `YYYY-MM-DD HH:MM:SS` date format.

use std::time::{SystemTime, UNIX_EPOCH};

pub const DAY: i64 = 86_400;

#[derive(Debug, Clone, Copy, Default)]
pub struct Clock {
    /// Seconds added to the real time.
    pub offset: i64,
}

impl Clock {
    pub fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        real + self.offset
    }
}

/// Days since 1970-01-01 for a civil date (proleptic Gregorian; H. Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `2024-05-01 12:00:00`.
pub fn format(ts: i64) -> String {
    let (y, m, d) = civil_from_days(ts.div_euclid(DAY));
    let s = ts.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// `2024-05-01`.
pub fn format_date(ts: i64) -> String {
    format(ts)[..10].to_owned()
}

/// Parses `YYYY-MM-DD` or `YYYY-MM-DD HH:MM:SS`; a date alone means `00:00:00`.
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let (date, time) = t.split_once([' ', 'T']).unwrap_or((t, "00:00:00"));
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    if dp.next().is_some()
        || !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || !(1..=9999).contains(&y)
    {
        return None;
    }
    let time = time.split('.').next().unwrap_or("");
    let mut tp = time.split(':');
    let h: i64 = tp.next().unwrap_or("0").parse().ok()?;
    let mi: i64 = tp.next().unwrap_or("0").parse().ok()?;
    let s: i64 = tp.next().unwrap_or("0").parse().ok()?;
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(days_from_civil(y, m, d) * DAY + h * 3600 + mi * 60 + s)
}

/// Adds calendar months, keeping the time of day; the 31st becomes the month's last day.
pub fn add_months(ts: i64, months: i64) -> i64 {
    let (y, m, d) = civil_from_days(ts.div_euclid(DAY));
    let secs = ts.rem_euclid(DAY);
    let total = y * 12 + (m as i64 - 1) + months;
    let (ny, nm) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u32);
    let last = days_in_month(ny, nm);
    days_from_civil(ny, nm, d.min(last)) * DAY + secs
}

fn days_in_month(y: i64, m: u32) -> u32 {
    let next = if m == 12 {
        days_from_civil(y + 1, 1, 1)
    } else {
        days_from_civil(y, m + 1, 1)
    };
    (next - days_from_civil(y, m, 1)) as u32
}

/// A small deterministic generator (SplitMix64): seeded fault schedules and demo data must be
/// the same on every run and every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A random string from `alphabet`.
    pub fn string(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.below(alphabet.len() as u64) as usize] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        let ts = parse("2024-02-29 13:14:15").unwrap();
        assert_eq!(format(ts), "2024-02-29 13:14:15");
        assert_eq!(format(add_months(ts, 12)), "2025-02-28 13:14:15");
        assert_eq!(format(parse("1970-01-01").unwrap()), "1970-01-01 00:00:00");
        assert_eq!(parse("2024-13-01"), None);
        assert_eq!(parse("nonsense"), None);
    }
}
