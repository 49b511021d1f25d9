//! Reading every right's facts from the store, a page at a time, on two reading threads
//! (two connections, taking every other page) while the calling thread counts, so decoding
//! rows and counting them overlap. Counted pages go back to the thread that read them to be
//! freed there: memory freed on the thread that allocated it is reused at once, where frees
//! from another thread leave the allocator asking the kernel for fresh pages.

use crate::AnalyticsError;
use silkport_model::RightFacts;
use silkport_store::{Store, StoreError};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};

/// Rights per page: large enough that per-query costs vanish, small enough to stay cheap
/// in memory with a few pages in flight.
pub const PAGE: usize = 20_000;

type Page = Result<Vec<RightFacts>, StoreError>;

/// Calls `visit` with every right of the registry in id order; returns how many.
pub fn each(store: &mut dyn Store, mut visit: impl FnMut(&RightFacts)) -> Result<u64, AnalyticsError> {
    let mut second = store.facts_reader()?;
    let mut readers: Vec<&mut dyn Store> = vec![store];
    if let Some(s) = second.as_deref_mut() {
        readers.push(s);
    }
    let n_readers = readers.len();
    std::thread::scope(|s| {
        // Reader r takes pages r, r + n, r + 2n…; the bound where its page ends goes round a
        // ring to the next reader, which starts its page there.
        let (token_txs, mut token_rxs): (Vec<_>, Vec<_>) = (0..n_readers).map(|_| channel()).unzip();
        token_rxs.rotate_right(1);
        token_txs[n_readers - 1].send(None).expect("the first reader's token channel is open");
        let mut pages = Vec::new();
        let mut dones = Vec::new();
        for ((store, token_tx), token_rx) in readers.into_iter().zip(token_txs).zip(token_rxs) {
            let (page_tx, page_rx) = sync_channel::<Page>(1);
            let (done_tx, done_rx) = channel::<Vec<RightFacts>>();
            s.spawn(move || read_pages(store, &token_rx, &token_tx, &page_tx, &done_rx));
            pages.push(page_rx);
            dones.push(done_tx);
        }
        let mut n = 0;
        for r in (0..n_readers).cycle() {
            // A reader hangs up after its last page: the next page in turn is then not coming.
            let Ok(page) = pages[r].recv() else { break };
            let page = page?;
            for f in &page {
                visit(f);
                n += 1;
            }
            // The reader may have finished; then the page is freed here.
            let _ = dones[r].send(page);
        }
        Ok(n)
    })
}

/// One reader's loop: wait for the id its next page starts after, find where the page ends
/// and pass that on, read the page and send it to the counting thread. Returns after the
/// last page, on an error (sent as the page), or when the ring or the counter hangs up.
fn read_pages(
    store: &mut dyn Store,
    token_rx: &Receiver<Option<String>>,
    token_tx: &Sender<Option<String>>,
    page_tx: &SyncSender<Page>,
    done_rx: &Receiver<Vec<RightFacts>>,
) {
    while let Ok(after) = token_rx.recv() {
        drop(done_rx.try_iter().collect::<Vec<_>>());
        let end = match store.facts_page_end(after.as_deref(), PAGE) {
            Ok(end) => end,
            Err(e) => {
                let _ = page_tx.send(Err(e));
                return;
            }
        };
        if let Some(end) = &end {
            // The next reader may have stopped on an error; the counter will see it.
            let _ = token_tx.send(Some(end.clone()));
        }
        let page = range(store, after.as_deref(), end.as_deref());
        let failed = page.is_err();
        if page_tx.send(page).is_err() || failed || end.is_none() {
            return;
        }
    }
}

/// The facts of the rights after `after` through `through` (to the last when `None`). If
/// writes moved rights since the bound was found, pages are cut at it or read on to it, so
/// every right is visited once.
fn range(store: &mut dyn Store, after: Option<&str>, through: Option<&str>) -> Result<Vec<RightFacts>, StoreError> {
    let mut out: Vec<RightFacts> = Vec::new();
    loop {
        let from = out.last().map(|f| f.id.as_str()).or(after);
        let mut page = store.facts_page(from, PAGE)?;
        let full = page.len() == PAGE;
        if let Some(t) = through {
            page.truncate(page.partition_point(|f| f.id.as_str() <= t));
        }
        let more = full && page.len() == PAGE && through.is_none_or(|t| page.last().is_some_and(|f| f.id != t));
        if out.is_empty() {
            out = page;
        } else {
            out.append(&mut page);
        }
        if !more {
            return Ok(out);
        }
    }
}
