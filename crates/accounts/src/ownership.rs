//! The ownership rule: a right is a rights holder's own when one of its current owners has
//! one of the holder names an administrator verified for that account. The current owners
//! are the assignees of the latest recorded transfer when there is one, else the right's
//! applicants, assignees and registered holders. Names are compared after
//! `normalise_name` (width, case, spacing and punctuation folded), never by substring: "华为"
//! does not own "华为技术有限公司"'s rights.

use silkport_model::{fold_name, EventKind, Party, PartyRole, Right};

/// The parties that own the right now.
pub fn owners(right: &Right) -> Vec<&Party> {
    let latest_transfer = right
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Transfer)
        .filter(|e| e.parties.iter().any(|p| p.role == PartyRole::Assignee))
        .max_by(|a, b| (a.date, &a.key).cmp(&(b.date, &b.key)));
    match latest_transfer {
        Some(e) => e.parties.iter().filter(|p| p.role == PartyRole::Assignee).collect(),
        None => right
            .parties
            .iter()
            .filter(|p| matches!(p.role, PartyRole::Applicant | PartyRole::Assignee | PartyRole::Holder))
            .collect(),
    }
}

/// Whether any current owner of `right` bears one of `holder_names` (verified names only).
pub fn owns(holder_names: &[String], right: &Right) -> bool {
    owning_name(holder_names, right).is_some()
}

/// The owner's name, as the right records it, that one of `holder_names` matches.
pub fn owning_name(holder_names: &[String], right: &Right) -> Option<String> {
    let mine: Vec<String> = holder_names.iter().map(|n| normalise_name(n)).filter(|n| !n.is_empty()).collect();
    owners(right)
        .iter()
        .flat_map(|p| p.names.iter())
        .find(|n| mine.contains(&normalise_name(&n.text)))
        .map(|n| n.text.clone())
}

/// A name folded for comparison: `silkport_model::fold_name` (full-width to ASCII, case,
/// dots and apostrophes dropped, other punctuation and runs of spaces to one space), the same
/// folding the applicant statistics use.
pub fn normalise_name(name: &str) -> String {
    fold_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use silkport_model::{Date, Lang, LegalEvent, RightId, RightKind};

    fn right_of(applicant: &str) -> Right {
        let mut r = Right::new(RightId::parse("CN990000000001A").unwrap(), RightKind::InventionPatent, "CN", "t");
        r.parties.push(Party::new(PartyRole::Applicant, Lang::ZH, applicant));
        r.parties.push(Party::new(PartyRole::Inventor, Lang::ZH, "张三"));
        r
    }

    #[test]
    fn names_fold_width_case_and_punctuation() {
        assert_eq!(normalise_name("Huawei Technologies Co., Ltd."), normalise_name("HUAWEI  TECHNOLOGIES CO LTD"));
        assert_eq!(normalise_name("ＡＢＣ　公司"), "ABC 公司");
        assert_eq!(normalise_name("A123 Systems, Inc."), normalise_name("a123 systems inc"));
        assert_ne!(normalise_name("华为"), normalise_name("华为技术有限公司"));
    }

    #[test]
    fn applicant_owns_inventor_does_not() {
        let r = right_of("兰州大学");
        assert!(owns(&["兰州大学".into()], &r));
        assert!(!owns(&["张三".into()], &r), "an inventor is not an owner");
        assert!(!owns(&["兰州".into()], &r), "no substring matches");
        assert!(!owns(&[], &r));
    }

    #[test]
    fn a_transfer_moves_ownership_to_its_assignee() {
        let mut r = right_of("兰州大学");
        let mut e = LegalEvent::new("t1", EventKind::Transfer, Date::parse("2020-05-01").ok());
        e.parties.push(Party::new(PartyRole::Assignor, Lang::ZH, "兰州大学"));
        e.parties.push(Party::new(PartyRole::Assignee, Lang::ZH, "甘肃某某科技有限公司"));
        r.events.push(e);
        assert!(!owns(&["兰州大学".into()], &r));
        assert!(owns(&["甘肃某某科技有限公司".into()], &r));
    }
}
