//! The portal's JSON API end to end, in process: a data directory prepared by `serve --demo`'s
//! bootstrap (300 demo rights, one account per role), plus 25 real USPTO grants
//! (../shared/data, `alchemy__ipg120103.xml.gz`) loaded through the API's own ingest job from
//! an import root. Covers the OpenAPI document against the router, search and records,
//! sessions and tokens, the authorisation matrix (what each role must not do, cross-site
//! posts), the rights holder's ownership-checked write into the ledger, and hostile input to
//! every route (always a JSON 4xx, never a 5xx).

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use serde_json::{json, Value};
use silkport_accounts::Role;
use silkport_portal::auth::Via;
use silkport_portal::{accounts, api, app, serve, AppState, Config};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;
use tower::ServiceExt;

const HOST: &str = "portal.test";
const ORIGIN: &str = "http://portal.test";
/// The real grant the tests read: US 8,088,512 B2 in the USPTO fixture (title, assignee,
/// claims and citations checked by hand against the XML).
const GRANT: &str = "US8088512B2";
const GRANT_TITLE: &str = "Self organizing battery structure method";
/// `<assignee><orgname>A123 Systems, Inc.</orgname>` of that grant.
const GRANT_ASSIGNEE: &str = "A123 Systems, Inc.";

struct Fixture {
    _dir: tempfile::TempDir,
    state: AppState,
    passwords: HashMap<&'static str, String>,
    tokens: HashMap<&'static str, String>,
    /// A demo right the demo holder owns, and one it does not.
    holder_own: String,
    holder_other: String,
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(build_fixture)
}

fn build_fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let import = dir.path().join("import");
    std::fs::create_dir_all(&import).unwrap();
    let grants =
        silkport_ingest::shared_data().join("patents/us_uspto_xml/patentsview_db_fixtures/alchemy__ipg120103.xml.gz");
    std::fs::copy(&grants, import.join("ipg120103.xml.gz")).unwrap();
    let gis = silkport_ingest::shared_data().join("rights/gi_eu_uk_register_eambrosia_export/gi_register.csv");
    std::fs::copy(&gis, import.join("gi_register.csv")).unwrap();
    let mut config = Config::new(dir.path().join("data"));
    config.import_root = Some(import);
    config.upload_limit = 1024 * 1024;
    let done = serve::bootstrap_demo(&config, 300, 2018, &silkport_ingest::run::Quiet).unwrap();
    assert_eq!(done.loaded, 300);
    let file = done.accounts_file.expect("accounts created on first start");
    let passwords = read_accounts(&file);
    let state = serve::open(config).unwrap();
    let mut tokens = HashMap::new();
    for role in ["admin", "holder", "bank", "examiner"] {
        let token = state
            .pool()
            .with(|s| {
                let rec = s.user_by_name(role)?.expect("demo account");
                let user = accounts::user_from_record(rec, Vec::new(), Via::Token)?;
                accounts::issue_token(s, &user, "tests", None)
            })
            .unwrap();
        tokens.insert(role, token.token);
    }
    let (holder_own, holder_other) = holder_rights(&state);
    let f = Fixture { _dir: dir, state, passwords, tokens, holder_own, holder_other };
    runtime().block_on(ingest_grants(&f));
    f
}

/// `role name password …` lines of the demo accounts file.
fn read_accounts(path: &std::path::Path) -> HashMap<&'static str, String> {
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = HashMap::new();
    for role in ["admin", "holder", "bank", "examiner"] {
        let line = text.lines().find(|l| l.split_whitespace().next() == Some(role)).expect(role);
        out.insert(role, line.split_whitespace().nth(2).unwrap().to_string());
    }
    out
}

/// A demo right whose current owner bears the holder's verified name, and one whose owners
/// do not.
fn holder_rights(state: &AppState) -> (String, String) {
    state.pool().with(|s| {
        let holder = s.user_by_name("holder").unwrap().unwrap().id;
        let names: Vec<String> =
            s.holder_names(holder).unwrap().into_iter().filter(|n| n.verified_by.is_some()).map(|n| n.name).collect();
        assert_eq!(names.len(), 1, "the demo holder has one verified name");
        let rights = s.rights_page(None, 300).unwrap();
        let mut own = None;
        let mut other = None;
        for r in &rights {
            let r = s.get(&r.id).unwrap().unwrap();
            if silkport_accounts::owns(&names, &r) {
                own.get_or_insert(r.id.to_string());
            } else {
                other.get_or_insert(r.id.to_string());
            }
        }
        (own.expect("the holder owns a demo right"), other.unwrap())
    })
}

