//! The model crate's one error type: a value that does not parse into a domain newtype.

/// Why a string could not become a domain value. Messages are lowercase, without a
/// trailing period, and say what a valid value looks like.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    #[error("invalid publication number {input:?}: {reason} (expected e.g. US8087209B2, EP 3 782 854 A1)")]
    PublicationId { input: String, reason: &'static str },
    #[error("invalid application number {input:?}: {reason} (expected e.g. CN201410005532.4)")]
    AppNumber { input: String, reason: &'static str },
    #[error("invalid right id {input:?}: {reason}")]
    RightId { input: String, reason: &'static str },
    #[error("invalid date {input:?} (expected YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY or MM-DD-YYYY)")]
    Date { input: String },
    #[error("invalid {scheme} classification symbol {input:?}")]
    Classification { scheme: &'static str, input: String },
    #[error("invalid language code {input:?} (expected an ISO 639-1 code such as zh, en, ru)")]
    Lang { input: String },
    #[error("invalid money amount {input:?}: {reason}")]
    Money { input: String, reason: &'static str },
    #[error("unknown {what} {input:?}")]
    Unknown { what: &'static str, input: String },
}
