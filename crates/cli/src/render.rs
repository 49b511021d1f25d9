//! Human-readable output. `--json` output is produced from the same values by serde and
//! is the stable interface; this is for people.

use silkport_ingest::run::Summary;
use silkport_model::{CitationTarget, Right};
use silkport_store::{Count, Stats};

pub fn ingest_summary(s: &Summary) {
    for f in &s.file_reports {
        let format = f.format.as_deref().unwrap_or("?");
        println!(
            "{:<14} {:>8} records  {:>7} new {:>7} updated {:>7} unchanged {:>5} skipped {:>5} failed  {}",
            format, f.records, f.counts.loaded, f.counts.updated, f.counts.unchanged, f.skipped, f.failed, f.path
        );
        if let Some(e) = &f.error {
            println!("    error: {e}");
        }
        for p in &f.problems {
            println!("    failed at {}: {}", p.position, p.message);
        }
        if f.failed as usize > f.problems.len() {
            println!("    … {} more failed records (see --json)", f.failed as usize - f.problems.len());
        }
    }
    println!(
        "\n{} files ({} MB) in {:.1} s: {} records; {} new, {} updated, {} unchanged, {} skipped, {} failed",
        s.files,
        s.bytes / 1_000_000,
        s.seconds,
        s.records,
        s.counts.loaded,
        s.counts.updated,
        s.counts.unchanged,
        s.skipped,
        s.failed
    );
    if s.files_unrecognised > 0 {
        println!(
            "{} files in the given directories are not office data silkport reads (run `silkport ingest --formats`)",
            s.files_unrecognised
        );
    }
}

fn table(title: &str, rows: &[Count], limit: usize) {
    println!("{title}:");
    for c in rows.iter().take(limit) {
        println!("  {:<28} {:>10}", c.key, c.count);
    }
    if rows.len() > limit {
        println!("  … {} more", rows.len() - limit);
    }
}

pub fn stats(s: &Stats, backend: &str) {
    println!(
        "registry ({backend}): {} rights ({} synthetic, {} known only by number), {} events\n",
        s.rights, s.synthetic, s.stubs, s.events
    );
    table("by kind", &s.by_kind, 20);
    table("by office", &s.by_office, 15);
    table("by year", &s.by_year, 60);
    table("by language", &s.by_language, 15);
    table("by source", &s.by_source, 20);
    table("events by kind", &s.events_by_kind, 25);
    table("reference data", &s.references_by_table, 20);
}

fn line(label: &str, value: impl std::fmt::Display) {
    println!("{label:<14} {value}");
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_else(|| "—".into())
}

fn snippet(text: &str, max: usize) -> String {
    let mut s: String = text.chars().take(max).collect();
    if text.chars().count() > max {
        s.push('…');
    }
    s
}

pub fn right(r: &Right) {
    line("id", &r.id);
    line("kind", r.kind.as_str());
    line("office", &r.office);
    line("status", r.status.map(|s| s.as_str()).unwrap_or("—"));
    line("application", opt(&r.application));
    if let Some(reg) = &r.registration {
        line("registration", reg);
    }
    let d = &r.dates;
    line(
        "dates",
        format!(
            "filed {} · published {} · granted {} · expires {}",
            opt(&d.filing),
            opt(&d.publication),
            opt(&d.grant),
            opt(&d.expiry)
        ),
    );
    for p in &r.priorities {
        line("priority", format!("{} {} {}", p.country, p.number, opt(&p.date)));
    }
    if r.synthetic {
        line("synthetic", "yes (demo world, not office data)");
    }
    line("source", format!("{} {}", r.source.format, r.source.file.as_deref().unwrap_or("")));
    for t in &r.texts.titles {
        line(&format!("title [{}]", t.lang), &t.text);
    }
    for a in &r.texts.abstracts {
        line(&format!("abstract [{}]", a.lang), snippet(&a.text, 300));
    }
    for c in &r.classifications {
        line(c.scheme.as_str(), format!("{}{}", c.symbol, if c.main { " (main)" } else { "" }));
    }
    for p in &r.parties {
        let place = p.address.as_ref().map(|a| {
            let region =
                a.cn_region.as_ref().map(|c| format!("{} / {}", c.province_en, c.city_en.as_deref().unwrap_or("—")));
            region.or_else(|| a.country.clone()).unwrap_or_default()
        });
        line(p.role.as_str(), format!("{} {}", p.name(), place.map(|x| format!("({x})")).unwrap_or_default()));
    }
    for set in &r.texts.claims {
        line(&format!("claims [{}]", set.lang), format!("{} claims", set.claims.len()));
        if let Some(first) = set.claims.first() {
            println!("{:<14} 1. {}", "", snippet(&first.text, 200));
        }
    }
    for d in &r.texts.descriptions {
        line(&format!("description [{}]", d.lang), format!("{} characters", d.text.chars().count()));
    }
    citations(r);
    events(r);
}

