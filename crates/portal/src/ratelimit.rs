//! In-memory token buckets per (bucket, client): logins and expensive endpoints (exports,
//! reports, similar documents) answer 429 `rate_limited` with `Retry-After` when a client
//! runs out. Memory stays bounded: idle full buckets are dropped when the map grows.

use silkport_server::ApiError;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// What is limited, with its burst and refill rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    /// Sign-in attempts per client address, and per user name (guessing one account from
    /// many addresses).
    Login,
    /// Whole-set exports, navigation reports, similar-document searches.
    Expensive,
}

impl Bucket {
    /// (burst, seconds per token).
    fn shape(self) -> (f64, f64) {
        match self {
            Bucket::Login => (10.0, 6.0),
            Bucket::Expensive => (20.0, 1.0),
        }
    }
}

struct Tokens {
    left: f64,
    at: Instant,
}

/// Drop idle buckets when the map holds more than this many.
const MAX_KEYS: usize = 100_000;

#[derive(Default)]
pub struct RateLimiter {
    buckets: Mutex<HashMap<(Bucket, String), Tokens>>,
}

impl RateLimiter {
    /// Takes one token for `key` from `bucket`, or says how long to wait.
    pub fn check(&self, bucket: Bucket, key: &str) -> Result<(), ApiError> {
        self.check_at(bucket, key, Instant::now())
    }

    fn check_at(&self, bucket: Bucket, key: &str, now: Instant) -> Result<(), ApiError> {
        let (burst, per) = bucket.shape();
        let mut map = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if map.len() > MAX_KEYS {
            map.retain(|(b, _), t| now.duration_since(t.at).as_secs_f64() / b.shape().1 + t.left < b.shape().0);
        }
        let t = map.entry((bucket, key.to_string())).or_insert(Tokens { left: burst, at: now });
        t.left = (t.left + now.duration_since(t.at).as_secs_f64() / per).min(burst);
        t.at = now;
        if t.left >= 1.0 {
            t.left -= 1.0;
            Ok(())
        } else {
            let wait = ((1.0 - t.left) * per).ceil().max(1.0) as u64;
            Err(ApiError::RateLimited { retry_after: wait })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_then_429_then_refill() {
        let l = RateLimiter::default();
        let t0 = Instant::now();
        for _ in 0..10 {
            l.check_at(Bucket::Login, "1.2.3.4", t0).unwrap();
        }
        match l.check_at(Bucket::Login, "1.2.3.4", t0) {
            Err(ApiError::RateLimited { retry_after }) => assert_eq!(retry_after, 6),
            other => panic!("{other:?}"),
        }
        // Another client and another bucket are not affected.
        l.check_at(Bucket::Login, "5.6.7.8", t0).unwrap();
        l.check_at(Bucket::Expensive, "1.2.3.4", t0).unwrap();
        // One token back after 6 s.
        l.check_at(Bucket::Login, "1.2.3.4", t0 + Duration::from_secs(6)).unwrap();
        assert!(l.check_at(Bucket::Login, "1.2.3.4", t0 + Duration::from_secs(6)).is_err());
    }
}
