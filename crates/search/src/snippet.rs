//! Highlighted snippets. The stored passage is re-tokenized with its language's analyzer,
//! and a query sequence is highlighted only where all its tokens sit at their relative
//! positions, so a Chinese word (a chain of bigrams) lights up exactly its characters and
//! never a lone bigram of it. Offsets come from the tokenizer and point into the text.

use crate::analysis::Analyzer;
use crate::query::Highlights;
use std::collections::HashMap;

/// Characters shown around the best cluster of matches.
const WINDOW_CHARS: usize = 160;
/// Characters of context kept before the first match in the window.
const LEAD_CHARS: usize = 30;

/// The passage around the densest cluster of matches, matches wrapped in `<em>`.
pub fn snippet(text: &str, analyzer: Analyzer, h: &Highlights) -> String {
    let spans = merge(matches(text, analyzer, h));
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let char_at = |byte: usize| chars.partition_point(|(b, _)| *b < byte);
    let best = (0..spans.len())
        .max_by_key(|&i| {
            let start = char_at(spans[i].0);
            (spans[i..].iter().take_while(|s| char_at(s.1) <= start + WINDOW_CHARS).count(), usize::MAX - i)
        })
        .map(|i| char_at(spans[i].0).saturating_sub(LEAD_CHARS))
        .unwrap_or(0);
    let end = (best + WINDOW_CHARS).min(chars.len());
    let byte = |c: usize| chars.get(c).map(|(b, _)| *b).unwrap_or(text.len());
    let (from, to) = (byte(best), byte(end));
    let mut out = String::new();
    if best > 0 {
        out.push('…');
    }
    let mut at = from;
    for (s, e) in spans.iter().filter(|(s, e)| *s >= from && *e <= to) {
        out.push_str(&escape(&text[at..*s]));
        out.push_str("<em>");
        out.push_str(&escape(&text[*s..*e]));
        out.push_str("</em>");
        at = *e;
    }
    out.push_str(&escape(&text[at..to]));
    if end < chars.len() {
        out.push('…');
    }
    out
}

/// Byte spans of every occurrence of a highlight sequence or glob.
fn matches(text: &str, analyzer: Analyzer, h: &Highlights) -> Vec<(usize, usize)> {
    let tokens = analyzer.tokens(text, false);
    let mut by_pos: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, t) in tokens.iter().enumerate() {
        by_pos.entry(t.position).or_default().push(i);
    }
    let at = |p: usize, text: &str| by_pos.get(&p)?.iter().map(|&i| &tokens[i]).find(|t| t.text == text);
    let mut spans = Vec::new();
    for (a, seq) in h.seqs.iter().filter(|(a, _)| *a == analyzer) {
        let _ = a;
        let Some((first_off, first)) = seq.first() else { continue };
        for t in tokens.iter().filter(|t| &t.text == first && t.position >= *first_off) {
            let base = t.position - first_off;
            let found: Option<Vec<_>> = seq.iter().map(|(o, s)| at(base + o, s)).collect();
            if let Some(found) = found {
                let from = found.iter().map(|t| t.offset_from).min().unwrap_or(0);
                let to = found.iter().map(|t| t.offset_to).max().unwrap_or(0);
                spans.push((from, to));
            }
        }
    }
    for glob in &h.globs {
        spans.extend(tokens.iter().filter(|t| glob_match(glob, &t.text)).map(|t| (t.offset_from, t.offset_to)));
    }
    spans
}

/// Sorted, overlapping spans joined.
fn merge(mut spans: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    spans.sort();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (s, e) in spans {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `*` any characters, `?` one character.
pub fn glob_match(glob: &str, text: &str) -> bool {
    let g: Vec<char> = glob.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut gi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if gi < g.len() && (g[gi] == '?' || g[gi] == t[ti]) {
            gi += 1;
            ti += 1;
        } else if gi < g.len() && g[gi] == '*' {
            star = Some(gi);
            mark = ti;
            gi += 1;
        } else if let Some(s) = star {
            gi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    g[gi..].iter().all(|c| *c == '*')
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(a: Analyzer, words: &[&str]) -> Highlights {
        let seqs = words
            .iter()
            .map(|w| {
                let toks = a.tokens(w, true);
                let first = toks[0].position;
                (a, toks.into_iter().map(|t| (t.position - first, t.text)).collect())
            })
            .collect();
        Highlights { seqs, globs: Vec::new() }
    }

    #[test]
    fn chinese_words_light_up_exactly() {
        let s = snippet("本发明涉及三氟苯基化合物和氟苯。", Analyzer::Zh, &h(Analyzer::Zh, &["氟苯"]));
        assert_eq!(s, "本发明涉及三<em>氟苯</em>基化合物和<em>氟苯</em>。");
        let s = snippet("中国农业发展银行", Analyzer::Zh, &h(Analyzer::Zh, &["农业发展"]));
        assert_eq!(s, "中国<em>农业发展</em>银行");
        let s = snippet("苯基和三氟", Analyzer::Zh, &h(Analyzer::Zh, &["三氟苯基"]));
        assert_eq!(s, "苯基和三氟");
    }

    #[test]
    fn stemmed_words_and_globs() {
        let mut hl = h(Analyzer::En, &["battery"]);
        hl.globs.push("anod*".into());
        let s = snippet("Batteries with <anodes>", Analyzer::En, &hl);
        assert_eq!(s, "<em>Batteries</em> with &lt;<em>anodes</em>&gt;");
        assert!(glob_match("h01m*", "h01m10"));
        assert!(!glob_match("a?c", "abbc"));
    }
}
