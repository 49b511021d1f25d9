//! silkport analytics: patent landscapes over any set of rights, navigation reports after
//! GB/T 39551-2020 (regional, industry, enterprise, R&D), and IP statistics indicators from
//! the registry and the official statistics tables.
//!
//! Everything is computed from [`RightFacts`](silkport_model::RightFacts) the store reads
//! without decoding documents, and from reference tables; no figure is written in the code.

mod book;
pub mod catalogue;
mod error;
pub mod filter;
pub mod indicators;
pub mod landscape;
pub mod names;
pub mod navigate;
pub mod report;
pub mod scan;

pub use error::AnalyticsError;
pub use filter::{Filter, Region};
pub use landscape::{Landscape, Spec};
