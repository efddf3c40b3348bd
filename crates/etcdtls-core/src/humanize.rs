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

/// `1 year`, `3 years`.
pub(crate) fn plural(n: u64, unit: &str) -> String {
    match n {
        1 => format!("1 {unit}"),
        n => format!("{n} {unit}s"),
    }
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

/// The time between two moments, in either order, as [`duration`] words, but a year or more
/// counted on the calendar: 2024-01-01 to 2024-12-31 is 365 days, not a year, and ten years
/// are ten years whatever their leap days.
pub fn between(a: OffsetDateTime, b: OffsetDateTime) -> String {
    let (from, to) = if a <= b { (a, b) } else { (b, a) };
    let (from, to) = (from.to_offset(time::UtcOffset::UTC), to.to_offset(time::UtcOffset::UTC));
    let months = calendar_months(from, to).unwrap_or(0);
    if months < 12 {
        // Under a calendar year: days, even where 365 of them would make [`duration`]'s year.
        return match (to - from).whole_days() {
            days if days >= 2 => format!("{days} days"),
            _ => duration(to - from),
        };
    }
    years_and_months(months)
}

/// A certificate's lifetime, from notBefore to notAfter. Under a year it reads as [`between`]
/// does. From a year on, tools set lifetimes in days (`openssl -days 3650`, kubeadm's ten
/// years of 365 days, cfssl's `87600h`), which calendar years do not count evenly: a span that
/// is a whole number of calendar months, to within a day, reads as those (`1 year`); any other
/// gives its days and the calendar span rounded to the nearest month (`3650 days, about 10
/// years`), never cut short to "9 years 11 months".
pub fn lifetime(from: OffsetDateTime, to: OffsetDateTime) -> String {
    let (from, to) = if from <= to { (from, to) } else { (to, from) };
    let (from, to) = (from.to_offset(time::UtcOffset::UTC), to.to_offset(time::UtcOffset::UTC));
    let Some(mut months) = calendar_months(from, to) else {
        return between(from, to);
    };
    // The last day of a shorter month counts as the month's end: 31 January to 28 February.
    if add_months(from, months + 1).is_some_and(|t| t <= to) {
        months += 1;
    }
    if months < 12 {
        return between(from, to);
    }
    let (Some(below), Some(above)) = (add_months(from, months), add_months(from, months + 1)) else {
        return between(from, to);
    };
    if to - below < Duration::days(1) {
        return years_and_months(months);
    }
    let nearest = if to - below >= above - to { months + 1 } else { months };
    format!("{} days, about {}", (to - from).whole_days(), years_and_months(nearest))
}

/// Whole calendar months from `from` to `to` (`from <= to`).
fn calendar_months(from: OffsetDateTime, to: OffsetDateTime) -> Option<i32> {
    let mut months =
        (to.year() - from.year()) * 12 + i32::from(u8::from(to.month())) - i32::from(u8::from(from.month()));
    if (to.day(), to.time()) < (from.day(), from.time()) {
        months -= 1;
    }
    (months >= 0).then_some(months)
}

/// `t` moved on by whole calendar months, its day kept or, past the month's end, the last day.
fn add_months(t: OffsetDateTime, months: i32) -> Option<OffsetDateTime> {
    let index = t.year() * 12 + i32::from(u8::from(t.month())) - 1 + months;
    let year = index.div_euclid(12);
    let month = time::Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = t.day().min(time::util::days_in_month(month, year));
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    Some(t.replace_date(date))
}

fn years_and_months(months: i32) -> String {
    match (months.unsigned_abs() / 12, months.unsigned_abs() % 12) {
        (0, m) => plural(u64::from(m), "month"),
        (years, 0) => plural(u64::from(years), "year"),
        (years, m) => format!("{} {}", plural(u64::from(years), "year"), plural(u64::from(m), "month")),
    }
}

/// Time left as `kubeadm certs check-expiration` prints it (apimachinery's
/// `ShortHumanDuration`): `59s`, `5m`, `5h`, `364d`, `9y`; `expired` once past. A certificate
/// is valid through its notAfter second, as Go checks it.
pub fn residual(now: OffsetDateTime, not_after: OffsetDateTime) -> String {
    if not_after < now {
        return "expired".into();
    }
    let d = not_after - now;
    if d.whole_seconds() < 60 {
        format!("{}s", d.whole_seconds())
    } else if d.whole_minutes() < 60 {
        format!("{}m", d.whole_minutes())
    } else if d.whole_hours() < 24 {
        format!("{}h", d.whole_hours())
    } else if d.whole_hours() < 24 * 365 {
        format!("{}d", d.whole_days())
    } else {
        format!("{}y", d.whole_hours() / 24 / 365)
    }
}

/// `2025-02-03 07:54:34 UTC`: to the second, as OpenSSL and Go print certificate times.
pub fn instant(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02} UTC",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
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
    fn lifetimes_set_in_days_are_not_cut_short() {
        // kubeadm's CA: ten years of 365 days from notBefore five minutes back.
        assert_eq!(
            lifetime(datetime!(2025-12-31 23:55 UTC), datetime!(2035-12-30 0:00 UTC)),
            "3650 days, about 10 years"
        );
        // A leaf of 365 days plus kubeadm's five minutes: a calendar year to within a day.
        assert_eq!(
            lifetime(datetime!(2026-12-07 22:08:26 UTC), datetime!(2027-12-07 22:13:26 UTC)),
            "1 year"
        );
        // 365 days across a leap day fall a day short of the calendar year: days, as under a year.
        assert_eq!(
            lifetime(datetime!(2027-12-07 0:00 UTC), datetime!(2028-12-06 0:00 UTC)),
            "365 days"
        );
        assert_eq!(
            lifetime(datetime!(2026-01-01 0:00 UTC), datetime!(2036-01-01 0:00 UTC)),
            "10 years"
        );
        assert_eq!(
            lifetime(datetime!(2026-01-01 0:00 UTC), datetime!(2027-08-10 0:00 UTC)),
            "586 days, about 1 year 7 months"
        );
        // Month ends: 31 January plus a month is the end of February.
        assert_eq!(
            lifetime(datetime!(2026-01-31 0:00 UTC), datetime!(2027-02-28 0:00 UTC)),
            "1 year 1 month"
        );
        // Under a year, days as before; either order.
        assert_eq!(
            lifetime(datetime!(2026-01-01 0:00 UTC), datetime!(2026-12-31 0:00 UTC)),
            "364 days"
        );
        assert_eq!(
            lifetime(datetime!(2036-01-01 0:00 UTC), datetime!(2026-01-01 0:00 UTC)),
            "10 years"
        );
    }

    #[test]
    fn residual_like_kubeadm() {
        let now = datetime!(2026-01-01 0:00 UTC);
        assert_eq!(residual(now, datetime!(2025-01-01 0:00 UTC)), "expired");
        assert_eq!(residual(now, datetime!(2026-12-31 0:00 UTC)), "364d");
        assert_eq!(residual(now, datetime!(2035-06-01 0:00 UTC)), "9y");
        assert_eq!(residual(now, datetime!(2026-01-01 5:00 UTC)), "5h");
        // To the second, and valid through its last second as Go checks it.
        assert_eq!(residual(now, datetime!(2026-01-01 0:00:01 UTC)), "1s");
        assert_eq!(residual(now, now), "0s");
        assert_eq!(residual(now, datetime!(2025-12-31 23:59:59 UTC)), "expired");
    }

    #[test]
    fn spans_of_a_year_or_more_count_calendar_years() {
        // A leap year's 366 days: one year; a non-leap year's last day short of it: 365 days.
        assert_eq!(
            between(datetime!(2024-01-01 0:00 UTC), datetime!(2025-01-01 0:00 UTC)),
            "1 year"
        );
        assert_eq!(
            between(datetime!(2024-01-01 0:00 UTC), datetime!(2024-12-31 0:00 UTC)),
            "365 days"
        );
        assert_eq!(
            between(datetime!(2026-12-07 6:58 UTC), datetime!(2036-12-07 6:58 UTC)),
            "10 years"
        );
        assert_eq!(
            between(datetime!(2036-12-07 6:58 UTC), datetime!(2026-12-07 6:58 UTC)),
            "10 years"
        );
        assert_eq!(
            between(datetime!(2026-12-07 6:58 UTC), datetime!(2031-12-06 6:58 UTC)),
            "4 years 11 months"
        );
        assert_eq!(
            between(datetime!(2026-01-31 0:00 UTC), datetime!(2027-03-01 0:00 UTC)),
            "1 year 1 month"
        );
        assert_eq!(instant(datetime!(2025-02-03 7:54:34 +1)), "2025-02-03 06:54:34 UTC");
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(date(datetime!(2025-02-03 7:54:34 UTC)), "2025-02-03 07:54 UTC");
        assert_eq!(rfc3339(datetime!(2025-02-03 7:54:34 +1)), "2025-02-03T06:54:34Z");
    }
}