/// The admin ingests the USPTO grants from the import root through the API, and verifies
/// the grant's assignee as a second holder name of the demo holder.
async fn ingest_grants(f: &Fixture) {
    // The whole import root: the USPTO grants and the EU GI register.
    let r = f.send(Method::POST, "/api/v1/ingest/jobs", Auth::Token("admin"), Some(json!({"path": "."}))).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.text());
    let id = r.json()["id"].as_u64().unwrap();
    let mut job = Value::Null;
    for _ in 0..600 {
        job = f.send(Method::GET, &format!("/api/v1/ingest/jobs/{id}"), Auth::Token("admin"), None).await.json();
        if job["state"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["summary"]["failed"], 0, "{job}");
    let holder_id = f.state.pool().with(|s| s.user_by_name("holder").unwrap().unwrap().id);
    let r = f
        .send(
            Method::POST,
            &format!("/api/v1/admin/users/{holder_id}/holder-names"),
            Auth::Token("admin"),
            Some(json!({"name": "A123 Systems Inc", "verified": true})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[derive(Clone, Copy)]
enum Auth {
    Visitor,
    Token(&'static str),
}

struct Resp {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {} {}", self.status, self.text()))
    }
    /// The stable error code of an error answer.
    fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_else(|| panic!("not an error body: {}", self.text())).into()
    }
}

impl Fixture {
    async fn send(&self, method: Method, uri: &str, auth: Auth, body: Option<Value>) -> Resp {
        self.send_from(1, method, uri, auth, body).await
    }

    /// `send` from the client address `10.0.0.<client>`.
    async fn send_from(&self, client: u8, method: Method, uri: &str, auth: Auth, body: Option<Value>) -> Resp {
        let mut req = Request::builder().method(method).uri(uri).header(header::HOST, HOST);
        if let Auth::Token(role) = auth {
            req = req.header(header::AUTHORIZATION, format!("Bearer {}", self.tokens[role]));
        }
        let req = match body {
            Some(b) => req.header(header::CONTENT_TYPE, "application/json").body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        };
        self.raw(req.unwrap(), client).await
    }

    /// Sends a request from the client address `10.0.0.<client>` (rate limits are per address).
    async fn raw(&self, mut req: Request<Body>, client: u8) -> Resp {
        req.extensions_mut().insert(ConnectInfo(SocketAddr::from(([10, 0, 0, client], 40000))));
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = axum::body::to_bytes(res.into_body(), 64 << 20).await.unwrap().to_vec();
        Resp { status, headers, body }
    }

    /// Signs in with a password from `client`; the session cookie and CSRF token.
    async fn sign_in(&self, role: &'static str, client: u8) -> (String, String) {
        let body = json!({"name": role, "password": self.passwords[role]}).to_string();
        let req = Request::post("/api/v1/session")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let r = self.raw(req, client).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
        let pair = cookie.split(';').next().unwrap().to_string();
        (pair, r.json()["csrf_token"].as_str().unwrap().to_string())
    }
}

/// A cookie-authenticated request with the given CSRF token and Origin.
fn cookie_request(
    method: Method,
    uri: &str,
    cookie: &str,
    csrf: Option<&str>,
    origin: Option<&str>,
    body: Value,
) -> Request<Body> {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = csrf {
        req = req.header("x-csrf-token", t);
    }
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

// ---- the OpenAPI document ----

fn documented() -> Vec<(String, String)> {
    let doc: Value = serde_json::from_str(api::OPENAPI).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            out.push((method.to_uppercase(), path.clone()));
        }
    }
    out.sort();
    out
}

#[test]
fn openapi_documents_exactly_the_routes() {
    let mut routes: Vec<(String, String)> = api::routes().into_iter().map(|(m, p)| (m.into(), p.into())).collect();
    routes.sort();
    let doc = documented();
    for r in &routes {
        assert!(doc.contains(r), "route {r:?} is not in openapi.json");
    }
    for d in &doc {
        assert!(routes.contains(d), "openapi.json documents {d:?}, which the router does not serve");
    }
    // Every error code the document names is in the code table, and the other way round.
    let doc: Value = serde_json::from_str(api::OPENAPI).unwrap();
    let codes: Vec<&str> = doc["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let table: Vec<&str> = silkport_server::ERROR_CODES.iter().map(|c| c.code).collect();
    assert_eq!(codes, table);
}

#[test]
fn every_documented_route_is_served_and_serves_its_document() {
    let f = fixture();
    runtime().block_on(async {
        for (method, path) in documented() {
            let uri = format!("/api/v1{}", path.replace("{id}", "1").replace("{index}", "0"));
            let r = f.send(Method::from_bytes(method.as_bytes()).unwrap(), &uri, Auth::Visitor, None).await;
            let fell_through = r.status == StatusCode::METHOD_NOT_ALLOWED
                || (r.status == StatusCode::NOT_FOUND && r.text().contains("no API route"));
            assert!(!fell_through, "{method} {uri} is not routed: {}", r.text());
        }
        let r = f.send(Method::GET, "/api/v1/openapi.json", Auth::Visitor, None).await;
        assert_eq!(r.json()["info"]["title"], "silkport API — 丝绸之路国际知识产权港");
        let r = f.send(Method::GET, "/api/v1/no/such/route", Auth::Visitor, None).await;
        assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found".into()));
        let r = f.send(Method::DELETE, "/api/v1/search", Auth::Visitor, None).await;
        assert_eq!((r.status, r.code()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed".into()));
    });
}

// ---- search and records ----

#[test]
fn search_finds_the_real_grant_pages_and_refuses_bad_queries() {
    let f = fixture();
    runtime().block_on(async {
        let r = f
            .send(
                Method::GET,
                "/api/v1/search?q=TI%3Dbattery%20AND%20IPC%3DH01M%20AND%20AB%3Delectrochemical",
                Auth::Visitor,
                None,
            )
            .await;
        assert!(r.headers["server-timing"].to_str().unwrap().starts_with("app;dur="));
        assert_eq!(r.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        let j = r.json();
        assert_eq!(j["total"], 1, "{j}");
        assert_eq!(j["hits"][0]["id"], GRANT);
        assert_eq!(j["hits"][0]["title"], GRANT_TITLE);
        assert_eq!(j["facets"]["ipc_subclass"][0]["key"], "H01M");
        // The fixture holds 25 US grants, all date-publ="20120103" (25 <us-patent-grant> documents).
        let all = f
            .send(
                Method::GET,
                "/api/v1/search?q=CC%3DUS%20AND%20PD%3D2012-01-03&limit=10&offset=20&sort=newest",
                Auth::Visitor,
                None,
            )
            .await
            .json();
        assert_eq!(all["total"], 25);
        assert_eq!(all["hits"].as_array().unwrap().len(), 5);
        for (uri, code) in [
            ("/api/v1/search?q=TI%3D(battery", "bad_query"),
            ("/api/v1/search?q=", "bad_request"),
            ("/api/v1/search?q=a&limit=0", "bad_request"),
            ("/api/v1/search?q=a&limit=101", "bad_request"),
            ("/api/v1/search?q=a&offset=10001", "bad_request"),
            ("/api/v1/search?q=a&offset=-1", "bad_request"),
            ("/api/v1/search?q=a&sort=sideways", "bad_request"),
            ("/api/v1/search?q=a&lang=klingon", "bad_request"),
            ("/api/v1/search?q=a&unknown=1", "bad_request"),
            ("/api/v1/search?q=%ff%fe", "bad_request"),
            ("/api/v1/search", "bad_request"),
        ] {
            let r = f.send(Method::GET, uri, Auth::Visitor, None).await;
            assert_eq!((r.status.as_u16() / 100, r.code()), (4, code.to_string()), "{uri}: {}", r.text());
        }
        let r = f.send(Method::GET, "/api/v1/search?q=TI%3D(battery", Auth::Visitor, None).await;
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("character"), "a position is given");
    });
}

#[test]
fn a_record_is_found_by_any_number_variant_with_texts_claims_citations() {
    let f = fixture();
    runtime().block_on(async {
        for variant in ["US8088512B2", "US%208%2C088%2C512%20B2", "US08088512B2", "us8088512"] {
            let r = f.send(Method::GET, &format!("/api/v1/rights/{variant}"), Auth::Visitor, None).await;
            assert_eq!(r.status, StatusCode::OK, "{variant}: {}", r.text());
            let j = r.json();
            assert_eq!(j["id"], GRANT);
            assert_eq!(j["texts"]["titles"][0]["text"], GRANT_TITLE);
            // <number-of-claims>15</number-of-claims>; 224 <patcit> and 77 <nplcit> citations.
            assert_eq!(j["texts"]["claims"][0]["claims"].as_array().unwrap().len(), 15);
            assert_eq!(j["citations"].as_array().unwrap().len(), 301);
            let assignee = j["parties"].as_array().unwrap().iter().find(|p| p["role"] == "assignee").unwrap();
            assert_eq!(assignee["names"][0]["text"], GRANT_ASSIGNEE);
        }
        for (id, status) in [
            ("US9999999999B2", StatusCode::NOT_FOUND),
            ("..%2F..%2Fetc%2Fpasswd", StatusCode::NOT_FOUND),
            ("%00", StatusCode::BAD_REQUEST),
        ] {
            let r = f.send(Method::GET, &format!("/api/v1/rights/{id}"), Auth::Visitor, None).await;
            assert_eq!(r.status, status, "{id}: {}", r.text());
        }
        let long = "9".repeat(5000);
        let r = f.send(Method::GET, &format!("/api/v1/rights/{long}"), Auth::Visitor, None).await;
        assert_eq!(r.code(), "bad_request");
    });
}

// ---- sessions, tokens, CSRF ----

#[test]
fn sign_in_sets_a_protected_cookie_and_sign_out_ends_the_session() {
    let f = fixture();
    runtime().block_on(async {
        let body = json!({"name": "bank", "password": f.passwords["bank"]}).to_string();
        let req = Request::post("/api/v1/session")
            .header(header::HOST, HOST)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let r = f.raw(req, 20).await;
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap().to_string();
        for attribute in ["HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age=43200"] {
            assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
        }
        let pair = cookie.split(';').next().unwrap();
        let csrf = r.json()["csrf_token"].as_str().unwrap().to_string();
        let me = |c: &str| {
            Request::get("/api/v1/me").header(header::HOST, HOST).header(header::COOKIE, c).body(Body::empty()).unwrap()
        };
        let r = f.raw(me(pair), 20).await;
        assert_eq!(r.json()["role"], "bank");
        // Pledge registration is the bank's, but not offered yet: not listed.
        let expected = ["search", "read_record", "export_search", "navigate", "read_ledger", "manage_own_account"];
        assert_eq!(r.json()["permissions"], json!(expected));
        let out = f
            .raw(cookie_request(Method::DELETE, "/api/v1/session", pair, Some(&csrf), Some(ORIGIN), json!({})), 20)
            .await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        assert!(out.headers[header::SET_COOKIE].to_str().unwrap().contains("Max-Age=0"));
        let r = f.raw(me(pair), 20).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "unauthenticated".into()),
            "the old cookie is dead"
        );
    });
}

#[test]
fn wrong_passwords_are_refused_alike_and_then_rate_limited() {
    let f = fixture();
    runtime().block_on(async {
        let attempt = |name: &str, password: &str| {
            let body = json!({"name": name, "password": password}).to_string();
            Request::post("/api/v1/session")
                .header(header::HOST, HOST)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body))
                .unwrap()
        };
        let wrong = f.raw(attempt("examiner", "not the password at all"), 30).await;
        let unknown = f.raw(attempt("nobody-here", "not the password at all"), 30).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(wrong.json()["error"], unknown.json()["error"], "no hint whether the user exists");
        let mut limited = None;
        for _ in 0..12 {
            let r = f.raw(attempt("examiner", "still not it, sorry"), 30).await;
            if r.status == StatusCode::TOO_MANY_REQUESTS {
                limited = Some(r);
                break;
            }
        }
        let r = limited.expect("login attempts are rate-limited");
        assert_eq!(r.code(), "rate_limited");
        let wait: u64 = r.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait));
        // A forged X-Forwarded-For does not escape the limit: no proxy is trusted here.
        let mut forged = attempt("examiner", &f.passwords["examiner"]);
        forged.headers_mut().insert("x-forwarded-for", "10.9.9.9".parse().unwrap());
        assert_eq!(f.raw(forged, 30).await.status, StatusCode::TOO_MANY_REQUESTS);
        // Another address is not limited by this one's failures.
        let ok = f.raw(attempt("examiner", &f.passwords["examiner"]), 31).await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    });
}

