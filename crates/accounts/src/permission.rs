//! The permission table: the one place that says which role may take which action. The
//! portal checks `can` on the server for every request that needs more than reading, and
//! `Action::needs_ownership` actions also pass the ownership rule (`crate::ownership`).
//! Actions the portal does not offer yet (pledges, cases) are listed so that refusals can be
//! shown and tested now, and so that the table does not change meaning when they arrive.

use crate::Role;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Search, facets, similar documents, trademark search.
    Search,
    /// Read a right, its texts, events, citations.
    ReadRecord,
    /// Stream a whole result set as JSONL or CSV.
    ExportSearch,
    /// Landscapes, navigation reports, indicators.
    Navigate,
    /// Checkpoints, proofs, receipts.
    ReadLedger,
    /// See one's own account; create and revoke one's own API tokens.
    ManageOwnAccount,
    /// Ask for a holder name to be bound to one's account (an administrator verifies it).
    ClaimHolderName,
    /// Declare an open licence (开放许可声明) on an own right.
    DeclareOpenLicence,
    /// Register or release a pledge (质押登记) — not offered yet.
    RegisterPledge,
    /// Open and decide examination or enforcement cases — not offered yet.
    HandleCase,
    /// Supervision views over rights and deals — not offered yet.
    Supervise,
    /// Create users, change roles, disable accounts.
    ManageUsers,
    /// Verify or reject a holder name claimed by a rights holder.
    VerifyHolderName,
    /// Start an ingest job and read job status.
    StartIngest,
    /// Read the audit log of administrative actions.
    ReadAuditLog,
}

use Role::{Admin, Bank, Examiner, Holder, Visitor};

const EVERYONE: &[Role] = &[Visitor, Holder, Bank, Examiner, Admin];
const ACCOUNTS: &[Role] = &[Holder, Bank, Examiner, Admin];

/// Who may take each action. Administrators do not inherit the other roles' business
/// actions: an administrator manages the system, it does not act on others' rights.
pub const PERMISSIONS: &[(Action, &[Role])] = &[
    (Action::Search, EVERYONE),
    (Action::ReadRecord, EVERYONE),
    (Action::ExportSearch, EVERYONE),
    (Action::Navigate, EVERYONE),
    (Action::ReadLedger, EVERYONE),
    (Action::ManageOwnAccount, ACCOUNTS),
    (Action::ClaimHolderName, &[Holder]),
    (Action::DeclareOpenLicence, &[Holder]),
    (Action::RegisterPledge, &[Bank]),
    (Action::HandleCase, &[Examiner]),
    (Action::Supervise, &[Examiner]),
    (Action::ManageUsers, &[Admin]),
    (Action::VerifyHolderName, &[Admin]),
    (Action::StartIngest, &[Admin]),
    (Action::ReadAuditLog, &[Admin]),
];

impl Action {
    pub const ALL: [Action; 15] = [
        Action::Search,
        Action::ReadRecord,
        Action::ExportSearch,
        Action::Navigate,
        Action::ReadLedger,
        Action::ManageOwnAccount,
        Action::ClaimHolderName,
        Action::DeclareOpenLicence,
        Action::RegisterPledge,
        Action::HandleCase,
        Action::Supervise,
        Action::ManageUsers,
        Action::VerifyHolderName,
        Action::StartIngest,
        Action::ReadAuditLog,
    ];

    /// Actions on one right that only its owner may take (besides holding the role).
    pub fn needs_ownership(self) -> bool {
        matches!(self, Action::DeclareOpenLicence)
    }

    /// Actions the portal does not offer yet; the API answers them `not_implemented` only
    /// after the role check, so a wrong role is still told `forbidden`.
    pub fn offered(self) -> bool {
        !matches!(self, Action::RegisterPledge | Action::HandleCase | Action::Supervise)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Search => "search",
            Action::ReadRecord => "read_record",
            Action::ExportSearch => "export_search",
            Action::Navigate => "navigate",
            Action::ReadLedger => "read_ledger",
            Action::ManageOwnAccount => "manage_own_account",
            Action::ClaimHolderName => "claim_holder_name",
            Action::DeclareOpenLicence => "declare_open_licence",
            Action::RegisterPledge => "register_pledge",
            Action::HandleCase => "handle_case",
            Action::Supervise => "supervise",
            Action::ManageUsers => "manage_users",
            Action::VerifyHolderName => "verify_holder_name",
            Action::StartIngest => "start_ingest",
            Action::ReadAuditLog => "read_audit_log",
        }
    }
}

/// Whether `role` may take `action` (ownership, where it applies, is checked separately).
pub fn can(role: Role, action: Action) -> bool {
    PERMISSIONS.iter().any(|(a, roles)| *a == action && roles.contains(&role))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_in_the_table_once() {
        for a in Action::ALL {
            assert_eq!(PERMISSIONS.iter().filter(|(x, _)| *x == a).count(), 1, "{a:?}");
        }
        assert_eq!(PERMISSIONS.len(), Action::ALL.len());
    }

    #[test]
    fn visitors_only_read() {
        let allowed: Vec<Action> = Action::ALL.into_iter().filter(|a| can(Visitor, *a)).collect();
        assert_eq!(
            allowed,
            [Action::Search, Action::ReadRecord, Action::ExportSearch, Action::Navigate, Action::ReadLedger]
        );
    }

    #[test]
    fn business_actions_belong_to_one_role_each() {
        assert!(can(Holder, Action::DeclareOpenLicence));
        for r in [Visitor, Bank, Examiner, Admin] {
            assert!(!can(r, Action::DeclareOpenLicence), "{r:?}");
        }
        assert!(can(Bank, Action::RegisterPledge) && !can(Holder, Action::RegisterPledge));
        assert!(!can(Admin, Action::RegisterPledge));
        assert!(can(Examiner, Action::HandleCase) && !can(Bank, Action::HandleCase));
        for a in [Action::ManageUsers, Action::StartIngest, Action::ReadAuditLog, Action::VerifyHolderName] {
            assert!(can(Admin, a));
            for r in [Visitor, Holder, Bank, Examiner] {
                assert!(!can(r, a), "{r:?} {a:?}");
            }
        }
    }
}
