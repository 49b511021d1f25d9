//! Ingest jobs (administrators only): a file or directory under the configured import root,
//! or an uploaded file, loaded on a background thread with progress.

use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Mutex;

/// One job's state, as `GET /api/v1/ingest/jobs/{id}` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct JobStatus {
    pub id: u64,
    pub state: &'static str,
    pub source: String,
    pub started_by: String,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub records: u64,
    pub message: Option<String>,
}

/// The jobs of this process (not persisted: a restart forgets finished jobs, the audit log
/// keeps who started what).
#[derive(Default)]
pub struct Jobs {
    #[allow(dead_code)] // filled by the ingest endpoints (next commits)
    pub(crate) jobs: Mutex<BTreeMap<u64, JobStatus>>,
}