#[test]
fn tokens_are_shown_once_listed_without_value_and_dead_once_revoked() {
    let f = fixture();
    runtime().block_on(async {
        let r = f
            .send(
                Method::POST,
                "/api/v1/me/tokens",
                Auth::Token("examiner"),
                Some(json!({"label": "nightly export", "expires_in_days": 30})),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let issued = r.json();
        let token = issued["token"].as_str().unwrap().to_string();
        assert!(token.starts_with("spt_"));
        let list = f.send(Method::GET, "/api/v1/me/tokens", Auth::Token("examiner"), None).await;
        assert!(!list.text().contains(&token), "the list never shows token values");
        let with_new = |t: &str| {
            Request::get("/api/v1/me").header(header::AUTHORIZATION, format!("Bearer {t}")).body(Body::empty()).unwrap()
        };
        assert_eq!(f.raw(with_new(&token), 1).await.json()["name"], "examiner");
        let id = issued["id"].as_i64().unwrap();
        // Another user cannot revoke it.
        let r = f.send(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), Auth::Token("bank"), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = f.send(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), Auth::Token("examiner"), None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        let r = f.raw(with_new(&token), 1).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "unauthenticated".into()));
        for bad in ["Bearer nope", "Basic YTpi", "Bearer spt_forged"] {
            let req =
                Request::get("/api/v1/search?q=a").header(header::AUTHORIZATION, bad).body(Body::empty()).unwrap();
            assert_eq!(f.raw(req, 1).await.status, StatusCode::UNAUTHORIZED, "{bad}");
        }
        // The audit log recorded the issue and the revocation.
        let audit = f.send(Method::GET, "/api/v1/admin/audit?limit=500", Auth::Token("admin"), None).await.json();
        let actions: Vec<(String, String)> = audit["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["target"] == format!("token:{id}"))
            .map(|e| (e["actor"].as_str().unwrap().into(), e["action"].as_str().unwrap().into()))
            .collect();
        assert_eq!(
            actions,
            [("examiner".to_string(), "token_revoked".to_string()), ("examiner".into(), "token_issued".into())]
        );
    });
}

