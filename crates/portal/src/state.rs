//! What every handler shares: the pool of store connections, the search index and term
//! dictionary, the ledger, the rate limiter, ingest jobs and the configuration. Blocking
//! work (SQL, tantivy, analytics) runs on tokio's blocking pool through `store` and `search`.

use crate::ratelimit::RateLimiter;
use crate::{Config, Error};
use silkport_ledger::Ledger;
use silkport_search::{Dictionary, SearchIndex};
use silkport_store::Store;
use std::sync::{Arc, Condvar, Mutex};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Exports streaming at the same time; more wait their turn.
const MAX_EXPORTS: usize = 2;

/// N open store connections; a blocking call checks one out and puts it back.
pub struct StorePool {
    free: Mutex<Vec<Box<dyn Store>>>,
    returned: Condvar,
    size: usize,
}

impl StorePool {
    pub fn new(connections: Vec<Box<dyn Store>>) -> StorePool {
        let size = connections.len();
        StorePool { free: Mutex::new(connections), returned: Condvar::new(), size }
    }

    /// Opens `size` connections to the registry of `config` (migrating it on the first).
    pub fn open(config: &Config) -> Result<StorePool, Error> {
        let mut connections = Vec::with_capacity(config.pool_size.max(1));
        for _ in 0..config.pool_size.max(1) {
            connections.push(silkport_store::open(&config.data_dir, config.database_url.as_deref())?);
        }
        Ok(StorePool::new(connections))
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `f` on a free connection, waiting for one if all are busy. Blocks: call it from
    /// a blocking thread.
    pub fn with<T>(&self, f: impl FnOnce(&mut dyn Store) -> T) -> T {
        let mut conn = {
            let mut free = self.free.lock().unwrap_or_else(|p| p.into_inner());
            loop {
                if let Some(c) = free.pop() {
                    break c;
                }
                free = self.returned.wait(free).unwrap_or_else(|p| p.into_inner());
            }
        };
        // Put the connection back even if `f` panics, so the pool never shrinks.
        struct Return<'a>(&'a StorePool, Option<Box<dyn Store>>);
        impl Drop for Return<'_> {
            fn drop(&mut self) {
                if let Some(c) = self.1.take() {
                    self.0.free.lock().unwrap_or_else(|p| p.into_inner()).push(c);
                    self.0.returned.notify_one();
                }
            }
        }
        let out = f(conn.as_mut());
        drop(Return(self, Some(conn)));
        out
    }
}

/// The search side: the index (absent until one exists) and the term dictionary.
pub struct Search {
    pub index: SearchIndex,
    pub dict: Dictionary,
}

pub struct Inner {
    pub config: Config,
    pub stores: StorePool,
    /// Blocking calls admitted at once: one per store connection, and for searches one per
    /// core. Waiting here (fairly, first come first served) rather than on blocking threads
    /// keeps the latency of a burst of requests even instead of thrashing.
    store_slots: Semaphore,
    search_slots: Semaphore,
    /// Exports streaming at once (each holds its slot until its last row).
    export_slots: Arc<Semaphore>,
    pub search: Option<Search>,
    pub ledger: Option<Arc<Ledger>>,
    pub limits: RateLimiter,
    pub jobs: crate::api::ingest::Jobs,
    pub cache: crate::cache::Cache,
}

/// The portal's shared state; cloning it is one `Arc` increment.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(config: Config, stores: StorePool, search: Option<Search>, ledger: Option<Arc<Ledger>>) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        AppState(Arc::new(Inner {
            store_slots: Semaphore::new(stores.size().max(1)),
            search_slots: Semaphore::new(cores),
            export_slots: Arc::new(Semaphore::new(MAX_EXPORTS)),
            config,
            stores,
            search,
            ledger,
            limits: RateLimiter::default(),
            jobs: Default::default(),
            cache: Default::default(),
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    pub fn ledger(&self) -> Option<&Arc<Ledger>> {
        self.0.ledger.as_ref()
    }

    pub fn limits(&self) -> &RateLimiter {
        &self.0.limits
    }

    pub fn jobs(&self) -> &crate::api::ingest::Jobs {
        &self.0.jobs
    }

    /// A slot for one streaming export, held until the export ends.
    pub async fn export_slot(&self) -> Result<OwnedSemaphorePermit, Error> {
        Arc::clone(&self.0.export_slots).acquire_owned().await.map_err(|_| Error::internal("exports are closed"))
    }

    /// Answers of expensive reads; call `cache().invalidate()` after writing to the registry.
    pub fn cache(&self) -> &crate::cache::Cache {
        &self.0.cache
    }

    /// The answer under `key` if kept, else `compute`'s (run with a store connection), kept.
    pub async fn cached<T, E>(
        &self,
        key: String,
        compute: impl FnOnce(&mut dyn Store) -> Result<T, E> + Send + 'static,
    ) -> Result<Arc<T>, Error>
    where
        T: Send + Sync + 'static,
        E: Into<Error> + Send + 'static,
    {
        if let Some(hit) = self.0.cache.get::<T>(&key) {
            return Ok(hit);
        }
        let generation = self.0.cache.generation();
        let value = Arc::new(self.store(compute).await?);
        self.0.cache.put(key, generation, Arc::clone(&value));
        Ok(value)
    }

    pub fn pool(&self) -> &StorePool {
        &self.0.stores
    }

    pub fn search_index(&self) -> Option<&Search> {
        self.0.search.as_ref()
    }

    /// Runs `f` with a store connection on the blocking pool.
    pub async fn store<T, E>(&self, f: impl FnOnce(&mut dyn Store) -> Result<T, E> + Send + 'static) -> Result<T, Error>
    where
        T: Send + 'static,
        E: Into<Error> + Send + 'static,
    {
        let _slot = self.0.store_slots.acquire().await.map_err(|_| Error::internal("the store is closed"))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.0.stores.with(f)).await?.map_err(Into::into)
    }

    /// Runs `f` with the search index and dictionary on the blocking pool; 503 when there
    /// is no index.
    pub async fn search<T, E>(
        &self,
        f: impl FnOnce(&SearchIndex, &Dictionary) -> Result<T, E> + Send + 'static,
    ) -> Result<T, Error>
    where
        T: Send + 'static,
        E: Into<Error> + Send + 'static,
    {
        let _slot = self.0.search_slots.acquire().await.map_err(|_| Error::internal("search is closed"))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || match state.0.search.as_ref() {
            Some(s) => f(&s.index, &s.dict).map_err(Into::into),
            None => Err(Error::unavailable("there is no search index: an administrator runs `silkport reindex`")
                .zh("尚无检索索引：请管理员运行 silkport reindex")),
        })
        .await?
    }

    /// Runs `f` with both a store connection and the search side (record pages that show
    /// similar documents, ownership checks that also reindex).
    pub async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&AppState) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let _slot = self.0.store_slots.acquire().await.map_err(|_| Error::internal("the store is closed"))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || f(&state)).await?
    }
}
