//! Administration (administrators only): users (list, create, change role, verify holder
//! names), ingest jobs (start one from a path under the import root, watch its progress —
//! `assets/jobs.js` polls the job's JSON while it runs; without scripts, reload), and the
//! latest lines of the audit log. Every action goes through the portal's account and ingest
//! functions, which check the permission table themselves.

use super::account::when;
use super::i18n::fill;
use super::layout::{document_with, Section};
use super::Ctx;
use crate::accounts::{
    audit_page, create_user, list_users, update_user, verify_holder_name as verify_name, CreateUser, UpdateUser,
};
use crate::api::extract::{F, Q};
use crate::api::ingest::{resolve_import, JobStatus};
use crate::auth::{check_form, require, User};
use crate::{AppState, Error};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use maud::{html, Markup};
use serde::Deserialize;
use silkport_accounts::{Action, Role};

/// Audit lines shown.
const AUDIT_LINES: usize = 20;

#[derive(Deserialize, Default)]
pub struct AdminQuery {
    /// What the last action did (a fixed set of notices).
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    #[allow(dead_code)] // the UI layer reads the language switch
    lang: Option<String>,
}

pub async fn page(ctx: Ctx, State(state): State<AppState>, user: User, Q(q): Q<AdminQuery>) -> Result<Response, Error> {
    require(Some(&user), Action::ManageUsers)?;
    let actor = user.clone();
    let (users, audit) = state
        .store(move |s| Ok::<_, Error>((list_users(s, &actor)?, audit_page(s, &actor, None, AUDIT_LINES)?)))
        .await?;
    let jobs = state.jobs().list();
    let t = ctx.t();
    let notice = match q.done.as_deref() {
        Some("user") => Some(t.admin_done_user),
        Some("role") => Some(t.admin_done_role),
        Some("holder") => Some(t.admin_done_holder),
        Some("ingest") => Some(t.admin_done_ingest),
        _ => None,
    };
    let csrf = ctx.csrf();
    let body = html! {
        h1 { (t.admin_title) }
        @if let Some(n) = notice { p.notice role="status" { (n) } }
        nav.toc aria-label=(t.record_contents) {
            ul { li { a href="#users" { (t.admin_users) } } li { a href="#ingest" { (t.admin_ingest) } } li { a href="#audit" { (t.admin_audit) } } }
        }
        section #users aria-labelledby="h-users" {
            h2 #h-users { (t.admin_users) }
            div.table-wrap {
                table {
                    thead { tr {
                        th scope="col" { (t.user_name) } th scope="col" { (t.display_name) } th scope="col" { (t.role) }
                        th scope="col" { (t.holder_names) } th scope="col" { (t.state) }
                    } }
                    tbody {
                        @for u in &users {
                            tr {
                                th scope="row" { code { (u.name) } }
                                td { (u.display_name) }
                                td {
                                    form.inline method="post" action=(format!("/admin/users/{}/role", u.id)) {
                                        input type="hidden" name="csrf" value=(csrf);
                                        label.visually-hidden for=(format!("role-{}", u.id)) { (fill(t.role_of, &[&u.name])) }
                                        select id=(format!("role-{}", u.id)) name="role" {
                                            @for r in Role::ACCOUNT {
                                                option value=(r.as_str()) selected[r == u.role] { (t.role_name(r.as_str())) }
                                            }
                                        }
                                        " "
                                        button.secondary type="submit" aria-label=(fill(t.change_role_of, &[&u.name])) { (t.change_role) }
                                    }
                                }
                                td {
                                    @if u.holder_names.is_empty() { span.hint { (t.none) } }
                                    ul.plain {
                                        @for n in &u.holder_names {
                                            li {
                                                (n.name) " "
                                                @if n.verified_by.is_some() {
                                                    span.badge { (t.verified) }
                                                } @else {
                                                    span.badge.pending { (t.unverified) } " "
                                                    form.inline method="post" action=(format!("/admin/users/{}/holder-names/verify", u.id)) {
                                                        input type="hidden" name="csrf" value=(csrf);
                                                        input type="hidden" name="name" value=(n.name);
                                                        button.secondary type="submit" aria-label=(fill(t.verify_named, &[&n.name])) { (t.verify_name) }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                                td { @if u.disabled { (t.disabled) } @else { (t.active) } }
                            }
                        }
                    }
                }
            }
            h3 { (t.admin_create_user) }
            form.panel method="post" action="/admin/users" {
                input type="hidden" name="csrf" value=(csrf);
                div.grid {
                    div.field { label for="new-name" { (t.user_name) } input #new-name type="text" name="name" required maxlength="64" autocomplete="off"; }
                    div.field { label for="new-display" { (t.display_name) } input #new-display type="text" name="display_name" maxlength="100"; }
                    div.field {
                        label for="new-role" { (t.role) }
                        select #new-role name="role" { @for r in Role::ACCOUNT { option value=(r.as_str()) { (t.role_name(r.as_str())) } } }
                    }
                    div.field {
                        label for="new-password" { (t.password) }
                        input #new-password type="password" name="password" required minlength="12" autocomplete="new-password" aria-describedby="new-password-help";
                        p.hint #new-password-help { (t.password_rules) }
                    }
                    div.field {
                        label for="new-holders" { (t.holder_names) }
                        textarea #new-holders name="holder_names" rows="2" aria-describedby="new-holders-help" {}
                        p.hint #new-holders-help { (t.holder_names_help) }
                    }
                }
                button type="submit" { (t.admin_create_user) }
            }
        }
        section #ingest aria-labelledby="h-ingest" {
            h2 #h-ingest { (t.admin_ingest) }
            @if jobs.is_empty() {
                p.hint { (t.jobs_none) }
            } @else {
                div.table-wrap {
                    table.jobs data-states=(job_states(&ctx)) {
                        thead { tr {
                            th scope="col" { "#" } th scope="col" { (t.job_source) } th scope="col" { (t.job_started) }
                            th scope="col" { (t.state) } th scope="col" { (t.job_progress) } th scope="col" { (t.job_records) }
                        } }
                        tbody { @for j in &jobs { (job_row(&ctx, j)) } }
                    }
                }
            }
            @match &state.config().import_root {
                Some(root) => {
                    form.panel.inline-form method="post" action="/admin/ingest" {
                        input type="hidden" name="csrf" value=(csrf);
                        div.field {
                            label for="ingest-path" { (t.ingest_path) }
                            input #ingest-path type="text" name="path" required maxlength="1024" aria-describedby="ingest-path-help";
                            p.hint #ingest-path-help { (fill(t.ingest_path_help, &[&root.display().to_string()])) }
                        }
                        button type="submit" { (t.ingest_start) }
                    }
                }
                None => { p.notice { (t.ingest_no_root) } }
            }
        }
        section #audit aria-labelledby="h-audit" {
            h2 #h-audit { (t.admin_audit) }
            @if audit.is_empty() { p.hint { (t.none) } } @else {
                div.table-wrap {
                    table {
                        thead { tr { th scope="col" { (t.when) } th scope="col" { (t.actor) } th scope="col" { (t.action) } th scope="col" { (t.subject) } th scope="col" { (t.details) } } }
                        tbody {
                            @for line in &audit {
                                tr {
                                    td { @if let Some(at) = line.get("at").and_then(|v| v.as_i64()) { (when(at)) } }
                                    td { (text(line, "actor")) }
                                    th scope="row" { code { (text(line, "action")) } }
                                    td { (text(line, "target")) }
                                    td { code { (line.get("detail").map(|d| d.to_string()).unwrap_or_default()) } }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Ok(super::private(document_with(&ctx, Section::Admin, t.admin_title, &["jobs.js"], body)))
}

fn text(v: &serde_json::Value, key: &str) -> String {
    match v.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The job states' names for the polling script.
fn job_states(ctx: &Ctx) -> String {
    let t = ctx.t();
    serde_json::json!({ "running": t.job_state("running"), "done": t.job_state("done"), "failed": t.job_state("failed") }).to_string()
}

fn job_row(ctx: &Ctx, j: &JobStatus) -> Markup {
    let t = ctx.t();
    // A finished job's summary has the final counts; the progress counters may lag behind.
    let count = |key: &str| j.summary.as_ref().and_then(|s| s.get(key)).and_then(|v| v.as_u64());
    let records = count("records").unwrap_or(j.records);
    let pct = match j.state {
        "done" => 100.0,
        _ if j.bytes_total > 0 => (j.bytes_done as f64 / j.bytes_total as f64 * 100.0).min(100.0),
        _ => 0.0,
    };
    let summary = j.summary.as_ref().map(|_| {
        let n = |k: &str| count(k).unwrap_or(0).to_string();
        fill(t.job_summary, &[&n("loaded"), &n("updated"), &n("unchanged"), &n("failed")])
    });
    html! {
        tr data-job=(j.id) data-state=(j.state) {
            th scope="row" { (j.id) }
            td { code { (j.source) } @if let Some(f) = &j.file { br; span.hint { (f) } } }
            td { (when(j.started_at)) br; span.hint { (j.started_by) } }
            td.job-state {
                (t.job_state(j.state))
                @if let Some(m) = &j.message { br; span.error { (m) } }
                @if let Some(s) = &summary { br; span.hint { (s) } }
            }
            td {
                progress.job-progress max="100" value=(format!("{pct:.0}")) aria-label=(fill(t.job_progress_of, &[&j.id.to_string()])) { (format!("{pct:.0}%")) }
                " " span.job-pct { (format!("{pct:.0}%")) }
            }
            td.n.job-records { (records) }
        }
    }
}

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    csrf: String,
    name: String,
    #[serde(default)]
    display_name: String,
    role: String,
    password: String,
    #[serde(default)]
    holder_names: String,
}

/// `POST /admin/users`.
pub async fn create_user_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    F(form): F<NewUserForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    let display = form.display_name.trim();
    let req = CreateUser {
        name: form.name.trim().to_string(),
        display_name: (!display.is_empty()).then(|| display.to_string()),
        role: form.role,
        password: form.password,
        holder_names: form.holder_names.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect(),
    };
    state.store(move |s| create_user(s, Some(&user), &req)).await?;
    Ok(super::see_other("/admin?done=user#users"))
}

#[derive(Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    csrf: String,
    role: String,
}

/// `POST /admin/users/{id}/role`.
pub async fn change_role(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    Path(id): Path<String>,
    F(form): F<RoleForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    let id = crate::api::accounts::numeric_id(&id)?;
    let change = UpdateUser { role: Some(form.role), ..UpdateUser::default() };
    state.store(move |s| update_user(s, &user, id, &change)).await?;
    Ok(super::see_other("/admin?done=role#users"))
}

#[derive(Deserialize)]
pub struct HolderForm {
    #[serde(default)]
    csrf: String,
    name: String,
}

/// `POST /admin/users/{id}/holder-names/verify`.
pub async fn verify_holder_name(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    Path(id): Path<String>,
    F(form): F<HolderForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    let id = crate::api::accounts::numeric_id(&id)?;
    state.store(move |s| verify_name(s, &user, id, &form.name, true)).await?;
    Ok(super::see_other("/admin?done=holder#users"))
}

#[derive(Deserialize)]
pub struct IngestForm {
    #[serde(default)]
    csrf: String,
    path: String,
}

/// `POST /admin/ingest`: a job over a file or directory under the import root.
pub async fn start_ingest(
    State(state): State<AppState>,
    headers: HeaderMap,
    user: User,
    F(form): F<IngestForm>,
) -> Result<Response, Error> {
    check_form(&state, &headers, Some(&user), &form.csrf)?;
    require(Some(&user), Action::StartIngest)?;
    let path = resolve_import(state.config().import_root.as_deref(), form.path.trim())?;
    crate::api::ingest::start(&state, &user, form.path.trim().to_string(), path).await?;
    Ok(super::see_other("/admin?done=ingest#ingest"))
}
