//! Times and durations in the words people use.

use time::{Duration, OffsetDateTime};

/// `2025-02-03 07:54 UTC`.
pub fn date(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// RFC 3339 with a `Z`, seconds precision: `2025-02-03T07:54:34Z`.
pub fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A duration in the two largest units that matter: `1 year 9 months`, `340 days`,
/// `5 hours 3 minutes`, `12 seconds`. Negative durations read as their magnitude.
pub fn duration(d: Duration) -> String {
    let secs = d.whole_seconds().unsigned_abs();
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    const YEAR: u64 = 365 * DAY;
    // A twelfth of the year, not 30 days: twelve 30-day months leave 5 days over, which read
    // as "9 years 12 months".
    const MONTH: u64 = YEAR / 12;
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    if secs >= YEAR {
        let years = secs / YEAR;
        let months = (secs % YEAR) / MONTH;
        if months == 0 {
            plural(years, "year")
        } else {
            format!("{} {}", plural(years, "year"), plural(months, "month"))
        }
    } else if secs >= 2 * DAY {
        plural(secs / DAY, "day")
    } else if secs >= DAY {
        let hours = (secs % DAY) / HOUR;
        if hours == 0 {
            plural(1, "day")
        } else {
            format!("1 day {}", plural(hours, "hour"))
        }
    } else if secs >= HOUR {
        let minutes = (secs % HOUR) / MIN;
        if minutes == 0 {
            plural(secs / HOUR, "hour")
        } else {
            format!("{} {}", plural(secs / HOUR, "hour"), plural(minutes, "minute"))
        }
    } else if secs >= MIN {
        plural(secs / MIN, "minute")
    } else {
        plural(secs, "second")
    }
}

/// Time left as `kubeadm certs check-expiration` prints it: `364d`, `9y`, or `expired`.
pub fn residual(now: OffsetDateTime, not_after: OffsetDateTime) -> String {
    if not_after <= now {
        return "expired".into();
    }
    let d = not_after - now;
    let days = d.whole_days();
    if days >= 365 {
        format!("{}y", days / 365)
    } else if days >= 1 {
        format!("{days}d")
    } else if d.whole_hours() >= 1 {
        format!("{}h", d.whole_hours())
    } else {
        format!("{}m", d.whole_minutes().max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(Duration::days(365 + 275)), "1 year 9 months");
        assert_eq!(duration(Duration::days(340)), "340 days");
        assert_eq!(duration(Duration::hours(-30)), "1 day 6 hours");
        assert_eq!(duration(Duration::minutes(125)), "2 hours 5 minutes");
        assert_eq!(duration(Duration::seconds(1)), "1 second");
        assert_eq!(duration(Duration::days(730)), "2 years");
    }

    #[test]
    fn months_never_reach_twelve() {
        // 9 years and 362 days once read "9 years 12 months".
        assert_eq!(duration(Duration::days(9 * 365 + 362)), "9 years 11 months");
        assert_eq!(
            duration(Duration::days(365 + 364) + Duration::hours(23)),
            "1 year 11 months"
        );
        assert_eq!(
            duration(Duration::days(2 * 365) - Duration::seconds(1)),
            "1 year 11 months"
        );
        assert_eq!(duration(Duration::days(365)), "1 year");
        assert_eq!(duration(Duration::days(365 + 30)), "1 year");
        assert_eq!(duration(Duration::days(365 + 31)), "1 year 1 month");
        // kubeadm's CAs: ten calendar years, with two or three leap days.
        assert_eq!(duration(Duration::days(3652)), "10 years");
        for days in 365..(12 * 365) {
            let text = duration(Duration::days(days));
            assert!(!text.contains("12 month"), "{days} days: {text}");
        }
        assert_eq!(duration(Duration::days(364)), "364 days");
        assert_eq!(duration(Duration::hours(47)), "1 day 23 hours");
        assert_eq!(duration(Duration::minutes(60 * 24 - 1)), "23 hours 59 minutes");
        assert_eq!(duration(Duration::seconds(59)), "59 seconds");
        assert_eq!(duration(Duration::ZERO), "0 seconds");
    }

    #[test]
    fn residual_like_kubeadm() {
        let now = datetime!(2026-01-01 0:00 UTC);
        assert_eq!(residual(now, datetime!(2025-01-01 0:00 UTC)), "expired");
        assert_eq!(residual(now, datetime!(2026-12-31 0:00 UTC)), "364d");
        assert_eq!(residual(now, datetime!(2035-06-01 0:00 UTC)), "9y");
        assert_eq!(residual(now, datetime!(2026-01-01 5:00 UTC)), "5h");
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(date(datetime!(2025-02-03 7:54:34 UTC)), "2025-02-03 07:54 UTC");
        assert_eq!(rfc3339(datetime!(2025-02-03 7:54:34 +1)), "2025-02-03T06:54:34Z");
    }
}
