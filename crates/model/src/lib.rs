//! silkport's domain model: every IP right, its identifiers, parties, classifications,
//! texts, dates, citations and legal events. Pure data and rules; no I/O, SQL or HTTP.

pub mod address;
pub mod class;
pub mod date;
pub mod error;
pub mod event;
pub mod facts;
pub mod id;
pub mod money;
pub mod party;
pub mod reference;
pub mod right;
pub mod text;

pub use address::{cn_provinces, extract_cn_region, CnRegion};
pub use class::{ClassScheme, Classification, IpcSymbol};
pub use date::Date;
pub use error::ModelError;
pub use event::{EventKind, EventRecord, LegalEvent};
pub use facts::{EventTally, FactClass, FactParty, RightFacts};
pub use id::{AppNumber, PubKey, PublicationId, RightId};
pub use money::{Currency, Money};
pub use party::{fold_name, Address, Party, PartyRole};
pub use reference::RefRecord;
pub use right::{Citation, CitationTarget, Priority, Provenance, Right, RightDates, RightKind, Status};
pub use text::{Claim, ClaimSet, Lang, LocalizedText, Texts};
