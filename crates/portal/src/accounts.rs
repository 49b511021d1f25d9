//! Account operations shared by the API and the UI: creating and changing users (with the
//! audit log written in the same transaction), tokens, holder names. Each function takes the
//! acting user and checks the permission table itself, so no caller can forget to.

use crate::auth::{require, User, Via};
use crate::Error;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use silkport_accounts::password::{check_policy, hash_password};
use silkport_accounts::secret::new_token;
use silkport_accounts::{check_user_name, Action, Role};
use silkport_server::ApiError;
use silkport_store::{HolderName, NewAudit, NewUser, Store, TokenRecord, UserChange, UserRecord};

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// The request's user from the stored rows; only verified holder names count.
pub fn user_from_record(rec: UserRecord, names: Vec<HolderName>, via: Via) -> Result<User, Error> {
    let role = Role::parse_account(&rec.role)
        .map_err(|_| Error::internal(format!("user {} has the unknown role {:?}", rec.id, rec.role)))?;
    Ok(User {
        id: rec.id,
        name: rec.name,
        display_name: rec.display_name,
        role,
        holder_names: names.into_iter().filter(|n| n.verified_by.is_some()).map(|n| n.name).collect(),
        via,
    })
}

/// A user as the API shows it (never the password hash).
#[derive(Debug, Clone, Serialize)]
pub struct UserView {
    pub id: i64,
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub role_zh: &'static str,
    pub disabled: bool,
    pub created_at: i64,
    pub holder_names: Vec<HolderName>,
}

pub fn view(rec: UserRecord, holder_names: Vec<HolderName>) -> Result<UserView, Error> {
    let role = Role::parse_account(&rec.role).map_err(|e| Error::internal(e.to_string()))?;
    Ok(UserView {
        id: rec.id,
        name: rec.name,
        display_name: rec.display_name,
        role,
        role_zh: role.label_zh(),
        disabled: rec.disabled,
        created_at: rec.created_at,
        holder_names,
    })
}

/// Appends to the audit log. `actor` `None` is the system itself.
pub fn audit(
    store: &mut dyn Store,
    actor: Option<&User>,
    action: &str,
    target: Option<String>,
    detail: Value,
) -> Result<(), Error> {
    store.audit_append(&NewAudit {
        at: now(),
        actor_id: actor.map(|u| u.id),
        actor: actor.map_or_else(|| "system".to_string(), |u| u.name.clone()),
        action: action.to_string(),
        target,
        detail: detail.to_string(),
    })?;
    Ok(())
}

/// Runs `f` in one transaction, so a change and its audit line commit together.
pub use silkport_store::in_transaction;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    pub name: String,
    pub display_name: Option<String>,
    pub role: String,
    pub password: String,
    /// Holder names to bind, verified at once by the creating administrator (the system,
    /// creating demo accounts, binds them unverified; see `serve::bootstrap_demo`).
    #[serde(default)]
    pub holder_names: Vec<String>,
}

