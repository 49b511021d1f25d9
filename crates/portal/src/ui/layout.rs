//! The page shell every page shares (skip link, header with the main navigation, language
//! switch and account links, footer), and the pages with no data of their own: home, the
//! Russian welcome and errors.

use super::i18n::{fill, switch_url, UiLang, RU_WELCOME};
use super::{Ctx, ErrorBody};
use axum::http::StatusCode;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use silkport_store::Stats;

/// Which main navigation entry a page belongs to (`aria-current`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Home,
    Search,
    Trademarks,
    Navigation,
    Indicators,
    Verify,
    Account,
    Admin,
}

/// A whole page: `title` in `<title>` and the body inside `<main>`.
pub fn document(ctx: &Ctx, section: Section, title: &str, body: Markup) -> Markup {
    document_with(ctx, section, title, &[], body)
}

/// A page that also loads some of `assets/`'s scripts (deferred).
pub fn document_with(ctx: &Ctx, section: Section, title: &str, scripts: &[&str], body: Markup) -> Markup {
    let t = ctx.t();
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.html_lang()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (t.site_name) }
                link rel="stylesheet" href=(super::assets::url("ui.css"));
                link rel="icon" href=(super::assets::url("logo.svg")) type="image/svg+xml";
                @for s in scripts {
                    script src=(super::assets::url(s)) defer {}
                }
            }
            body {
                a.skip href="#main" { (t.skip_to_content) }
                (header(ctx, section))
                main #main tabindex="-1" { (body) }
                footer.site {
                    div.wrap {
                        p { (t.footer_text) }
                        p {
                            a href="/api/v1/openapi.json" { (t.footer_api) } " · "
                            a href="/verify" { (t.nav_verify) } " · "
                            a href="/ru" lang="ru" hreflang="ru" { "Русский" }
                        }
                    }
                }
            }
        }
    }
}

fn header(ctx: &Ctx, section: Section) -> Markup {
    let t = ctx.t();
    let other = ctx.lang.other();
    let item = |s: Section, href: &str, label: &str| {
        html! {
            li { a href=(href) aria-current=[(s == section).then_some("page")] { (label) } }
        }
    };
    html! {
        header.top {
            div.wrap {
                a.brand href="/" {
                    img src=(super::assets::url("logo.svg")) alt="" width="32" height="32";
                    span { (t.site_name) }
                }
                nav aria-label=(t.nav_label) {
                    ul.menu {
                        (item(Section::Search, "/search", t.nav_search))
                        (item(Section::Trademarks, "/trademarks", t.nav_trademarks))
                        (item(Section::Navigation, "/navigation", t.nav_navigation))
                        (item(Section::Indicators, "/indicators", t.nav_indicators))
                        (item(Section::Verify, "/verify", t.nav_verify))
                        @if ctx.is_admin() {
                            (item(Section::Admin, "/admin", t.nav_admin))
                        }
                    }
                }
                div.tools {
                    a.lang href=(switch_url(&ctx.path, other)) lang=(other.html_lang()) hreflang=(other.html_lang()) {
                        (other.messages().language_name)
                    }
                    @match &ctx.user {
                        Some(u) => {
                            a href="/account" aria-current=[(section == Section::Account).then_some("page")] {
                                (t.nav_account) ": " (shown_name(u))
                            }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(ctx.csrf());
                                button.link type="submit" { (t.logout) }
                            }
                        }
                        None => {
                            a href=(super::account::login_url(&ctx.path)) { (t.login) }
                        }
                    }
                }
            }
        }
    }
}

/// The name a signed-in user is shown by.
pub fn shown_name(u: &crate::auth::User) -> &str {
    if u.display_name.trim().is_empty() {
        &u.name
    } else {
        &u.display_name
    }
}

/// The search form every search box uses (home and search page).
pub fn search_box(ctx: &Ctx, q: &str, autofocus: bool) -> Markup {
    let t = ctx.t();
    html! {
        form.searchbox role="search" method="get" action="/search" {
            label for="q" { (t.search_label) }
            div.row {
                input #q type="search" name="q" value=(q) placeholder=(t.search_placeholder) autofocus[autofocus]
                    aria-describedby="q-help" maxlength="4096";
                button type="submit" { (t.search_button) }
            }
            p #q-help .hint { (t.search_hint) }
        }
    }
}

