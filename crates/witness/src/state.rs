//! A witness's durable state in one directory: its cosigning key (`witness.key`, mode
//! 0600, a C2SP cosignature/v1 key generated on first use), its public key (`witness.pub`),
//! and `state.json`: per log the latest tree head it cosigned and that checkpoint, plus any
//! alarm raised. The state is replaced atomically and before a cosignature is released, so
//! a restarted witness never cosigns anything inconsistent with what it already cosigned.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use silkport_tlog::witness::{AddCheckpoint, Refusal, TreeHead, WitnessedLog};
use silkport_tlog::{CosignatureSigner, Ed25519Verifier, Hash, NoteSignature};
use silkport_tlogstore::{random_seed, read_secret_file, replace_file, write_secret_file};

use crate::{Result, WitnessError};

const KEY: &str = "witness.key";
const PUBLIC_KEY: &str = "witness.pub";
const STATE: &str = "state.json";

/// What the witness remembers of one log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRecord {
    pub size: u64,
    /// Root hash, base64.
    pub hash: String,
    /// The latest checkpoint it cosigned, with its cosignature (a signed note).
    pub checkpoint: String,
}

/// An alarm: what was seen and what was shown, kept as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlarmRecord {
    pub origin: String,
    pub message: String,
    /// The checkpoint that contradicts the one the witness had cosigned.
    pub offered_checkpoint: String,
    pub seen_checkpoint: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateFile {
    pub logs: BTreeMap<String, LogRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alarms: Vec<AlarmRecord>,
}

/// The witness's key and state, shared by the follower and the add-checkpoint endpoint.
pub struct WitnessState {
    dir: PathBuf,
    signer: CosignatureSigner,
    file: Mutex<StateFile>,
}

impl WitnessState {
    /// Opens the state in `dir`, creating the directory, a key named `name` and an empty
    /// state on first use.
    pub fn open(dir: &Path, name: &str) -> Result<WitnessState> {
        std::fs::create_dir_all(dir).map_err(|source| WitnessError::Io { path: dir.into(), source })?;
        let key = dir.join(KEY);
        if !key.exists() {
            let mut seed = random_seed(&key)?;
            let signer = CosignatureSigner::from_seed(name, &seed);
            seed.fill(0);
            let signer = signer?;
            write_secret_file(&key, &signer.skey())?;
            replace_file(dir, PUBLIC_KEY, format!("{}\n", signer.verifier().vkey()).as_bytes())?;
        }
        let signer = CosignatureSigner::parse(&read_secret_file(&key)?)?;
        let path = dir.join(STATE);
        let file = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| WitnessError::State { path: path.clone(), message: e.to_string() })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => StateFile::default(),
            Err(source) => return Err(WitnessError::Io { path, source }),
        };
        Ok(WitnessState { dir: dir.into(), signer, file: Mutex::new(file) })
    }

    pub fn signer(&self) -> &CosignatureSigner {
        &self.signer
    }

    /// The witness's verifier key string (cosignature/v1), for logs and verifiers.
    pub fn vkey(&self) -> String {
        self.signer.verifier().vkey()
    }

    pub fn snapshot(&self) -> StateFile {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, StateFile> {
        self.file.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The latest tree head cosigned for `origin`.
    pub fn latest(&self, origin: &str) -> Result<Option<TreeHead>> {
        self.lock().logs.get(origin).map(tree_head).transpose()
    }

    /// Records a newly cosigned checkpoint durably (call before releasing the cosignature),
    /// if the latest tree head is still `expected`: the caller proved consistency with that
    /// one. Returns false, recording nothing, when another request moved it meanwhile.
    pub fn record(&self, origin: &str, expected: Option<&TreeHead>, head: &TreeHead, cosigned: &[u8]) -> Result<bool> {
        let mut file = self.lock();
        if file.logs.get(origin).map(tree_head).transpose()?.as_ref() != expected {
            return Ok(false);
        }
        insert(&mut file, origin, head, cosigned);
        self.save(&file)?;
        Ok(true)
    }

    /// Records an alarm durably, with the contradicting checkpoints as evidence.
    pub fn raise(&self, alarm: AlarmRecord) -> Result<()> {
        let mut file = self.lock();
        file.alarms.push(alarm);
        self.save(&file)
    }

    /// Alarms raised and not yet cleared by the operator.
    pub fn alarms(&self) -> Vec<AlarmRecord> {
        self.lock().alarms.clone()
    }

    fn save(&self, file: &StateFile) -> Result<()> {
        let json = serde_json::to_vec_pretty(file)
            .map_err(|e| WitnessError::State { path: self.dir.join(STATE), message: e.to_string() })?;
        Ok(replace_file(&self.dir, STATE, &json)?)
    }

    /// Answers a tlog-witness add-checkpoint request for the log whose key is `log_key`: the
    /// cosignature lines, or the refusal. The new tree head is saved before answering, under
    /// one lock, so concurrent requests are decided one after the other.
    pub fn add_checkpoint(
        &self,
        log_key: &Ed25519Verifier,
        body: &[u8],
        now: u64,
    ) -> Result<std::result::Result<Vec<NoteSignature>, Refusal>> {
        let req = match AddCheckpoint::parse(body) {
            Ok(req) => req,
            Err(e) => return Ok(Err(Refusal::Malformed(e.to_string()))),
        };
        let origin = silkport_tlog::Verifier::name(log_key).to_string();
        let mut file = self.lock();
        let latest = file.logs.get(&origin).map(tree_head).transpose()?;
        let mut witness = silkport_tlog::witness::Witness {
            signer: CosignatureSigner::parse(&self.signer.skey())?,
            logs: BTreeMap::from([(origin.clone(), WitnessedLog { verifier: Box::new(log_key.clone()), latest })]),
        };
        let sigs = match witness.add_checkpoint(&req, now) {
            Ok(sigs) => sigs,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let head = witness.logs[&origin].latest.expect("set by an accepted request");
        let mut cosigned = req.checkpoint.clone();
        for s in &sigs {
            cosigned.extend_from_slice(s.line().as_bytes());
        }
        insert(&mut file, &origin, &head, &cosigned);
        self.save(&file)?;
        Ok(Ok(sigs))
    }
}

fn insert(file: &mut StateFile, origin: &str, head: &TreeHead, cosigned: &[u8]) {
    let record = LogRecord {
        size: head.size,
        hash: head.hash.to_base64(),
        checkpoint: String::from_utf8_lossy(cosigned).into_owned(),
    };
    file.logs.insert(origin.to_string(), record);
}

fn tree_head(r: &LogRecord) -> Result<TreeHead> {
    Ok(TreeHead { size: r.size, hash: Hash::from_base64(&r.hash)? })
}
