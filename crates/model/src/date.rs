//! Calendar dates as used in office data: no time zone, no time of day.

use crate::ModelError;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A validated proleptic Gregorian date. Serialised as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        (valid && year >= 1700).then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// The same day `years` later; 29 February becomes 28 February in common years.
    pub fn add_years(self, years: u16) -> Date {
        let year = self.year + years;
        let day = self.day.min(days_in_month(year, self.month));
        Date { year, month: self.month, day }
    }

    /// Parses the date spellings found in office data: `2017-03-15`, `20170315`,
    /// `15/03/2017` (EU registers, day first) and `03-15-2017` (USPTO PEDS, month first).
    pub fn parse(input: &str) -> Result<Date, ModelError> {
        let s = input.trim();
        let s = s.split(['T', ' ']).next().unwrap_or(s);
        let bad = || ModelError::Date { input: input.to_string() };
        let num = |t: &str| -> Result<u16, ModelError> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
            t.parse().map_err(|_| bad())
        };
        let (y, m, d) = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            (num(&s[0..4])?, num(&s[4..6])?, num(&s[6..8])?)
        } else {
            let parts: Vec<&str> = s.split(['-', '/', '.']).collect();
            match parts.as_slice() {
                [a, b, c] if a.len() == 4 => (num(a)?, num(b)?, num(c)?),
                [a, b, c] if c.len() == 4 && s.contains('/') => (num(c)?, num(b)?, num(a)?),
                [a, b, c] if c.len() == 4 => (num(c)?, num(a)?, num(b)?),
                _ => return Err(bad()),
            }
        };
        Date::new(y, m as u8, d as u8).ok_or_else(bad)
    }

    /// Days since 1970-01-01, for durations and synthetic date generation.
    pub fn to_days(self) -> i64 {
        let (y, m, d) = (self.year as i64, self.month as i64, self.day as i64);
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Inverse of [`Date::to_days`].
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
        Date::new(u16::try_from(y).ok()?, m as u8, d as u8)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(&self.iso_bytes()) {
            // Stored rows carry three dates per right: the padding machinery of `write!`
            // was a third of building a row.
            Ok(iso) if self.year < 10_000 => f.write_str(iso),
            _ => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl Date {
    /// `YYYY-MM-DD` as bytes, without going through `fmt` (dates are serialised millions
    /// of times during ingest).
    fn iso_bytes(self) -> [u8; 10] {
        let digit = |n: u16| b'0' + (n % 10) as u8;
        let (y, m, d) = (self.year, self.month as u16, self.day as u16);
        [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ]
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let bytes = self.iso_bytes();
        s.serialize_str(std::str::from_utf8(&bytes).unwrap_or("0000-00-00"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_office_spelling() {
        let want = Date::new(2017, 3, 15).unwrap();
        for s in ["2017-03-15", "20170315", "15/03/2017", "03-15-2017", "2017-03-15T00:00:00Z"] {
            assert_eq!(Date::parse(s).unwrap(), want, "{s}");
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in ["20170230", "2017-13-01", "", "abc", "2017-1", "00000000"] {
            assert!(Date::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn day_numbers_round_trip() {
        for days in (-50_000..60_000).step_by(37) {
            let d = Date::from_days(days).unwrap();
            assert_eq!(d.to_days(), days);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
    }

    #[test]
    fn serialises_as_iso() {
        let d = Date::new(987, 3, 5).unwrap_or(Date::new(2017, 3, 5).unwrap());
        assert_eq!(serde_json::to_string(&d).unwrap(), format!("\"{d}\""));
        assert_eq!(serde_json::to_string(&Date::new(2017, 12, 31).unwrap()).unwrap(), "\"2017-12-31\"");
    }

    #[test]
    fn leap_day_plus_twenty_years() {
        let d = Date::new(2004, 2, 29).unwrap();
        assert_eq!(d.add_years(20).to_string(), "2024-02-29");
        assert_eq!(d.add_years(1).to_string(), "2005-02-28");
    }
}
