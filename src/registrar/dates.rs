//! API timestamps (`2027-03-01 10:20:30.0`) as calendar dates; WHMCS stores `Y-m-d`.

use time::macros::format_description;
use time::Date;

/// The date part of an API timestamp or a WHMCS date.
pub fn parse(text: &str) -> Option<Date> {
    let day = text.trim().get(..10)?;
    Date::parse(day, format_description!("[year]-[month]-[day]")).ok()
}

pub fn format(date: Date) -> String {
    date.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

/// The expiry date WHMCS should show, by the original module's rule: the registry's failure
/// date after the paid-until date means the domain ends when it is paid until; otherwise it
/// ends the paid-for time after the registry's finalization date.
pub fn whmcs_expiry(
    expiration: Date,
    paid_until: Date,
    failure: Option<Date>,
    finalization: Option<Date>,
) -> Date {
    match (failure, finalization) {
        (Some(failure), _) if failure > paid_until => paid_until,
        (_, Some(finalization)) => finalization
            .checked_add(paid_until - expiration)
            .unwrap_or(paid_until),
        _ => paid_until,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse(s).unwrap()
    }

    #[test]
    fn failure_after_paid_until_means_paid_until() {
        let e = whmcs_expiry(
            d("2027-03-01"),
            d("2027-03-01"),
            Some(d("2027-04-05 00:00:00.0")),
            Some(d("2027-02-20")),
        );
        assert_eq!(format(e), "2027-03-01");
    }

    #[test]
    fn otherwise_finalization_plus_the_paid_ahead_time() {
        // Paid 366 days (2028 is a leap year) past the registry expiry; the registry
        // finalizes 10 days before it.
        let e = whmcs_expiry(
            d("2027-03-01"),
            d("2028-03-01"),
            Some(d("2027-02-01")),
            Some(d("2027-02-19")),
        );
        assert_eq!(format(e), "2028-02-20");
    }

    #[test]
    fn timestamps_with_fractions_parse() {
        assert_eq!(format(d("2027-01-31 23:59:59.0")), "2027-01-31");
        assert!(parse("31.01.2027").is_none());
    }
}
