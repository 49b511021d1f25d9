//! Ingest jobs (administrators only): a file or directory under the configured import root
//! (never an arbitrary path: relative, no `..`, and the resolved path must stay under the
//! root), or an uploaded file (streamed to the data directory with a size cap). One job runs
//! at a time, on a thread of its own with its own store connection, feeding the registry and
//! the search index like `silkport ingest`; its progress is polled with `GET …/jobs/{id}`.

use super::extract::{J, P, Q};
use crate::accounts::{audit, now};
use crate::auth::{check_api_write, require, User};
use crate::load::{IndexFeed, StoreLoader};
use crate::{AppState, Error};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::Json;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use silkport_accounts::Action;
use silkport_ingest::run::{self, Progress};
use silkport_server::ApiError;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// One job's state, as `GET /api/v1/ingest/jobs/{id}` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct JobStatus {
    pub id: u64,
    /// `running`, `done`, `failed`.
    pub state: &'static str,
    /// The path under the import root, or `upload:<name>`.
    pub source: String,
    pub started_by: String,
    pub started_at: i64,
    pub finished_at: Option<i64>,
    pub file: Option<String>,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub records: u64,
    /// The ingest summary when done (loaded, updated, unchanged, failed, per file).
    pub summary: Option<Value>,
    pub message: Option<String>,
}

/// The jobs of this process (not persisted: a restart forgets them; the audit log keeps who
/// started what).
#[derive(Default)]
pub struct Jobs {
    jobs: Mutex<BTreeMap<u64, Arc<Mutex<JobStatus>>>>,
    next: AtomicU64,
    running: AtomicBool,
}

impl Jobs {
    /// Reserves the single running slot, or says a job is running.
    fn begin(&self, source: String, user: &User) -> Result<Arc<Mutex<JobStatus>>, Error> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(Error::new(ApiError::Conflict {
                message: "an ingest job is running; wait for it to finish (GET /api/v1/ingest/jobs)".into(),
                body: None,
            })
            .zh("已有导入任务在运行，请等待其完成"));
        }
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let job = Arc::new(Mutex::new(JobStatus {
            id,
            state: "running",
            source,
            started_by: user.name.clone(),
            started_at: now(),
            finished_at: None,
            file: None,
            bytes_done: 0,
            bytes_total: 0,
            records: 0,
            summary: None,
            message: None,
        }));
        self.jobs.lock().unwrap_or_else(|p| p.into_inner()).insert(id, Arc::clone(&job));
        Ok(job)
    }

    fn end(&self) {
        self.running.store(false, Ordering::SeqCst);
    }

    pub fn list(&self) -> Vec<JobStatus> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.values().rev().map(|j| j.lock().unwrap_or_else(|p| p.into_inner()).clone()).collect()
    }

    pub fn get(&self, id: u64) -> Option<JobStatus> {
        let jobs = self.jobs.lock().unwrap_or_else(|p| p.into_inner());
        jobs.get(&id).map(|j| j.lock().unwrap_or_else(|p| p.into_inner()).clone())
    }
}

/// Progress written into the job's status.
struct JobProgress(Arc<Mutex<JobStatus>>);

impl JobProgress {
    fn update(&self, f: impl FnOnce(&mut JobStatus)) {
        f(&mut self.0.lock().unwrap_or_else(|p| p.into_inner()));
    }
}

impl Progress for JobProgress {
    fn start(&self, total: u64) {
        self.update(|s| s.bytes_total = total);
    }
    fn file(&self, path: &std::path::Path) {
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        self.update(|s| s.file = name);
    }
    fn advance(&self, bytes: u64, records: u64) {
        self.update(|s| {
            s.bytes_done = bytes;
            s.records = records;
        });
    }
}

