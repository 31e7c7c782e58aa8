//! Times of day: `"HH:MM"` (or `"HH:MM:SS"`, seconds with up to three decimals) strings in the input and output, seconds since
//! midnight inside.

/// Parses a time of day, `"HH:MM"` or `"HH:MM:SS"` (seconds may carry up to three decimals,
/// `"10:04:07.25"`: what a re-plan writes to keep a started stop exactly), into seconds since
/// midnight.
///
/// Hours run from 0 to 23, and `"24:00"` closes the day; anything else (`"25:99"`, `"8h30"`,
/// `""`) is refused with `None`.
///
/// ```
/// use tournee::plan::{format_hhmm, parse_hhmm};
/// assert_eq!(parse_hhmm("07:30"), Some(27_000.0));
/// assert_eq!(parse_hhmm("7:30:15"), Some(27_015.0));
/// assert_eq!(parse_hhmm("24:00"), Some(86_400.0));
/// assert_eq!(parse_hhmm("10:04:07.25"), Some(36_247.25));
/// assert_eq!(parse_hhmm("25:99"), None);
/// assert_eq!(format_hhmm(27_015.0), "07:30");
/// ```
pub fn parse_hhmm(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return None;
    }
    let number = |s: &str, max: u32| -> Option<u32> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().filter(|&n| n <= max)
    };
    let h = number(parts[0], 24)?;
    let m = number(parts[1], 59)?;
    let (s, fraction) = match parts.get(2) {
        Some(s) => {
            let (whole, decimals) = s.split_once('.').unwrap_or((s, ""));
            if whole.len() != 2
                || (s.contains('.') && !(1..=3).contains(&decimals.len()))
                || !decimals.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let fraction = if decimals.is_empty() {
                0.0
            } else {
                f64::from(decimals.parse::<u32>().ok()?) / 10f64.powi(decimals.len() as i32)
            };
            (number(whole, 59)?, fraction)
        }
        None => (0, 0.0),
    };
    if parts[1].len() != 2 || (h == 24 && ((m, s) != (0, 0) || fraction > 0.0)) {
        return None;
    }
    Some(f64::from(h * 3600 + m * 60 + s) + fraction)
}

/// Formats seconds since midnight exactly, to the millisecond: `"HH:MM:SS"`, with decimals
/// when the time has them (what [`parse_hhmm`] reads back to the same value).
///
/// ```
/// use tournee::plan::{format_hhmmss, parse_hhmm};
/// assert_eq!(format_hhmmss(36_247.25), "10:04:07.25");
/// assert_eq!(format_hhmmss(27_000.0), "07:30:00");
/// assert_eq!(parse_hhmm(&format_hhmmss(36_247.125)), Some(36_247.125));
/// ```
pub fn format_hhmmss(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "--:--".into();
    }
    let ms = (seconds.max(0.0) * 1000.0).round() as u64;
    let (whole, millis) = (ms / 1000, ms % 1000);
    let base = format!(
        "{:02}:{:02}:{:02}",
        whole / 3600,
        whole / 60 % 60,
        whole % 60
    );
    if millis == 0 {
        base
    } else {
        let decimals = format!("{millis:03}");
        format!("{base}.{}", decimals.trim_end_matches('0'))
    }
}

/// Formats seconds since midnight as `"HH:MM"`, rounded to the nearest minute (times past
/// midnight keep counting: `"24:10"`).
pub fn format_hhmm(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "--:--".into();
    }
    let minutes = (seconds / 60.0).round().max(0.0) as u64;
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Formats a duration in seconds as `"1 h 05"` / `"42 min"` for people.
pub fn format_duration(seconds: f64) -> String {
    let minutes = (seconds / 60.0).round().max(0.0) as u64;
    if minutes >= 60 {
        format!("{} h {:02}", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        assert_eq!(parse_hhmm("00:00"), Some(0.0));
        assert_eq!(parse_hhmm(" 9:05 "), Some(32_700.0));
        assert_eq!(parse_hhmm("23:59:59"), Some(86_399.0));
        for bad in [
            "",
            "8",
            "8h30",
            "25:00",
            "24:01",
            "12:60",
            "12:5",
            "-1:00",
            "12:00:5",
            "1:2:3:4",
            "a:00",
            "+1:00",
            "10:00:00.",
            "10:00:00.1234",
            "10:00:0a.5",
            "24:00:00.5",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
        assert_eq!(format_hhmm(86_400.0 + 600.0), "24:10");
        assert_eq!(format_hhmm(29.0), "00:00");
        assert_eq!(format_hhmm(31.0), "00:01");
        assert_eq!(format_duration(3_900.0), "1 h 05");
        assert_eq!(format_duration(600.0), "10 min");
    }
}
