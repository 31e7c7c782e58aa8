//! Dates of the horizon: `"YYYY-MM-DD"` strings, their day numbers (days since 1970-01-01,
//! so that gaps between dates are calendar days) and weekdays.
//!
//! Written by hand (Howard Hinnant's `days_from_civil`, a dozen lines) rather than with a date
//! crate: the week only needs to read ISO dates, count days between them and name weekdays.

/// Weekday names as accepted in `days` fields, Monday first.
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Days since 1970-01-01 of a `"YYYY-MM-DD"` date, `None` when it is not a real date.
///
/// ```
/// use tournee::week::day_number;
/// assert_eq!(day_number("1970-01-02"), Some(1));
/// assert_eq!(day_number("2026-12-07").unwrap() - day_number("2026-11-30").unwrap(), 7);
/// assert_eq!(day_number("2026-02-29"), None);
/// ```
pub fn day_number(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = &text[r];
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in_month = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d < 1 || d > days_in_month[(m - 1) as usize] {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Weekday of a day number: 0 = Monday … 6 = Sunday.
pub fn weekday(day_number: i64) -> usize {
    // 1970-01-01 was a Thursday.
    (day_number + 3).rem_euclid(7) as usize
}

/// The `"YYYY-MM-DD"` date of a day number (the inverse of [`day_number`]).
///
/// ```
/// use tournee::week::{date_of, day_number};
/// assert_eq!(date_of(day_number("2026-12-07").unwrap()), "2026-12-07");
/// assert_eq!(date_of(day_number("2028-02-29").unwrap() + 1), "2028-03-01");
/// ```
pub fn date_of(day_number: i64) -> String {
    let z = day_number + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The dates of a horizon written as `"FIRST..LAST"` (every day, both included) or as a
/// comma-separated list; `None` when a date is not a real date or the range runs backwards.
///
/// ```
/// use tournee::week::horizon_dates;
/// assert_eq!(horizon_dates("2026-12-07..2026-12-09").unwrap(),
///            ["2026-12-07", "2026-12-08", "2026-12-09"]);
/// assert_eq!(horizon_dates("2026-12-07,2026-12-09").unwrap().len(), 2);
/// assert!(horizon_dates("2026-12-09..2026-12-07").is_none());
/// ```
pub fn horizon_dates(spec: &str) -> Option<Vec<String>> {
    match spec.split_once("..") {
        Some((a, b)) => {
            let (a, b) = (day_number(a.trim())?, day_number(b.trim())?);
            (a <= b).then(|| (a..=b).map(date_of).collect())
        }
        None => spec
            .split(',')
            .map(|d| day_number(d.trim()).map(|_| d.trim().to_string()))
            .collect(),
    }
}
