//! Server time of every UI page at demo scale, from the portal's `Server-Timing` header:
//! builds the world of `silkport serve --demo` (10,000 demo rights by default, plus the
//! e2e test's real files and the synced ledger), serves it on 127.0.0.1:0, requests each
//! page in Chinese and in English several times over loopback, and prints the median and
//! the maximum per page (docs/benchmarks.md).
//!
//! `cargo run -p silkport-portal --example ui_timing [DEMO_RIGHTS] [REPEATS]`

#[path = "../tests/e2e_support/mod.rs"]
mod e2e_support;

use e2e_support::{build_world, serve, ADMIN_PASSWORD};
use std::time::Instant;

/// One measured request.
fn timed(agent: &ureq::Agent, url: &str, cookie: Option<&str>) -> (u16, f64) {
    let mut req = agent.get(url);
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    let mut resp = req.call().unwrap_or_else(|e| panic!("{url}: {e}"));
    let status = resp.status().as_u16();
    let _ = resp.body_mut().read_to_vec();
    let header = resp.headers().get("server-timing").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let ms =
        header.split(';').find_map(|p| p.trim().strip_prefix("dur=")).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
    (status, ms)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let demo: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let repeats: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let tmp = tempfile::tempdir().expect("tempdir");
    let started = Instant::now();
    let config = build_world(&tmp.path().join("data"), demo);
    eprintln!("world of {demo} demo rights built in {:.1} s", started.elapsed().as_secs_f64());
    let (base, state) = serve(config);
    let agent: ureq::Agent = ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build().into();

    // A session for the signed-in pages.
    let mut resp = agent
        .post(&format!("{base}/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(format!("name=admin&password={ADMIN_PASSWORD}&next=%2F"))
        .expect("login");
    let _ = resp.body_mut().read_to_vec();
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("silkport_session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();

    // A granted demo right and its ledger entry.
    let record = state
        .pool()
        .with(|s| {
            s.rights_page(None, 200)
                .map(|rs| rs.into_iter().find(|r| r.dates.grant.is_some() && r.synthetic).map(|r| r.id.to_string()))
        })
        .expect("rights")
        .expect("a granted demo right");
    let index = state
        .pool()
        .with(|s| s.ledger_logged(&[format!("grant:{record}")]))
        .expect("ledger")
        .first()
        .map(|l| l.index)
        .expect("the right is logged");

    let pages: Vec<(&str, String, bool)> = vec![
        ("home", "/".into(), false),
        ("search", "/search?q=%E9%94%82%E7%A6%BB%E5%AD%90%E7%94%B5%E6%B1%A0".into(), false),
        ("search + facet", "/search?q=lithium+battery&f=status%3Aactive".into(), false),
        ("search, page 5, newest", "/search?q=CC%3DCN&sort=newest&page=5".into(), false),
        ("search by family", "/search?q=%E7%94%B5%E6%B1%A0&family=1".into(), false),
        ("record (demo)", format!("/rights/{record}"), false),
        ("record (EP, 3 languages)", "/rights/EP3404678B1".into(), false),
        ("receipt download", format!("/ledger/receipts/{index}"), false),
        ("verify page", "/verify".into(), false),
        ("trademark check", "/trademarks?mark=Silu&class=30".into(), false),
        ("similar documents", format!("/rights/{record}/similar"), false),
        ("navigation form", "/navigation".into(), false),
        ("navigation report (Gansu)", "/navigation?type=regional&region=%E7%94%98%E8%82%83".into(), false),
        ("indicators (China)", "/indicators".into(), false),
        ("indicators (Gansu)", "/indicators?region=%E7%94%98%E8%82%83".into(), false),
        ("login", "/login".into(), false),
        ("my account", "/account".into(), true),
        ("administration", "/admin".into(), true),
        ("Russian welcome", "/ru".into(), false),
    ];
    println!("| page | zh first | zh median | zh max | en first | en median | en max |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for (name, path, signed_in) in &pages {
        let mut cells = Vec::new();
        for lang in ["zh", "en"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let url = format!("{base}{path}{sep}lang={lang}");
            // The first request is cold (index and SQLite pages, the report cache); shown apart.
            let (status, first) = timed(&agent, &url, signed_in.then_some(cookie.as_str()));
            assert!(status < 400, "{url}: HTTP {status}");
            let mut ms: Vec<f64> =
                (0..repeats).map(|_| timed(&agent, &url, signed_in.then_some(cookie.as_str())).1).collect();
            ms.sort_by(f64::total_cmp);
            cells.push(format!("{first:.1} ms | {:.1} ms | {:.1} ms", ms[ms.len() / 2], ms[ms.len() - 1]));
            // The expensive pages share a rate-limit bucket (20, one more per second).
            if path.contains("similar") || path.contains("type=") {
                std::thread::sleep(std::time::Duration::from_secs(repeats as u64 + 1));
            }
        }
        println!("| {name} | {} |", cells.join(" | "));
    }
}
