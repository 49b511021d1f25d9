//! Money as integer minor units plus an ISO 4217 currency; never floating point.

use crate::ModelError;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl Currency {
    pub const CNY: Currency = Currency(*b"CNY");
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");

    pub fn parse(s: &str) -> Result<Currency, ModelError> {
        let b = s.trim().as_bytes();
        if b.len() == 3 && b.iter().all(u8::is_ascii_alphabetic) {
            Ok(Currency([b[0].to_ascii_uppercase(), b[1].to_ascii_uppercase(), b[2].to_ascii_uppercase()]))
        } else {
            Err(ModelError::Money { input: s.to_string(), reason: "currency must be three letters (ISO 4217)" })
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point; every currency silkport meets uses 2 except these.
    pub fn minor_digits(self) -> u32 {
        match &self.0 {
            b"JPY" | b"KRW" | b"VND" | b"CLP" | b"ISK" => 0,
            b"KWD" | b"BHD" | b"OMR" | b"JOD" | b"TND" => 3,
            _ => 2,
        }
    }
}

impl TryFrom<String> for Currency {
    type Error = ModelError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

/// An amount in minor units (fen, cents) of a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    /// Parses a decimal amount such as `39.58` or `-1200` exactly, rejecting more
    /// fractional digits than the currency has.
    pub fn parse(amount: &str, currency: Currency) -> Result<Money, ModelError> {
        let bad = |reason| ModelError::Money { input: amount.to_string(), reason };
        let s = amount.trim().replace(',', "");
        let (neg, s) = match s.strip_prefix('-') {
            Some(rest) => (true, rest.to_string()),
            None => (false, s),
        };
        let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
        let digits = currency.minor_digits() as usize;
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("not a decimal number"));
        }
        if frac.len() > digits {
            return Err(bad("more decimal places than the currency has"));
        }
        let scale = 10i64.pow(digits as u32);
        let frac_val: i64 = format!("{frac:0<digits$}").parse().unwrap_or(0);
        let int_val: i64 = int.parse().map_err(|_| bad("too large"))?;
        let minor = int_val.checked_mul(scale).and_then(|v| v.checked_add(frac_val)).ok_or_else(|| bad("too large"))?;
        Ok(Money { minor: if neg { -minor } else { minor }, currency })
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.currency.minor_digits();
        let scale = 10i64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if digits == 0 {
            return write!(f, "{sign}{abs} {}", self.currency.as_str());
        }
        let (int, frac) = (abs / scale as u64, abs % scale as u64);
        write!(f, "{sign}{int}.{frac:0w$} {}", self.currency.as_str(), w = digits as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_decimal_parsing() {
        assert_eq!(Money::parse("39.58", Currency::CNY).unwrap().minor, 3958);
        assert_eq!(Money::parse("1,200", Currency::USD).unwrap().minor, 120_000);
        assert_eq!(Money::parse("-0.5", Currency::EUR).unwrap().minor, -50);
        assert_eq!(Money::parse("480000000", Currency::USD).unwrap().to_string(), "480000000.00 USD");
        assert!(Money::parse("1.234", Currency::USD).is_err());
        assert!(Money::parse("abc", Currency::USD).is_err());
        assert!(Money::parse("99999999999999999999", Currency::USD).is_err());
    }
}