#[test]
fn cross_site_writes_are_refused_with_csrf() {
    let f = fixture();
    runtime().block_on(async {
        let (cookie, csrf) = f.sign_in("holder", 40).await;
        let claim = || json!({"name": "Some Company Ltd"});
        let cases: [(Option<&str>, Option<&str>, &str); 4] = [
            (None, Some(ORIGIN), "no CSRF token"),
            (Some("forged-token"), Some(ORIGIN), "wrong CSRF token"),
            (Some(csrf.as_str()), Some("https://evil.example"), "foreign Origin"),
            (Some(csrf.as_str()), Some("http://portal.test.evil.example"), "look-alike Origin"),
        ];
        for (token, origin, what) in cases {
            let r = f
                .raw(cookie_request(Method::POST, "/api/v1/me/holder-names", &cookie, token, origin, claim()), 40)
                .await;
            assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "csrf".into()), "{what}");
        }
        let mut req = cookie_request(Method::POST, "/api/v1/me/holder-names", &cookie, Some(&csrf), None, claim());
        req.headers_mut().insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(f.raw(req, 40).await.code(), "csrf", "Sec-Fetch-Site cross-site without Origin");
        // Another session's token does not fit this session.
        let (_, other_csrf) = f.sign_in("holder", 41).await;
        let r = f
            .raw(
                cookie_request(
                    Method::POST,
                    "/api/v1/me/holder-names",
                    &cookie,
                    Some(&other_csrf),
                    Some(ORIGIN),
                    claim(),
                ),
                40,
            )
            .await;
        assert_eq!(r.code(), "csrf");
        let r = f
            .raw(
                cookie_request(Method::POST, "/api/v1/me/holder-names", &cookie, Some(&csrf), Some(ORIGIN), claim()),
                40,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "same origin with the session's token: {}", r.text());
        // A sign-in posted from another site is refused too (login CSRF).
        let body = json!({"name": "holder", "password": f.passwords["holder"]}).to_string();
        let req = Request::post("/api/v1/session")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "https://evil.example")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        assert_eq!(f.raw(req, 42).await.code(), "csrf");
    });
}

// ---- the authorisation matrix ----

