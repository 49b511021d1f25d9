//! The accounts crate's one error type. Messages are lowercase and say what to do next.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("the password is too short: use at least {min} characters (a few unrelated words work well)")]
    PasswordTooShort { min: usize },
    #[error("the password is too long: use at most {max} bytes")]
    PasswordTooLong { max: usize },
    #[error("the password is too common or contains the user name: choose another")]
    PasswordGuessable,
    #[error("user names are 3 to 64 letters, digits, '.', '-' or '_'")]
    BadUserName,
    #[error("unknown role {0:?}: use holder, bank, examiner or admin")]
    UnknownRole(String),
    #[error("the system random source failed: {0}")]
    Random(String),
    #[error("password hashing failed: {0}")]
    Hash(String),
}