/// Creates a user (administrators; `actor` `None`: the system, for demo accounts).
pub fn create_user(store: &mut dyn Store, actor: Option<&User>, req: &CreateUser) -> Result<UserView, Error> {
    if actor.is_some() {
        require(actor, Action::ManageUsers)?;
    }
    check_user_name(&req.name)?;
    let role = Role::parse_account(&req.role)?;
    check_policy(&req.name, &req.password)?;
    let display_name = req.display_name.clone().unwrap_or_else(|| req.name.clone());
    check_display_name(&display_name)?;
    for n in &req.holder_names {
        check_holder_name(n)?;
    }
    let hash = hash_password(&req.password)?;
    in_transaction(store, |s| {
        let new = NewUser {
            name: req.name.clone(),
            display_name: display_name.clone(),
            role: role.as_str().into(),
            password_hash: hash,
            created_at: now(),
        };
        let id = s.user_insert(&new)?.ok_or_else(|| {
            Error::new(ApiError::Conflict { message: format!("the user name {:?} is taken", req.name), body: None })
                .zh("用户名已被占用")
        })?;
        for n in &req.holder_names {
            s.holder_name_put(id, n, actor.map(|a| a.id), now())?;
        }
        let detail = json!({ "name": req.name, "role": role.as_str(), "holder_names": req.holder_names });
        audit(s, actor, "user_created", Some(format!("user:{id}")), detail)?;
        let rec = s.user_by_id(id)?.ok_or_else(|| Error::internal("a created user vanished"))?;
        view(rec, s.holder_names(id)?)
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    pub display_name: Option<String>,
    pub role: Option<String>,
    pub disabled: Option<bool>,
    pub password: Option<String>,
}

/// Changes a user (administrators). A role change, disabling or a new password ends the
/// user's sessions.
pub fn update_user(store: &mut dyn Store, actor: &User, id: i64, req: &UpdateUser) -> Result<UserView, Error> {
    require(Some(actor), Action::ManageUsers)?;
    let role = req.role.as_deref().map(Role::parse_account).transpose()?;
    if id == actor.id && (req.disabled == Some(true) || role.is_some_and(|r| r != Role::Admin)) {
        return Err(Error::new(ApiError::Conflict {
            message: "administrators cannot disable or demote themselves; ask another administrator".into(),
            body: None,
        })
        .zh("管理员不能停用或降级自己"));
    }
    if let Some(d) = &req.display_name {
        check_display_name(d)?;
    }
    let existing_name = store.user_by_id(id)?.ok_or_else(|| Error::not_found(format!("no user {id}")))?.name;
    let password_hash = match &req.password {
        Some(p) => {
            check_policy(&existing_name, p)?;
            Some(hash_password(p)?)
        }
        None => None,
    };
    in_transaction(store, |s| {
        let change = UserChange {
            display_name: req.display_name.clone(),
            role: role.map(|r| r.as_str().to_string()),
            password_hash: password_hash.clone(),
            disabled: req.disabled,
        };
        if !s.user_update(id, &change)? {
            return Err(Error::not_found(format!("no user {id}")));
        }
        if role.is_some() || req.disabled == Some(true) || password_hash.is_some() {
            s.sessions_delete_user(id)?;
        }
        let detail = json!({
            "role": role.map(Role::as_str), "disabled": req.disabled,
            "display_name": req.display_name, "password_changed": password_hash.is_some(),
        });
        let action = if role.is_some() { "role_changed" } else { "user_changed" };
        audit(s, Some(actor), action, Some(format!("user:{id}")), detail)?;
        let rec = s.user_by_id(id)?.ok_or_else(|| Error::not_found(format!("no user {id}")))?;
        view(rec, s.holder_names(id)?)
    })
}

/// Every user (administrators).
pub fn list_users(store: &mut dyn Store, actor: &User) -> Result<Vec<UserView>, Error> {
    require(Some(actor), Action::ManageUsers)?;
    let users = store.users()?;
    users
        .into_iter()
        .map(|u| {
            let names = store.holder_names(u.id)?;
            view(u, names)
        })
        .collect()
}

/// One user with holder names: oneself, or anyone for administrators.
pub fn get_user(store: &mut dyn Store, actor: &User, id: i64) -> Result<UserView, Error> {
    if id != actor.id {
        require(Some(actor), Action::ManageUsers)?;
    }
    let rec = store.user_by_id(id)?.ok_or_else(|| Error::not_found(format!("no user {id}")))?;
    view(rec, store.holder_names(id)?)
}

/// A rights holder claims a holder name; it counts once an administrator verifies it.
pub fn claim_holder_name(store: &mut dyn Store, actor: &User, name: &str) -> Result<UserView, Error> {
    require(Some(actor), Action::ClaimHolderName)?;
    check_holder_name(name)?;
    if store.holder_names(actor.id)?.iter().any(|n| n.name == name) {
        return get_user(store, actor, actor.id);
    }
    store.holder_name_put(actor.id, name, None, now())?;
    get_user(store, actor, actor.id)
}

/// An administrator verifies (or withdraws verification of) a holder name of a holder.
pub fn verify_holder_name(
    store: &mut dyn Store,
    actor: &User,
    user_id: i64,
    name: &str,
    verified: bool,
) -> Result<UserView, Error> {
    require(Some(actor), Action::VerifyHolderName)?;
    check_holder_name(name)?;
    in_transaction(store, |s| {
        let rec = s.user_by_id(user_id)?.ok_or_else(|| Error::not_found(format!("no user {user_id}")))?;
        if rec.role != Role::Holder.as_str() {
            return Err(Error::new(ApiError::Unprocessable(format!("user {user_id} is not a rights holder")))
                .zh("该用户不是权利人"));
        }
        s.holder_name_put(user_id, name, verified.then_some(actor.id), now())?;
        let action = if verified { "holder_name_verified" } else { "holder_name_unverified" };
        audit(s, Some(actor), action, Some(format!("user:{user_id}")), json!({ "name": name }))?;
        view(rec, s.holder_names(user_id)?)
    })
}

/// Unbinds a holder name (administrators).
pub fn remove_holder_name(store: &mut dyn Store, actor: &User, user_id: i64, name: &str) -> Result<UserView, Error> {
    require(Some(actor), Action::VerifyHolderName)?;
    in_transaction(store, |s| {
        if !s.holder_name_delete(user_id, name)? {
            return Err(Error::not_found(format!("user {user_id} has no holder name {name:?}")));
        }
        audit(s, Some(actor), "holder_name_removed", Some(format!("user:{user_id}")), json!({ "name": name }))?;
        let rec = s.user_by_id(user_id)?.ok_or_else(|| Error::not_found(format!("no user {user_id}")))?;
        view(rec, s.holder_names(user_id)?)
    })
}

/// A new API token: the value is shown once, in this answer.
#[derive(Debug, Serialize)]
pub struct IssuedToken {
    pub id: i64,
    pub label: String,
    pub token: String,
    pub expires_at: Option<i64>,
}

/// Most tokens one user keeps (revoked ones not counted).
const MAX_TOKENS: usize = 20;

/// Issues an API token to the acting user (any account).
pub fn issue_token(
    store: &mut dyn Store,
    actor: &User,
    label: &str,
    expires_in_days: Option<u32>,
) -> Result<IssuedToken, Error> {
    require(Some(actor), Action::ManageOwnAccount)?;
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 100 || label.chars().any(char::is_control) {
        return Err(
            Error::bad_request("label: 1 to 100 characters, no control characters").zh("令牌名称为 1 至 100 个字符")
        );
    }
    if expires_in_days.is_some_and(|d| d == 0 || d > 3650) {
        return Err(Error::bad_request("expires_in_days: 1 to 3650").zh("有效期为 1 至 3650 天"));
    }
    let live = store.tokens_of(actor.id)?.iter().filter(|t| t.revoked_at.is_none()).count();
    if live >= MAX_TOKENS {
        return Err(Error::new(ApiError::Conflict {
            message: format!("you already have {MAX_TOKENS} tokens; revoke one first"),
            body: None,
        })
        .zh("令牌数量已达上限，请先撤销旧令牌"));
    }
    let secret = new_token()?;
    let t = now();
    let expires_at = expires_in_days.map(|d| t + i64::from(d) * 86_400);
    in_transaction(store, |s| {
        let id = s.token_insert(&secret.hash, actor.id, label, t, expires_at)?;
        audit(
            s,
            Some(actor),
            "token_issued",
            Some(format!("token:{id}")),
            json!({ "label": label, "expires_at": expires_at }),
        )?;
        Ok(IssuedToken { id, label: label.to_string(), token: secret.value.clone(), expires_at })
    })
}

pub fn list_tokens(store: &mut dyn Store, actor: &User) -> Result<Vec<TokenRecord>, Error> {
    require(Some(actor), Action::ManageOwnAccount)?;
    Ok(store.tokens_of(actor.id)?)
}

/// Revokes one of the acting user's own tokens.
pub fn revoke_token(store: &mut dyn Store, actor: &User, id: i64) -> Result<(), Error> {
    require(Some(actor), Action::ManageOwnAccount)?;
    in_transaction(store, |s| {
        if !s.token_revoke(actor.id, id, now())? {
            return Err(Error::not_found(format!("you have no live token {id}")).zh("没有该令牌"));
        }
        audit(s, Some(actor), "token_revoked", Some(format!("token:{id}")), json!({}))
    })
}

/// Changes one's own password, given the current one; ends one's other sessions.
pub fn change_own_password(store: &mut dyn Store, actor: &User, current: &str, new: &str) -> Result<(), Error> {
    require(Some(actor), Action::ManageOwnAccount)?;
    let rec = store.user_by_id(actor.id)?.ok_or_else(|| Error::not_found("your account is gone"))?;
    if !silkport_accounts::password::verify_password(current, &rec.password_hash) {
        return Err(Error::forbidden("the current password is wrong").zh("当前密码错误"));
    }
    check_policy(&rec.name, new)?;
    let hash = hash_password(new)?;
    in_transaction(store, |s| {
        s.user_update(actor.id, &UserChange { password_hash: Some(hash), ..Default::default() })?;
        s.sessions_delete_user(actor.id)?;
        audit(s, Some(actor), "password_changed", Some(format!("user:{}", actor.id)), json!({}))
    })
}

/// Audit lines, newest first (administrators).
pub fn audit_page(store: &mut dyn Store, actor: &User, before: Option<i64>, limit: usize) -> Result<Vec<Value>, Error> {
    require(Some(actor), Action::ReadAuditLog)?;
    let rows = store.audit_page(before, limit)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let detail: Value = serde_json::from_str(&r.detail).unwrap_or(Value::String(r.detail.clone()));
            json!({ "id": r.id, "at": r.at, "actor_id": r.actor_id, "actor": r.actor, "action": r.action,
                    "target": r.target, "detail": detail })
        })
        .collect())
}

fn check_display_name(name: &str) -> Result<(), Error> {
    if name.trim().is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(Error::bad_request("display_name: 1 to 100 characters, no control characters")
            .zh("显示名为 1 至 100 个字符"));
    }
    Ok(())
}

fn check_holder_name(name: &str) -> Result<(), Error> {
    if silkport_accounts::normalise_name(name).is_empty()
        || name.chars().count() > 200
        || name.chars().any(char::is_control)
    {
        return Err(Error::bad_request("holder name: 1 to 200 characters with letters or digits")
            .zh("权利人名称为 1 至 200 个字符"));
    }
    Ok(())
}