/// What a role must not do, as hand-crafted API calls, with the answer it must get.
fn refusals(f: &Fixture, role: Option<&'static str>) -> Vec<(Method, String, Option<Value>)> {
    let licence = json!({"terms_zh": "许可"});
    let mut calls = vec![
        (Method::GET, "/api/v1/admin/users".to_string(), None),
        (
            Method::POST,
            "/api/v1/admin/users".into(),
            Some(json!({"name": "mallory", "role": "admin", "password": "correct horse battery staple"})),
        ),
        (Method::PATCH, "/api/v1/admin/users/2".into(), Some(json!({"role": "admin"}))),
        (
            Method::POST,
            "/api/v1/admin/users/2/holder-names".into(),
            Some(json!({"name": "Anything Ltd", "verified": true})),
        ),
        (Method::DELETE, "/api/v1/admin/users/2/holder-names?name=x".into(), None),
        (Method::GET, "/api/v1/admin/audit".into(), None),
        (Method::GET, "/api/v1/ingest/jobs".into(), None),
        (Method::POST, "/api/v1/ingest/jobs".into(), Some(json!({"path": "ipg120103.xml.gz"}))),
        (Method::GET, "/api/v1/ingest/jobs/1".into(), None),
    ];
    if role != Some("holder") {
        calls.push((Method::POST, format!("/api/v1/rights/{}/open-licence", f.holder_own), Some(licence.clone())));
        calls.push((Method::POST, "/api/v1/me/holder-names".into(), Some(json!({"name": "Anything Ltd"}))));
    }
    if role == Some("admin") {
        // Administrators manage the system; they do not act on others' rights.
        calls.retain(|(_, uri, _)| !uri.contains("/admin/") && !uri.contains("/ingest/"));
    }
    if role.is_none() {
        calls.push((Method::GET, "/api/v1/me".into(), None));
        calls.push((Method::POST, "/api/v1/me/tokens".into(), Some(json!({"label": "x"}))));
        calls.push((Method::DELETE, "/api/v1/session".into(), None));
    }
    calls
}

#[test]
fn each_role_is_refused_what_it_must_not_do() {
    let f = fixture();
    runtime().block_on(async {
        for role in [None, Some("holder"), Some("bank"), Some("examiner"), Some("admin")] {
            let auth = role.map_or(Auth::Visitor, Auth::Token);
            let (status, code) = if role.is_some() {
                (StatusCode::FORBIDDEN, "forbidden")
            } else {
                (StatusCode::UNAUTHORIZED, "unauthenticated")
            };
            for (method, uri, body) in refusals(f, role) {
                let r = f.send(method.clone(), &uri, auth, body).await;
                assert_eq!((r.status, r.code()), (status, code.to_string()), "{role:?} {method} {uri}: {}", r.text());
            }
        }
        // The actions not offered yet are refused to every role but their own by the table.
        for role in [Role::Visitor, Role::Holder, Role::Examiner, Role::Admin] {
            assert!(!silkport_accounts::can(role, silkport_accounts::Action::RegisterPledge), "{role:?}");
        }
        for role in [Role::Visitor, Role::Holder, Role::Bank, Role::Admin] {
            assert!(!silkport_accounts::can(role, silkport_accounts::Action::HandleCase), "{role:?}");
        }
    });
}

#[test]
fn a_rights_holder_declares_an_open_licence_on_an_own_right_only_and_it_reaches_the_ledger() {
    let f = fixture();
    runtime().block_on(async {
        let terms = json!({"terms_zh": "任何单位或个人可按年费实施", "terms_en": "anyone may practise it for a yearly fee", "royalty": "5000", "currency": "CNY"});
        let r = f.send(Method::POST, &format!("/api/v1/rights/{}/open-licence", f.holder_other), Auth::Token("holder"), Some(terms.clone())).await;
        assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "forbidden".into()), "not an own right: {}", r.text());
        // The real grant is the holder's through the verified name "A123 Systems Inc".
        let r = f.send(Method::POST, &format!("/api/v1/rights/{GRANT}/open-licence"), Auth::Token("holder"), Some(terms.clone())).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let event = r.json();
        assert_eq!(event["kind"], "licence");
        assert_eq!(event["parties"][0]["role"], "licensor");
        assert_eq!(event["parties"][0]["names"][0]["text"], GRANT_ASSIGNEE);
        assert_eq!(event["amount"], json!({"minor": 500000, "currency": "CNY"}));
        let again = f.send(Method::POST, &format!("/api/v1/rights/{GRANT}/open-licence"), Auth::Token("holder"), Some(terms)).await;
        assert_eq!(again.code(), "conflict");
        for bad in [json!({}), json!({"terms_zh": "x", "royalty": "5"}), json!({"terms_zh": "x", "royalty": "1.234", "currency": "CNY"}), json!({"terms_zh": "x", "extra": 1})] {
            let r = f.send(Method::POST, &format!("/api/v1/rights/{}/open-licence", f.holder_own), Auth::Token("holder"), Some(bad.clone())).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.text());
        }
        // The record shows the event; the ledger logs it and gives a receipt that verifies.
        let right = f.send(Method::GET, &format!("/api/v1/rights/{GRANT}"), Auth::Visitor, None).await.json();
        assert!(right["events"].as_array().unwrap().iter().any(|e| e["key"] == event["key"]));
        let ledger = f.state.ledger().unwrap().clone();
        f.state.pool().with(|s| ledger.sync(s)).unwrap();
        let history = f.send(Method::GET, &format!("/api/v1/rights/{GRANT}/history"), Auth::Visitor, None).await.json();
        let last = history["entries"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["reference"], event["key"]);
        let receipt = f.send(Method::GET, &format!("/api/v1/rights/{GRANT}/receipt"), Auth::Visitor, None).await;
        assert!(receipt.headers[header::CONTENT_DISPOSITION].to_str().unwrap().contains("receipt-US8088512B2-"));
        let verified = f.send(Method::POST, "/api/v1/receipts/verify", Auth::Visitor, Some(receipt.json())).await.json();
        assert_eq!(verified["verified"], true, "{verified}");
        assert_eq!(verified["verification"]["right"], GRANT);
        assert_eq!(verified["verification"]["event"], "licence");
        let mut tampered = receipt.json();
        tampered["entry"] = json!(tampered["entry"].as_str().unwrap().replace("licensor", "licensee"));
        let refused = f.send(Method::POST, "/api/v1/receipts/verify", Auth::Visitor, Some(tampered)).await.json();
        assert_eq!(refused["verified"], false);
        // The declaration is in the audit log.
        let audit = f.send(Method::GET, "/api/v1/admin/audit?limit=500", Auth::Token("admin"), None).await.json();
        assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["action"] == "open_licence_declared" && e["target"] == format!("right:{GRANT}")));
    });
}

