//! Results of expensive, deterministic reads (navigation reports, indicators) kept for a
//! while: they depend only on the registry, so an answer stays right until the registry
//! changes. Writes made through the portal (ingest jobs, declarations) bump the generation
//! and so invalidate everything; writes by other processes (a `silkport ingest` beside the
//! server) are seen within `TTL`.

use std::any::Any;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an answer is kept at most.
pub const TTL: Duration = Duration::from_secs(300);
/// Answers kept at most (the oldest goes first).
const MAX_ENTRIES: usize = 256;

type Entry = (Instant, u64, Arc<dyn Any + Send + Sync>);

#[derive(Default)]
pub struct Cache {
    generation: AtomicU64,
    entries: Mutex<HashMap<String, Entry>>,
}

impl Cache {
    /// The registry changed: forget every answer.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The answer kept under `key`, if fresh.
    pub fn get<T: Send + Sync + 'static>(&self, key: &str) -> Option<Arc<T>> {
        let generation = self.generation.load(Ordering::SeqCst);
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let (at, g, value) = entries.get(key)?;
        if *g != generation || at.elapsed() > TTL {
            return None;
        }
        Arc::clone(value).downcast::<T>().ok()
    }

    /// Keeps `value` under `key` for the generation it was computed in.
    pub fn put<T: Send + Sync + 'static>(&self, key: String, generation: u64, value: Arc<T>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES {
            let oldest = entries.iter().min_by_key(|(_, (at, _, _))| *at).map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                entries.remove(&k);
            }
        }
        entries.insert(key, (Instant::now(), generation, value));
    }

    /// The current generation, read before computing an answer (so an answer computed while
    /// the registry changed is never kept as current).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_kept_until_the_registry_changes() {
        let c = Cache::default();
        let g = c.generation();
        c.put("a".into(), g, Arc::new(42u32));
        assert_eq!(c.get::<u32>("a").as_deref(), Some(&42));
        assert!(c.get::<String>("a").is_none(), "another type under the same key is not returned");
        c.invalidate();
        assert!(c.get::<u32>("a").is_none());
        // Computed before a change, stored after it: not current.
        c.put("b".into(), g, Arc::new(1u32));
        assert!(c.get::<u32>("b").is_none());
    }
}
