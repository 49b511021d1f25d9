//! What the log says about the registry: each event and each granted or registered right
//! becomes one canonical entry (docs/ledger-entry-format.md, docs/ledger.md). Decided here
//! once, for `sync` (what to append) and `audit` (what the log should hold).

use silkport_model::{EventKind, LegalEvent, PartyRole, Right, RightId, RightKind};
use silkport_store::{KeyColumn, Store, StoredEvent};
use silkport_tlog::{Entry, EntryParty};

use crate::Result;

/// Why a subject has no entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// An event kind that does not change a right's state (fees, publication, prosecution).
    NotAStateChange,
    /// An event without a date: an entry needs the legal date of the change.
    Undated,
    /// An event no right in the registry claims yet; it is logged when its right arrives.
    Unattached,
    /// A right known only by number from another record (a stub).
    Stub,
    /// A right without a grant or registration date.
    NotGranted,
    /// The subject is no longer in the registry.
    Gone,
}

/// The entry type and fixed attributes of an event kind, if it changes a right's state.
pub fn event_type(kind: EventKind) -> Option<(&'static str, Option<(&'static str, &'static str)>)> {
    use EventKind as K;
    Some(match kind {
        K::Grant => ("grant", None),
        K::Registration => ("registration", None),
        K::Transfer => ("transfer", None),
        K::Merger => ("transfer", Some(("nature", "merger"))),
        K::Licence => ("licence", None),
        K::Pledge => ("pledge", None),
        K::Release => ("release", None),
        K::Lapse => ("status", Some(("status", "lapsed"))),
        K::Restoration => ("status", Some(("status", "restored"))),
        K::Expiry => ("status", Some(("status", "expired"))),
        K::Invalidation => ("status", Some(("status", "invalidated"))),
        K::Withdrawal => ("status", Some(("status", "withdrawn"))),
        K::NameChange => ("name-change", None),
        K::Correction => ("correction", None),
        K::Filing | K::Publication | K::Examination | K::FeePaid | K::FeeReminder | K::Other => return None,
    })
}

/// The entry of an event of the right `right` (its registry id).
pub fn event_entry(right: &str, e: &LegalEvent) -> Result<Entry, Skip> {
    let (event, fixed) = event_type(e.kind).ok_or(Skip::NotAStateChange)?;
    let date = e.date.ok_or(Skip::Undated)?;
    let mut attrs: Vec<(String, String)> = fixed.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let fields = [
        ("code", e.code.clone()),
        ("authority", e.authority.clone()),
        ("reference", e.reference.clone()),
        ("description", e.description.clone()),
        ("amount", e.amount.as_ref().map(|m| m.to_string())),
    ];
    attrs.extend(fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), text(&v?)?))));
    Ok(Entry {
        right: right.to_string(),
        event: event.to_string(),
        date: date.to_string(),
        reference: Some(e.key.clone()),
        parties: parties(e.parties.iter().map(|p| (p.role, p.name()))),
        attrs,
        docs: Vec::new(),
    })
}

/// The reference of a right's own entry: `grant:<id>` or `registration:<id>`.
pub fn right_reference(event: &str, id: &str) -> String {
    format!("{event}:{id}")
}

/// The grant (patents, designs, varieties, layouts) or registration (marks, indications,
/// copyrights) of a full right, dated by its grant or registration date.
pub fn right_entry(r: &Right) -> Result<Entry, Skip> {
    if r.source.stub {
        return Err(Skip::Stub);
    }
    let date = r.dates.grant.ok_or(Skip::NotGranted)?;
    let event = match r.kind {
        RightKind::InventionPatent
        | RightKind::UtilityModel
        | RightKind::Design
        | RightKind::PlantVariety
        | RightKind::IcLayout => "grant",
        _ => "registration",
    };
    let owners = r.parties.iter().filter(|p| {
        matches!(p.role, PartyRole::Applicant | PartyRole::Assignee | PartyRole::Holder | PartyRole::Author)
    });
    let mut attrs = vec![("kind".to_string(), r.kind.as_str().to_string()), ("office".to_string(), r.office.clone())];
    if r.synthetic {
        attrs.push(("synthetic".into(), "true".into()));
    }
    let id = r.id.to_string();
    Ok(Entry {
        reference: Some(right_reference(event, &id)),
        right: id,
        event: event.to_string(),
        date: date.to_string(),
        parties: parties(owners.map(|p| (p.role, p.name()))),
        attrs,
        docs: Vec::new(),
    })
}

/// Parties as entry lines: role tokens, cleaned names, no duplicates (the encoder sorts).
fn parties<'a>(list: impl Iterator<Item = (PartyRole, &'a str)>) -> Vec<EntryParty> {
    let mut out: Vec<EntryParty> = list
        .filter_map(|(role, name)| Some(EntryParty { role: role.as_str().replace('_', "-"), name: text(name)? }))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A value as entry text: kept byte for byte when it is valid entry text; otherwise control
/// characters and runs of whitespace become one space, and the ends are trimmed. None when
/// nothing is left.
fn text(s: &str) -> Option<String> {
    let valid = !s.is_empty() && !s.chars().any(char::is_control) && s.trim() == s;
    if valid {
        return Some(s.to_string());
    }
    let cleaned = s.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty());
    let joined = cleaned.collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// The registry id of the right an event belongs to, as `get` attaches events: the right it
/// was carried in; else a right with its publication key, else with its application key,
/// preferring full publications (ids with a kind code) and then the lowest id.
pub fn event_right(store: &mut dyn Store, e: &StoredEvent) -> Result<Option<String>> {
    if let Some(id) = &e.right_id {
        return Ok(Some(id.clone()));
    }
    for (column, key) in [(KeyColumn::PubKey, &e.pub_key), (KeyColumn::AppKey, &e.app_key)] {
        let Some(key) = key else { continue };
        let ids: Vec<String> = store.ids_by_key(column, std::slice::from_ref(key))?.into_iter().map(|p| p.1).collect();
        let full =
            |id: &&String| RightId::parse(id).ok().and_then(|r| r.publication()).is_some_and(|p| p.kind().is_some());
        if let Some(best) = ids.iter().filter(full).min().or(ids.iter().min()) {
            return Ok(Some(best.clone()));
        }
    }
    Ok(None)
}

/// Whether an entry logged under the right id `logged` still names the right `current`: the
/// same id, or one the registry resolves to it (a stub's number after the full document
/// absorbed the stub). Such an entry is kept, not logged again under the new id.
pub fn still_names(store: &mut dyn Store, logged: &str, current: &str) -> Result<bool> {
    if logged == current {
        return Ok(true);
    }
    Ok(store.resolve(logged)?.iter().any(|id| id.as_str() == current))
}

/// The entry for an event: `Err(Skip)` when it has none.
pub fn stored_event_entry(store: &mut dyn Store, e: &StoredEvent) -> Result<Result<Entry, Skip>> {
    if event_type(e.event.kind).is_none() {
        return Ok(Err(Skip::NotAStateChange));
    }
    let Some(right) = event_right(store, e)? else { return Ok(Err(Skip::Unattached)) };
    Ok(event_entry(&right, &e.event))
}