#[test]
fn administrators_manage_users_and_every_change_is_audited() {
    let f = fixture();
    runtime().block_on(async {
        let r = f.send(Method::POST, "/api/v1/admin/users", Auth::Token("admin"), Some(json!({"name": "lz-bank", "display_name": "兰州银行", "role": "bank", "password": "short"}))).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable".into()));
        assert!(r.json()["error"]["message_zh"].as_str().unwrap().contains("密码"));
        let r = f.send(Method::POST, "/api/v1/admin/users", Auth::Token("admin"), Some(json!({"name": "lz-bank", "display_name": "兰州银行", "role": "bank", "password": "a long enough pass phrase"}))).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        let id = r.json()["id"].as_i64().unwrap();
        let dup = f.send(Method::POST, "/api/v1/admin/users", Auth::Token("admin"), Some(json!({"name": "lz-bank", "role": "bank", "password": "a long enough pass phrase"}))).await;
        assert_eq!(dup.code(), "conflict");
        let r = f.send(Method::PATCH, &format!("/api/v1/admin/users/{id}"), Auth::Token("admin"), Some(json!({"role": "examiner"}))).await;
        assert_eq!(r.json()["role"], "examiner");
        let r = f.send(Method::PATCH, &format!("/api/v1/admin/users/{id}"), Auth::Token("admin"), Some(json!({"role": "root"}))).await;
        assert_eq!(r.code(), "unprocessable");
        let admin_id = f.state.pool().with(|s| s.user_by_name("admin").unwrap().unwrap().id);
        let r = f.send(Method::PATCH, &format!("/api/v1/admin/users/{admin_id}"), Auth::Token("admin"), Some(json!({"disabled": true}))).await;
        assert_eq!(r.code(), "conflict", "an administrator cannot lock itself out");
        let users = f.send(Method::GET, "/api/v1/admin/users", Auth::Token("admin"), None).await;
        assert!(!users.text().contains("argon2"), "password hashes never leave the server");
        let audit = f.send(Method::GET, "/api/v1/admin/audit?limit=500", Auth::Token("admin"), None).await.json();
        let mine: Vec<&str> = audit["entries"].as_array().unwrap().iter()
            .filter(|e| e["target"] == format!("user:{id}"))
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(mine, ["role_changed", "user_created"]);
        // The demo accounts were created by the system on first start.
        assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["actor"] == "system" && e["action"] == "user_created" && e["detail"]["name"] == "holder"));
        assert!(audit["entries"].as_array().unwrap().iter().any(|e| e["actor"] == "admin" && e["action"] == "ingest_started"));
    });
}

#[test]
fn ingest_paths_stay_under_the_import_root_and_uploads_are_capped() {
    let f = fixture();
    runtime().block_on(async {
        for (path, status) in [
            ("../data/registry.sqlite", StatusCode::FORBIDDEN),
            ("/etc/passwd", StatusCode::FORBIDDEN),
            ("no-such-file.xml", StatusCode::NOT_FOUND),
            ("", StatusCode::BAD_REQUEST),
        ] {
            let r =
                f.send(Method::POST, "/api/v1/ingest/jobs", Auth::Token("admin"), Some(json!({"path": path}))).await;
            assert_eq!(r.status, status, "{path:?}: {}", r.text());
        }
        let upload = |name: &str, bytes: Vec<u8>| {
            Request::post(format!("/api/v1/ingest/uploads?name={name}"))
                .header(header::AUTHORIZATION, format!("Bearer {}", f.tokens["admin"]))
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::from(bytes))
                .unwrap()
        };
        let r = f.raw(upload("big.jsonl", vec![b'x'; 1024 * 1024 + 1]), 1).await;
        assert_eq!((r.status, r.code()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large".into()));
        for name in ["..%2Fescape.jsonl", ".hidden", "a%2Fb.jsonl"] {
            let r = f.raw(upload(name, b"{}".to_vec()), 1).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}");
        }
    });
}

// ---- hostile input to every route ----

