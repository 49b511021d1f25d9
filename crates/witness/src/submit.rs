//! The log's side of C2SP tlog-witness: the log pushes each new checkpoint to a witness's
//! `POST /add-checkpoint` with a consistency proof from the size that witness last
//! cosigned, and gets the witness's cosignature line(s) back. Push witnessing gives a log
//! its cosignatures at once, without waiting for witnesses that poll.
//!
//! The log does not need to remember what each witness has cosigned: a witness that has
//! seen a different size answers 409 with its latest size (`text/x.tlog.size`), and the
//! submitter retries once from that size, as tlog-witness intends.

use std::sync::Mutex;
use std::time::Duration;

use silkport_tlog::witness::AddCheckpoint;
use silkport_tlog::Hash;

use crate::{Result, WitnessError};

/// The status tlog-witness answers when the request's old size is not the witness's latest.
const CONFLICT: u16 = 409;

/// A witness the log pushes its checkpoints to.
pub struct Submitter {
    agent: ureq::Agent,
    url: String,
    /// The size this witness last cosigned, as far as this process knows (0 at start).
    known_size: Mutex<u64>,
}

/// How a submission ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// The checkpoint with the witness's cosignature line(s) appended.
    Cosigned(Vec<u8>),
    /// The witness had already cosigned this size.
    AlreadyCosigned,
}

impl Submitter {
    /// A witness whose tlog-witness endpoint is `url` (e.g. `http://witness.example:9000`;
    /// `/add-checkpoint` is appended).
    pub fn new(url: &str) -> Submitter {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .build();
        Submitter { agent: config.into(), url: url.trim_end_matches('/').to_string(), known_size: Mutex::new(0) }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Submits the signed `checkpoint` of tree size `size`. `prove(old)` gives the
    /// consistency proof from tree size `old` to `size` (empty when `old` is 0 or `size`).
    pub fn submit(
        &self,
        checkpoint: &[u8],
        size: u64,
        prove: impl Fn(u64) -> silkport_tlogstore::Result<Vec<Hash>>,
    ) -> Result<Submitted> {
        let mut known = self.known_size.lock().unwrap_or_else(|e| e.into_inner());
        if *known == size {
            return Ok(Submitted::AlreadyCosigned);
        }
        let first = self.post(checkpoint, *known, size, &prove)?;
        let answer = match first {
            Answer::Stale(latest) if latest == size => {
                *known = size;
                return Ok(Submitted::AlreadyCosigned);
            }
            Answer::Stale(latest) if latest < size => self.post(checkpoint, latest, size, &prove)?,
            other => other,
        };
        match answer {
            Answer::Cosignatures(lines) => {
                *known = size;
                Ok(Submitted::Cosigned(with_cosignatures(checkpoint, &lines)))
            }
            Answer::Stale(latest) => Err(self.refused(format!(
                "the witness has cosigned size {latest}, beyond this log's {size}: a rollback or another log with this key"
            ))),
        }
    }

    fn post(
        &self,
        checkpoint: &[u8],
        old: u64,
        size: u64,
        prove: &impl Fn(u64) -> silkport_tlogstore::Result<Vec<Hash>>,
    ) -> Result<Answer> {
        let proof = if old == 0 || old == size { Vec::new() } else { prove(old)? };
        let body = AddCheckpoint { old_size: old, proof, checkpoint: checkpoint.to_vec() }.to_bytes();
        let url = format!("{}/add-checkpoint", self.url);
        let http = |e: ureq::Error| WitnessError::Http { url: url.clone(), message: e.to_string() };
        let mut response = self.agent.post(&url).send(&body[..]).map_err(http)?;
        let status = response.status().as_u16();
        let text = response.body_mut().with_config().limit(64 * 1024).read_to_string().map_err(http)?;
        match status {
            200 => Ok(Answer::Cosignatures(text)),
            CONFLICT => match text.trim().parse::<u64>() {
                Ok(latest) => Ok(Answer::Stale(latest)),
                Err(_) => Err(self.refused(format!("409 {}", text.trim()))),
            },
            _ => Err(self.refused(format!("{status} {}", text.trim()))),
        }
    }

    fn refused(&self, message: String) -> WitnessError {
        WitnessError::Refused { url: self.url.clone(), message }
    }
}

enum Answer {
    Cosignatures(String),
    Stale(u64),
}

/// The signed note with the witness's signature lines added after the log's: a signed note
/// may carry any number of signature lines, each `— name base64`.
fn with_cosignatures(note: &[u8], lines: &str) -> Vec<u8> {
    let mut out = note.to_vec();
    for line in lines.lines().filter(|l| l.starts_with('—')) {
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosignature_lines_follow_the_logs_signature() {
        let note = b"example.com/log\n2\nAAAA\n\n\xe2\x80\x94 example.com/log sig1\n";
        let out = with_cosignatures(note, "\u{2014} witness.example/w sig2\n");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "example.com/log\n2\nAAAA\n\n\u{2014} example.com/log sig1\n\u{2014} witness.example/w sig2\n"
        );
    }
}
