//! A witness for silkport's transparency log, as a partner office runs it: it follows a log
//! over HTTP and cosigns each checkpoint it has proven consistent with the last one it
//! cosigned (C2SP tlog-witness, tlog-cosignature), keeps its state across restarts, and
//! raises an alarm on a rollback or a split view. The decisions are `silkport_tlog::witness`'s;
//! this crate adds HTTP, the key on disk and the durable state, and the log's side of
//! tlog-witness (`submit`): pushing checkpoints to witnesses.

mod error;
pub mod follow;
pub mod state;
pub mod submit;

pub use error::{Result, WitnessError};
pub use follow::{Follower, Step};
pub use state::WitnessState;
pub use submit::{Submitted, Submitter};