#[test]
fn hostile_input_to_every_route_gets_a_json_4xx_and_never_a_5xx() {
    let f = fixture();
    runtime().block_on(async {
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        let big = format!("{{\"name\": \"{}\"}}", "x".repeat(200 * 1024));
        let bodies: Vec<(&str, Vec<u8>)> = vec![
            ("application/json", b"{not json".to_vec()),
            ("application/json", deep.into_bytes()),
            ("application/json", big.into_bytes()),
            ("application/json", vec![0xff, 0xfe, 0x00]),
            ("application/json", b"[]".to_vec()),
            ("text/plain", b"{}".to_vec()),
        ];
        let queries = ["?%ff=%fe", "?q=%C3", &format!("?q={}", "(".repeat(20_000))];
        let ids = ["..%2F..%2Fetc%2Fpasswd", "%ff%fe", &"9".repeat(5000), "-1", "%00"];
        for (method, path) in api::routes() {
            let method = Method::from_bytes(method.as_bytes()).unwrap();
            let mut uris: Vec<String> = Vec::new();
            for id in ids {
                uris.push(format!("/api/v1{}", path.replace("{id}", id).replace("{index}", id)));
            }
            for q in queries {
                uris.push(format!("/api/v1{}{q}", path.replace("{id}", "1").replace("{index}", "0")));
            }
            for auth in [Auth::Visitor, Auth::Token("admin")] {
                for uri in &uris {
                    // From an address of its own: its many report requests exhaust its rate limit.
                    let r = f.send_from(50, method.clone(), uri, auth, None).await;
                    assert_not_5xx(&r, &method, uri);
                }
                if [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(&method) {
                    let uri = format!("/api/v1{}", path.replace("{id}", "2").replace("{index}", "0"));
                    for (ctype, body) in &bodies {
                        let mut req =
                            Request::builder().method(method.clone()).uri(&uri).header(header::CONTENT_TYPE, *ctype);
                        if let Auth::Token(role) = auth {
                            req = req.header(header::AUTHORIZATION, format!("Bearer {}", f.tokens[role]));
                        }
                        let r = f.raw(req.body(Body::from(body.clone())).unwrap(), 50).await;
                        assert_not_5xx(&r, &method, &uri);
                        let reads_json = !path.contains("uploads") && method != Method::DELETE;
                        if reads_json && matches!(auth, Auth::Token(_)) && path != "/session" {
                            assert!(
                                r.status.is_client_error(),
                                "{method} {uri} took a hostile body: {} {}",
                                r.status,
                                r.text()
                            );
                        }
                    }
                }
            }
        }
    });
}

fn assert_not_5xx(r: &Resp, method: &Method, uri: &str) {
    let short: String = uri.chars().take(80).collect();
    assert!(!r.status.is_server_error(), "{method} {short}: {} {}", r.status, r.text());
    if r.status.is_client_error() {
        let code = r.code();
        assert!(silkport_server::ERROR_CODES.iter().any(|c| c.code == code && c.status == r.status.as_u16()), "{code}");
    }
}

// ---- navigation and indicators ----

#[test]
fn navigation_reports_download_in_both_languages_and_refuse_bad_parameters() {
    let f = fixture();
    runtime().block_on(async {
        let landscape = f
            .send_from(
                60,
                Method::GET,
                "/api/v1/navigation/landscape?type=industry&ipc=H01M&lang=en",
                Auth::Visitor,
                None,
            )
            .await;
        assert_eq!(landscape.status, StatusCode::OK, "{}", landscape.text());
        let j = landscape.json();
        assert!(j["title"].as_str().unwrap().contains("H01M"), "{}", j["title"]);
        assert!(!j["sections"].as_array().unwrap().is_empty());
        for (lang, marker) in [("zh", "lang=\"zh"), ("en", "lang=\"en")] {
            let uri = format!("/api/v1/navigation/report?type=industry&ipc=H01M&lang={lang}");
            let r = f.send_from(60, Method::GET, &uri, Auth::Visitor, None).await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
            let disposition = r.headers[header::CONTENT_DISPOSITION].to_str().unwrap();
            assert_eq!(disposition, format!("attachment; filename=\"silkport-industry-{lang}.html\""));
            assert!(r.text().contains(marker), "{lang} report is in {lang}");
        }
        let ind = f.send(Method::GET, "/api/v1/indicators", Auth::Visitor, None).await.json();
        assert_eq!((ind["region"].as_str(), ind["region_zh"].as_str()), (Some("China"), Some("全国")));
        let page = f.send(Method::GET, "/api/v1/indicators/report?lang=en", Auth::Visitor, None).await;
        assert!(page.text().contains("<html"));
        for (uri, code) in [
            ("/api/v1/navigation/landscape?type=galactic", "bad_request"),
            ("/api/v1/navigation/landscape", "bad_request"),
            ("/api/v1/navigation/landscape?type=regional&region=Atlantis", "unprocessable"),
            ("/api/v1/navigation/landscape?type=industry&ipc=H01M&lang=fr", "bad_request"),
            ("/api/v1/navigation/landscape?type=industry&ipc=ZZZ", "unprocessable"),
            ("/api/v1/indicators?region=Atlantis", "unprocessable"),
            ("/api/v1/indicators?year=99999", "bad_request"),
        ] {
            let r = f.send_from(60, Method::GET, uri, Auth::Visitor, None).await;
            assert_eq!(r.code(), code, "{uri}: {}", r.text());
        }
    });
}

// ---- export, families, similar documents, trademark search ----

#[test]
fn export_streams_every_result_as_jsonl_or_csv() {
    let f = fixture();
    runtime().block_on(async {
        // The 25 grants of 2012-01-03 (see the search test), all of them, in date order.
        let q = "q=CC%3DUS%20AND%20PD%3D2012-01-03";
        let r =
            f.send_from(70, Method::GET, &format!("/api/v1/search/export?{q}&sort=newest"), Auth::Visitor, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
        assert_eq!(r.headers[header::CONTENT_TYPE], "application/x-ndjson");
        assert!(r.headers.get(header::CONTENT_LENGTH).is_none(), "streamed, not buffered");
        let rows: Vec<Value> = r.text().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(rows.len(), 25);
        let grant = rows.iter().find(|row| row["id"] == GRANT).expect("the grant is exported");
        assert_eq!(grant["title"], GRANT_TITLE);
        assert_eq!(grant["date"], "2012-01-03");
        let csv =
            f.send_from(70, Method::GET, &format!("/api/v1/search/export?{q}&format=csv"), Auth::Visitor, None).await;
        let text = csv.text();
        assert_eq!(text.lines().next(), Some("id,score,title,lang,kind,status,date,countries,applicants,ipc"));
        assert_eq!(text.lines().count(), 26);
        // Exports have no cap: the whole demo world's patents exceed any page limit.
        let all = f.send_from(70, Method::GET, "/api/v1/search/export?q=CC%3DCN", Auth::Visitor, None).await;
        let total = f.send(Method::GET, "/api/v1/search?q=CC%3DCN&limit=1", Auth::Visitor, None).await.json()["total"]
            .as_u64()
            .unwrap();
        assert_eq!(all.text().lines().count() as u64, total);
        assert!(total > 100, "more than one page of the API");
        for (uri, code) in [
            ("/api/v1/search/export?q=TI%3D(", "bad_query"),
            ("/api/v1/search/export?q=a&format=xlsx", "bad_request"),
            ("/api/v1/search/export?q=a&sort=random", "bad_request"),
            ("/api/v1/search/export?q=a&limit=5", "bad_request"),
        ] {
            let r = f.send_from(70, Method::GET, uri, Auth::Visitor, None).await;
            assert_eq!(r.code(), code, "{uri}");
        }
    });
}

#[test]
fn family_grouping_similar_documents_and_trademark_conflicts() {
    let f = fixture();
    runtime().block_on(async {
        let grouped = f
            .send(
                Method::GET,
                "/api/v1/search?q=CC%3DUS%20AND%20PD%3D2012-01-03&group=family&limit=50",
                Auth::Visitor,
                None,
            )
            .await
            .json();
        assert_eq!(grouped["total"], 25);
        let families = grouped["total_families"].as_u64().unwrap();
        assert!((1..=25).contains(&families));
        assert_eq!(grouped["hits"].as_array().unwrap().len() as u64, families);
        let r = f.send(Method::GET, "/api/v1/search?q=a&group=owner", Auth::Visitor, None).await;
        assert_eq!(r.code(), "bad_request");

        let like = f
            .send_from(71, Method::GET, &format!("/api/v1/rights/{GRANT}/similar?limit=5"), Auth::Visitor, None)
            .await
            .json();
        assert_eq!(like["source"], GRANT);
        let hits = like["hits"].as_array().unwrap();
        assert!(!hits.is_empty() && hits.len() <= 5);
        assert!(hits.iter().all(|h| h["id"] != GRANT), "the source is not its own prior art");
        let text = json!({"text": "An electrochemical battery with a self-organizing electrode structure", "limit": 3});
        let by_text = f.send_from(71, Method::POST, "/api/v1/similar", Auth::Visitor, Some(text)).await.json();
        assert_eq!(by_text["lang"], "en");
        assert!(by_text["hits"].as_array().unwrap().iter().any(|h| h["id"] == GRANT), "{by_text}");
        for (body, code) in [
            (json!({"text": ""}), "bad_request"),
            (json!({"text": "x", "limit": 0}), "bad_request"),
            (json!({"text": "x", "lang": "xx-YY"}), "bad_request"),
        ] {
            let r = f.send_from(71, Method::POST, "/api/v1/similar", Auth::Visitor, Some(body.clone())).await;
            assert_eq!(r.code(), code, "{body}");
        }

        // From the EU register (gi_register.csv): PDO-FR-A1359 is Champagne (wine, class 33),
        // PDO-CN-0628 is 平谷大桃 / Pinggu Da Tao (fruit, class 31).
        let tm = f
            .send(Method::GET, "/api/v1/trademarks/search?mark=Champagme&classes=33", Auth::Visitor, None)
            .await
            .json();
        assert_eq!(tm["candidates"][0]["id"], "EU-GI-PDO-FR-A1359", "{tm}");
        assert!(tm["candidates"][0]["reasons"].as_array().unwrap().iter().any(|r| r["matcher"] == "fuzzy"));
        let tm = f
            .send(
                Method::GET,
                "/api/v1/trademarks/search?mark=%E5%B9%B3%E5%8F%A4%E5%A4%A7%E6%A1%83&classes=31",
                Auth::Visitor,
                None,
            )
            .await
            .json();
        assert_eq!(tm["candidates"][0]["id"], "EU-GI-PDO-CN-0628");
        assert_eq!(tm["candidates"][0]["reasons"][0]["matcher"], "pinyin");
        for uri in [
            "/api/v1/trademarks/search?mark=x&classes=99",
            "/api/v1/trademarks/search?mark=",
            "/api/v1/trademarks/search?mark=x&groups=12",
        ] {
            let r = f.send(Method::GET, uri, Auth::Visitor, None).await;
            assert_eq!(r.code(), "bad_request", "{uri}: {}", r.text());
        }
    });
}