fn citations(r: &Right) {
    if r.citations.is_empty() {
        return;
    }
    let patents = r.citations.iter().filter(|c| matches!(c.target, CitationTarget::Patent { .. })).count();
    line(
        "citations",
        format!("{} ({} patent, {} non-patent)", r.citations.len(), patents, r.citations.len() - patents),
    );
    for c in r.citations.iter().take(10) {
        let who = c.cited_by.as_deref().unwrap_or("");
        match &c.target {
            CitationTarget::Patent { id, raw, .. } => println!("{:<14} {} {}", "", opt(id).replace('—', raw), who),
            CitationTarget::NonPatent { text } => println!("{:<14} {} {}", "", snippet(text, 100), who),
        }
    }
}

fn events(r: &Right) {
    if r.events.is_empty() {
        return;
    }
    println!("events ({}):", r.events.len());
    for e in &r.events {
        let parties: Vec<String> = e.parties.iter().map(|p| format!("{} {}", p.role.as_str(), p.name())).collect();
        let amount = e.amount.map(|m| format!(" {m}")).unwrap_or_default();
        println!(
            "  {}  {:<13} {:<6}{}{} {}{}",
            opt(&e.date),
            e.kind.as_str(),
            e.code.as_deref().unwrap_or(""),
            amount,
            e.reference.as_deref().map(|r| format!(" [{r}]")).unwrap_or_default(),
            e.description.as_deref().map(|d| snippet(d, 60)).unwrap_or_default(),
            if parties.is_empty() { String::new() } else { format!(" — {}", parties.join("; ")) }
        );
    }
}

// ---- ledger (transparency log, issue 4) ----

pub fn ledger_init(out: &serde_json::Value) {
    println!("ledger created in {}", out["dir"].as_str().unwrap_or(""));
    println!("origin   {}", out["origin"].as_str().unwrap_or(""));
    println!("log key  {}", out["log_key"].as_str().unwrap_or(""));
    println!("give the log key to verifiers and witnesses; the secret key stays in log/log.key (0600)");
}

pub fn sync_report(r: &silkport_ledger::SyncReport) {
    println!(
        "logged {} changes in {:.1} s; {} already logged, {} not rights-state changes, {} waiting for their right, {} refused",
        r.appended, r.seconds, r.unchanged, r.not_logged, r.unattached, r.refused
    );
    if r.reconciled > 0 {
        println!("recovered {} entries the log had and the registry had not recorded (after a crash)", r.reconciled);
    }
    println!("tree size {}, checkpoint published at {}", r.tree_size, r.checkpoint_size);
    for p in &r.problems {
        println!("    refused: {p}");
    }
}

pub fn ledger_status(out: &serde_json::Value) {
    println!("origin     {}", out["origin"].as_str().unwrap_or(""));
    println!("tree size  {}", out["tree_size"]);
    println!("root hash  {}", out["root_hash"].as_str().unwrap_or(""));
    println!("pending    {} registry changes not yet logged", out["pending"]);
    for k in out["log_keys"].as_array().into_iter().flatten() {
        println!("log key    {}", k.as_str().unwrap_or(""));
    }
}

pub fn ledger_history(right: &str, history: &[(u64, silkport_tlog::Entry)]) {
    println!("{right}: {} log entries", history.len());
    for (index, e) in history {
        let parties: Vec<String> = e.parties.iter().map(|p| format!("{} {}", p.role, p.name)).collect();
        println!(
            "  #{index:<8} {}  {:<12} {}  — {}",
            e.date,
            e.event,
            e.reference.as_deref().unwrap_or(""),
            parties.join("; ")
        );
    }
}

pub fn audit(r: &silkport_ledger::audit::AuditReport) {
    println!(
        "log verified: {} entries recomputed; {} references for {} rights; {} match the registry, {} changes not yet logged",
        r.log_entries, r.references, r.rights, r.matching, r.pending
    );
    if r.divergences.is_empty() {
        println!("no divergence between the registry and the log");
        return;
    }
    println!("{} DIVERGENCES:", r.divergences.len());
    for d in &r.divergences {
        let at = d.index.map(|i| format!(" (log #{i})")).unwrap_or_default();
        println!("  {:?} {} {}{at}: {}", d.kind, d.right, d.reference, d.detail);
    }
}

pub fn verification(v: &silkport_ledger::receipt::Verification) {
    println!("VERIFIED, offline, with the keys given:");
    println!(
        "  entry      canonical silkport/ledger-entry/v1: {} {} on {} (ref {})",
        v.right,
        v.event,
        v.date,
        v.reference.as_deref().unwrap_or("-")
    );
    println!("  leaf hash  {} (SHA-256 of 0x00 || entry)", v.leaf_hash);
    println!("  checkpoint {} size {} root {}, signed by log key {}", v.origin, v.tree_size, v.root_hash, v.log_key);
    println!(
        "  inclusion  entry #{} is in that tree: RFC 9162 audit path of {} hashes leads to the root",
        v.index, v.proof_hashes
    );
    for w in &v.witnesses {
        println!("  witness    {}+{} cosigned at {} (unix time)", w.witness, w.key_id, w.timestamp);
    }
    println!("  quorum     {} trusted witness cosignatures verify, {} required", v.witnesses.len(), v.quorum);
    if v.unknown_signatures > 0 {
        println!("  ({} further signatures are by keys not given, and were not checked)", v.unknown_signatures);
    }
}