pub fn home(ctx: &Ctx, stats: Option<&Stats>) -> Markup {
    let t = ctx.t();
    let body = html! {
        section.hero {
            h1 { (t.site_name) }
            p.lead { (t.home_lead) }
            (search_box(ctx, "", true))
        }
        @if let Some(s) = stats {
            section aria-labelledby="h-registry" {
                h2 #h-registry { (t.home_registry) }
                p { (fill(t.home_registry_counts, &[&s.rights.to_string(), &s.events.to_string()])) }
                @if !s.by_kind.is_empty() {
                    table.compact {
                        caption { (t.home_by_kind) }
                        thead { tr { th scope="col" { (t.kind) } th scope="col" .n { (t.count) } } }
                        tbody {
                            @for c in &s.by_kind {
                                tr { th scope="row" { (t.kind_label(&c.key)) } td.n { (c.count) } }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="h-what" {
            h2 #h-what { (t.home_what_title) }
            ul.cards {
                li { a href="/search" { h3 { (t.nav_search) } p { (t.home_card_search) } } }
                li { a href="/trademarks" { h3 { (t.nav_trademarks) } p { (t.home_card_trademarks) } } }
                li { a href="/navigation" { h3 { (t.nav_navigation) } p { (t.home_card_navigation) } } }
                li { a href="/indicators" { h3 { (t.nav_indicators) } p { (t.home_card_indicators) } } }
                li { a href="/verify" { h3 { (t.nav_verify) } p { (t.home_card_verify) } } }
            }
        }
    };
    document(ctx, Section::Home, t.home_title, body)
}

/// The Russian welcome (`/ru`, or the home page with `?lang=ru`): a short greeting and links.
pub fn welcome_ru(ctx: &Ctx) -> Markup {
    let w = &RU_WELCOME;
    html! {
        (DOCTYPE)
        html lang="ru" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (w.title) }
                link rel="stylesheet" href=(super::assets::url("ui.css"));
                link rel="icon" href=(super::assets::url("logo.svg")) type="image/svg+xml";
            }
            body {
                a.skip href="#main" { (w.skip) }
                main #main tabindex="-1" .welcome {
                    img src=(super::assets::url("logo.svg")) alt="" width="64" height="64";
                    h1 { (w.heading) }
                    p.lead { (w.lead) }
                    p { (w.languages) }
                    ul.cards {
                        li { a href="/?lang=zh" lang="zh-CN" hreflang="zh-CN" { h2 { "中文" } p { (w.to_zh) } } }
                        li { a href="/?lang=en" lang="en" hreflang="en" { h2 { "English" } p { (w.to_en) } } }
                        li { a href="/search?lang=en" { h2 { (w.search) } p { (w.search_text) } } }
                        li { a href="/verify?lang=en" { h2 { (w.verify) } p { (w.verify_text) } } }
                    }
                    p.hint { (ctx.t().site_name) }
                }
            }
        }
    }
}

/// An error page: what happened and what to do next, in the page's language.
pub fn error(ctx: &Ctx, status: StatusCode, e: &ErrorBody) -> Markup {
    let t = ctx.t();
    let (message, hint) = match ctx.lang {
        UiLang::Zh => (e.message_zh.clone().unwrap_or_else(|| e.message.clone()), e.hint_zh.clone()),
        UiLang::En => (e.message.clone(), e.hint.clone()),
    };
    let heading = match status.as_u16() {
        404 => t.error_not_found,
        401 => t.error_unauthenticated,
        403 => t.error_forbidden,
        429 => t.error_rate_limited,
        400..=499 => t.error_bad_request,
        _ => t.error_server,
    };
    let body = html! {
        h1 { (heading) }
        @if !message.is_empty() { p.error role="alert" { (message) } }
        @if !hint.is_empty() { p { (hint) } }
        p.hint { (t.error_code) " " code { (e.code) } " · HTTP " (status.as_u16()) }
        p { a href="/" { (t.back_home) } }
    };
    document(ctx, Section::Home, heading, body)
}

/// A `<p>` with text where `**…**` would be bold, not needed: plain text only.
pub fn paragraphs(text: &str) -> Markup {
    html! {
        @for p in text.split('\n').filter(|l| !l.trim().is_empty()) {
            p { (p) }
        }
    }
}

/// Trusted SVG produced by the analytics crate's renderer (its text is escaped there).
pub fn analytics_svg(svg: &str) -> PreEscaped<&str> {
    PreEscaped(svg)
}
