//! The portal's account rows (migration `0004_accounts`): users, the holder names bound to
//! them, sessions and API tokens (by the hash of their secret only), and the audit log. The
//! rules — roles, permissions, ownership, password policy — are `silkport-accounts`'; the
//! store only keeps these rows, with roles as their names.

use serde::Serialize;

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub disabled: bool,
    pub created_at: i64,
}

/// A user to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub name: String,
    pub display_name: String,
    pub role: String,
    pub password_hash: String,
    pub created_at: i64,
}

/// What an update changes (`None`: unchanged).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserChange {
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub password_hash: Option<String>,
    pub disabled: Option<bool>,
}

/// A holder name bound to a user: claimed by the user, verified by an administrator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HolderName {
    pub name: String,
    /// The administrator who verified it; `None` while only claimed.
    pub verified_by: Option<i64>,
    /// When it was claimed or last verified.
    pub at: i64,
}

/// An API token as stored (its hash is not read back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    pub id: i64,
    pub user_id: i64,
    pub label: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: i64,
    /// The acting user; `None` for the system itself.
    pub actor_id: Option<i64>,
    /// The actor's name when it acted.
    pub actor: String,
    /// `user_created`, `role_changed`, `ingest_started`, `token_issued`…
    pub action: String,
    pub target: Option<String>,
    /// JSON object with the particulars (never a secret).
    pub detail: String,
}

/// A line to append to the audit log (`id` is assigned by the store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAudit {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: String,
}

/// The columns of a user row, in the order both backends read them.
pub(crate) const USER_COLUMNS: &str = "id, name, display_name, role, password_hash, disabled, created_at";
/// The columns of a token row (table alias `t`), in the order both backends read them.
pub(crate) const TOKEN_COLUMNS_T: &str = "t.id, t.user_id, t.label, t.created_at, t.expires_at, t.revoked_at";

/// `USER_COLUMNS` qualified by a table alias, for joins.
pub(crate) fn prefixed_user_columns(table: &str) -> String {
    USER_COLUMNS.split(", ").map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", ")
}
