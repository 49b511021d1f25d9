//! Reading every right's facts from the store, a page at a time, on a second thread, so
//! decoding rows and counting them overlap. Counted pages go back to the reading thread to
//! be freed there: memory freed on the thread that allocated it is reused at once, where
//! frees from the other thread leave the allocator asking the kernel for fresh pages.

use crate::AnalyticsError;
use silkport_model::RightFacts;
use silkport_store::{Store, StoreError};
use std::sync::mpsc::sync_channel;

/// Rights per page: large enough that per-query costs vanish, small enough to stay cheap
/// in memory with two pages in flight.
pub const PAGE: usize = 20_000;

/// Calls `visit` with every right of the registry in id order; returns how many.
pub fn each(store: &mut dyn Store, mut visit: impl FnMut(&RightFacts)) -> Result<u64, AnalyticsError> {
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Result<Vec<RightFacts>, StoreError>>(2);
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<RightFacts>>();
        s.spawn(move || {
            let mut after: Option<String> = None;
            loop {
                drop(done_rx.try_iter().collect::<Vec<_>>());
                let page = store.facts_page(after.as_deref(), PAGE);
                let last = page.as_ref().ok().and_then(|p| p.last().map(|f| f.id.clone()));
                let done = last.is_none();
                if tx.send(page).is_err() || done {
                    return;
                }
                after = last;
            }
        });
        let mut n = 0;
        for page in rx {
            let page = page?;
            for f in &page {
                visit(f);
                n += 1;
            }
            // The reader may have finished; then the page is freed here.
            let _ = done_tx.send(page);
        }
        Ok(n)
    })
}
