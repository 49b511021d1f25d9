//! The server-rendered web UI (placeholder: the UI work replaces this module, `assets/` and
//! `tests/e2e*`).

use crate::AppState;
use axum::response::Html;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

async fn home() -> Html<&'static str> {
    Html(
        "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>silkport</title></head>\
         <body><h1>silkport</h1><p>丝绸之路国际知识产权港</p></body></html>",
    )
}
