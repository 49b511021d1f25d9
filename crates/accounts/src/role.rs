//! The five roles of the IP Port. A visitor has no account; every account has exactly one
//! of the other four.

use crate::AccountError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Anyone, signed in or not: search and read (公众访客).
    Visitor,
    /// Acts on the rights registered to the holder names an administrator verified (权利人).
    Holder,
    /// Registers and releases pledges (质押银行).
    Bank,
    /// Examiner or officer: cases and supervision (审查员/执法人员).
    Examiner,
    /// Users, roles, ingest, the audit log (管理员).
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Visitor, Role::Holder, Role::Bank, Role::Examiner, Role::Admin];
    /// The roles an account can have.
    pub const ACCOUNT: [Role; 4] = [Role::Holder, Role::Bank, Role::Examiner, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Visitor => "visitor",
            Role::Holder => "holder",
            Role::Bank => "bank",
            Role::Examiner => "examiner",
            Role::Admin => "admin",
        }
    }

    /// The role of an account, by its name; `visitor` is not an account role.
    pub fn parse_account(s: &str) -> Result<Role, AccountError> {
        Role::ACCOUNT.into_iter().find(|r| r.as_str() == s).ok_or_else(|| AccountError::UnknownRole(s.to_string()))
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Visitor => "公众访客",
            Role::Holder => "权利人",
            Role::Bank => "银行",
            Role::Examiner => "审查员/执法人员",
            Role::Admin => "管理员",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Visitor => "Visitor",
            Role::Holder => "Rights holder",
            Role::Bank => "Bank",
            Role::Examiner => "Examiner / officer",
            Role::Admin => "Administrator",
        }
    }
}

/// User names: 3–64 ASCII letters, digits, `.`, `-`, `_` (they appear in URLs and logs).
pub fn check_user_name(name: &str) -> Result<(), AccountError> {
    let ok = (3..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(AccountError::BadUserName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_roles_parse_and_visitor_does_not() {
        for r in Role::ACCOUNT {
            assert_eq!(Role::parse_account(r.as_str()), Ok(r));
        }
        assert!(Role::parse_account("visitor").is_err());
        assert!(Role::parse_account("root").is_err());
    }

    #[test]
    fn user_names() {
        assert!(check_user_name("admin").is_ok());
        assert!(check_user_name("bank-of.lanzhou_1").is_ok());
        for bad in ["ab", "a b c", "../etc", "名字名字", "x".repeat(65).as_str(), "a\0bc"] {
            assert!(check_user_name(bad).is_err(), "{bad:?}");
        }
    }
}
