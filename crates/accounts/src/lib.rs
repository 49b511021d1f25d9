//! silkport accounts, the domain: who may do what. `role` (the five roles), `permission`
//! (the one table `can(role, action)`), `ownership` (when a right is a rights holder's own),
//! `password` (the policy and Argon2id hashing), `secret` (random session ids and API tokens,
//! stored only as hashes). No HTTP and no SQL: the portal enforces these rules on every
//! request and the store keeps the rows.

mod error;
pub mod ownership;
pub mod password;
pub mod permission;
pub mod role;
pub mod secret;

pub use error::AccountError;
pub use ownership::{normalise_name, owners, owning_name, owns};
pub use permission::{can, Action, PERMISSIONS};
pub use role::{check_user_name, Role};
