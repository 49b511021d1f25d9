//! Following a log over HTTP (C2SP tlog-tiles): fetch its checkpoint, verify the log's
//! signature, authenticate its tiles against the checkpoint, prove the new tree extends the
//! one last cosigned, cosign (C2SP tlog-cosignature), record, and send the cosignature back
//! to the log. A smaller tree or another tree of the same size is an alarm.

use std::time::Duration;

use silkport_tlog::witness::{observe, Alarm, Observation, TreeHead};
use silkport_tlog::{
    open_checkpoint, parse_note, prove_consistency, sign_note, tree_hash, Ed25519Verifier, Note, Tile, TileHashReader,
    TileReader, TILE_HEIGHT,
};

use crate::state::{AlarmRecord, WitnessState};
use crate::{Result, WitnessError};

/// What one poll found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The first checkpoint seen for this log, cosigned (trusted on first use).
    First { size: u64, delivered: bool },
    /// A larger tree proven consistent with the last one, cosigned.
    Advanced { from: u64, to: u64, delivered: bool },
    /// The same tree as last time: nothing to cosign.
    Unchanged { size: u64 },
    /// Another request moved this witness's state meanwhile: poll again.
    Raced,
}

/// A witness following one log.
pub struct Follower<'a> {
    agent: ureq::Agent,
    base: String,
    log_key: Ed25519Verifier,
    state: &'a WitnessState,
}

impl<'a> Follower<'a> {
    /// Follows the log at `url` (its tlog-tiles prefix, e.g. `http://127.0.0.1:8080`) whose
    /// checkpoints `log_key` signs; its key name is the log's origin.
    pub fn new(url: &str, log_key: Ed25519Verifier, state: &'a WitnessState) -> Follower<'a> {
        let config = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(30))).build();
        Follower { agent: config.into(), base: url.trim_end_matches('/').to_string(), log_key, state }
    }

    fn origin(&self) -> &str {
        silkport_tlog::Verifier::name(&self.log_key)
    }

    fn get(&self, path: &str) -> Result<Vec<u8>> {
        let url = format!("{}/{path}", self.base);
        let http = |e: ureq::Error| WitnessError::Http { url: url.clone(), message: e.to_string() };
        self.agent.get(&url).call().map_err(http)?.body_mut().read_to_vec().map_err(http)
    }

    /// Sends a cosigned checkpoint to the log (`POST /cosignature`), so that its receipts
    /// can carry this witness's cosignature.
    fn deliver(&self, cosigned: &[u8]) -> bool {
        let url = format!("{}/cosignature", self.base);
        self.agent.post(&url).send(cosigned).is_ok()
    }

    /// One round: see the module documentation. `now` is the cosignature's timestamp.
    pub fn poll(&self, now: u64) -> Result<Step> {
        if let Some(alarm) = self.state.alarms().first() {
            return Err(WitnessError::Alarm(format!("an earlier alarm stands: {}", alarm.message)));
        }
        let note = self.get("checkpoint")?;
        let opened = open_checkpoint(&note, self.origin(), &self.log_key, &[]).map_err(WitnessError::Checkpoint)?;
        let offered = TreeHead::from(&opened.checkpoint);
        let seen = self.state.latest(self.origin())?;
        let proof = self.proof(seen.as_ref(), &offered)?;
        match observe(seen.as_ref(), &offered, &proof) {
            Ok(Observation::Unchanged) => Ok(Step::Unchanged { size: offered.size }),
            Ok(observation) => {
                let parsed = parse_note(&note)?;
                let cosigned = sign_note(
                    &Note { text: parsed.text, sigs: vec![], unverified: parsed.unverified },
                    &[&self.state.signer().at(now)],
                )?;
                if !self.state.record(self.origin(), seen.as_ref(), &offered, &cosigned)? {
                    return Ok(Step::Raced);
                }
                let delivered = self.deliver(&cosigned);
                Ok(match observation {
                    Observation::First => Step::First { size: offered.size, delivered },
                    _ => Step::Advanced { from: seen.map_or(0, |s| s.size), to: offered.size, delivered },
                })
            }
            Err(alarm) => Err(self.alarm(alarm, &note)?),
        }
    }

    /// The consistency proof from the tree seen to the one offered, computed from tiles that
    /// are each authenticated against the offered checkpoint. For a first checkpoint, the
    /// tiles are checked to hash to its root.
    fn proof(&self, seen: Option<&TreeHead>, offered: &TreeHead) -> Result<Vec<silkport_tlog::Hash>> {
        if offered.size == 0 {
            return Ok(Vec::new());
        }
        let reader = TileHashReader::new(offered.size, offered.hash, self);
        match seen {
            None => {
                tree_hash(offered.size, &reader).map_err(WitnessError::Tiles)?;
                Ok(Vec::new())
            }
            Some(s) if s.size > 0 && s.size < offered.size => {
                prove_consistency(offered.size, s.size, &reader).map_err(WitnessError::Tiles)
            }
            Some(_) => Ok(Vec::new()),
        }
    }

    /// Records the alarm with its evidence and returns the error to exit with.
    fn alarm(&self, alarm: Alarm, offered_note: &[u8]) -> Result<WitnessError> {
        let (what, seen, offered) = match alarm {
            Alarm::Rollback { seen, offered } => {
                ("rollback: the log shows a smaller tree than one already cosigned", seen, offered)
            }
            Alarm::SplitView { seen, offered } => ("split view: two different trees of the same size", seen, offered),
            Alarm::Inconsistent { seen, offered } => {
                ("split view: the new tree does not contain the tree already cosigned", seen, offered)
            }
        };
        let message = format!(
            "{what} for log {} (cosigned size {} root {}, now shown size {} root {})",
            self.origin(),
            seen.size,
            seen.hash.to_base64(),
            offered.size,
            offered.hash.to_base64()
        );
        let seen_checkpoint =
            self.state.snapshot().logs.get(self.origin()).map(|r| r.checkpoint.clone()).unwrap_or_default();
        self.state.raise(AlarmRecord {
            origin: self.origin().to_string(),
            message: message.clone(),
            offered_checkpoint: String::from_utf8_lossy(offered_note).into_owned(),
            seen_checkpoint,
        })?;
        Ok(WitnessError::Alarm(message))
    }
}

/// Tiles fetched from the log's tlog-tiles endpoints. They need no trust: the
/// `TileHashReader` authenticates each one.
impl TileReader for Follower<'_> {
    fn height(&self) -> u8 {
        TILE_HEIGHT
    }

    fn read_tiles(&self, tiles: &[Tile]) -> silkport_tlog::Result<Vec<Vec<u8>>> {
        tiles
            .iter()
            .map(|t| self.get(&t.path()).map_err(|e| silkport_tlog::TlogError::HashRead(e.to_string())))
            .collect()
    }
}