/// Where a requested path lands: under the import root, or refused.
pub fn resolve_import(root: Option<&std::path::Path>, requested: &str) -> Result<PathBuf, Error> {
    let root = root.ok_or_else(|| {
        Error::new(ApiError::Unprocessable(
            "this portal has no import root: start it with `silkport serve --import-root DIR`, or upload the file"
                .into(),
        ))
        .zh("未配置导入目录：请以 --import-root 启动，或上传文件")
    })?;
    let rel = std::path::Path::new(requested);
    let outside =
        || Error::forbidden("paths are relative to the import root and may not leave it").zh("路径须位于导入目录之内");
    if requested.is_empty() || requested.len() > 1024 || requested.contains('\0') {
        return Err(Error::bad_request("path: 1 to 1024 characters"));
    }
    if !rel.components().all(|c| matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err(outside());
    }
    let root = root.canonicalize().map_err(|e| Error::internal(format!("import root {}: {e}", root.display())))?;
    let full = root.join(rel).canonicalize().map_err(|_| {
        Error::not_found(format!("{requested} does not exist under the import root")).zh("导入目录中没有该路径")
    })?;
    // A symbolic link inside the root may still point outside it.
    if !full.starts_with(&root) {
        return Err(outside());
    }
    Ok(full)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobRequest {
    /// A file or directory, relative to the import root.
    pub path: String,
}

/// `POST /api/v1/ingest/jobs`: ingest a file or directory under the import root.
pub async fn start_job(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    J(req): J<JobRequest>,
) -> Result<(StatusCode, Json<JobStatus>), Error> {
    check_api_write(&state, &headers, &user)?;
    require(Some(&user), Action::StartIngest)?;
    let path = resolve_import(state.config().import_root.as_deref(), &req.path)?;
    let status = start(&state, &user, req.path.clone(), path).await?;
    Ok((StatusCode::ACCEPTED, Json(status)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UploadParams {
    /// The file's name; its extension (`.xml.gz`, `.jsonl`…) helps detect the format.
    pub name: String,
}

/// A safe file name for an upload: ASCII letters, digits, `.`, `-`, `_`; not hidden.
fn upload_name(name: &str) -> Result<String, Error> {
    let ok = (1..=100).contains(&name.len())
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(name.to_string())
    } else {
        Err(Error::bad_request("name: 1 to 100 letters, digits, '.', '-' or '_', not starting with '.'")
            .zh("文件名只能包含字母、数字、. - _"))
    }
}

/// `POST /api/v1/ingest/uploads?name=…`: the body is the file (any content type), at most
/// the configured upload limit; it is saved under the data directory and ingested.
pub async fn upload(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    Q(p): Q<UploadParams>,
    body: Body,
) -> Result<(StatusCode, Json<JobStatus>), Error> {
    check_api_write(&state, &headers, &user)?;
    require(Some(&user), Action::StartIngest)?;
    let name = upload_name(&p.name)?;
    let limit = state.config().upload_limit;
    let too_large = || {
        Error::new(ApiError::PayloadTooLarge(format!(
            "uploads are limited to {limit} bytes; put larger files under the import root"
        )))
        .zh("上传文件超过上限")
    };
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let dir = state.config().data_dir.join("uploads");
    std::fs::create_dir_all(&dir).map_err(|e| Error::internal(format!("{}: {e}", dir.display())))?;
    let path = dir.join(format!("{}-{name}", now()));
    let mut file = std::fs::File::create(&path).map_err(|e| Error::internal(format!("{}: {e}", path.display())))?;
    let mut written = 0usize;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Error::bad_request(format!("the upload broke off: {e}")))?;
        written += chunk.len();
        if written > limit {
            drop(file);
            let _ = std::fs::remove_file(&path);
            return Err(too_large());
        }
        file.write_all(&chunk).map_err(|e| Error::internal(format!("{}: {e}", path.display())))?;
    }
    file.sync_all().map_err(|e| Error::internal(format!("{}: {e}", path.display())))?;
    if written == 0 {
        let _ = std::fs::remove_file(&path);
        return Err(Error::bad_request("the upload is empty").zh("上传内容为空"));
    }
    let status = start(&state, &user, format!("upload:{name}"), path).await?;
    Ok((StatusCode::ACCEPTED, Json(status)))
}

/// Audits and starts a job on its own thread.
pub async fn start(state: &AppState, user: &User, source: String, path: PathBuf) -> Result<JobStatus, Error> {
    let job = state.jobs().begin(source.clone(), user)?;
    let id = job.lock().unwrap_or_else(|p| p.into_inner()).id;
    let actor = user.clone();
    let audited = state
        .store(move |s| {
            audit(s, Some(&actor), "ingest_started", Some(format!("job:{id}")), json!({ "source": source }))
        })
        .await;
    if let Err(e) = audited {
        state.jobs().end();
        return Err(e);
    }
    let runner = state.clone();
    let progress = JobProgress(Arc::clone(&job));
    std::thread::spawn(move || {
        let outcome = run_job(&runner, &path, &progress);
        progress.update(|s| {
            s.finished_at = Some(now());
            match outcome {
                Ok(summary) => {
                    s.state = "done";
                    s.summary = Some(summary);
                }
                Err(message) => {
                    s.state = "failed";
                    s.message = Some(message);
                }
            }
        });
        runner.cache().invalidate();
        runner.jobs().end();
    });
    let status = job.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Ok(status)
}

/// The job's work: expand, ingest into a fresh store connection and the index writer.
fn run_job(state: &AppState, path: &std::path::Path, progress: &JobProgress) -> Result<Value, String> {
    let files = run::expand(&[path.to_path_buf()]).map_err(|e| e.to_string())?;
    let config = state.config();
    let store = silkport_store::open(&config.data_dir, config.database_url.as_deref()).map_err(|e| e.to_string())?;
    let index = match state.search_index() {
        Some(s) => Some(IndexFeed::new(Box::new(s.index.writer().map_err(|e| e.to_string())?))),
        None => None,
    };
    let mut loader = StoreLoader { store, index };
    let summary = run::ingest(&files, &mut loader, progress);
    loader.finish()?;
    let summary = summary.map_err(|e| e.to_string())?;
    serde_json::to_value(&summary).map_err(|e| e.to_string())
}

/// `GET /api/v1/ingest/jobs`.
pub async fn list_jobs(State(state): State<AppState>, user: User) -> Result<Json<Value>, Error> {
    require(Some(&user), Action::StartIngest)?;
    Ok(Json(json!({ "jobs": state.jobs().list() })))
}

/// `GET /api/v1/ingest/jobs/{id}`.
pub async fn get_job(State(state): State<AppState>, user: User, P(id): P<String>) -> Result<Json<JobStatus>, Error> {
    require(Some(&user), Action::StartIngest)?;
    let id = super::accounts::numeric_id(&id)?;
    state
        .jobs()
        .get(id as u64)
        .map(Json)
        .ok_or_else(|| Error::not_found(format!("no ingest job {id}")).zh("没有该导入任务"))
}
