//! The hand-written parser of the examiner query language (docs/query-language.md).
//!
//! Precedence, loosest first: juxtaposition (ranked, each term optional) < `OR` < `AND` <
//! `NOT` < proximity (`ADJn`, `NEARn`, `SENT`, `PARA`) < field codes, parentheses, words
//! and phrases. Operators are upper case; lower-case `and`/`or` are words. A malformed
//! query is reported with the character position and what was expected there.

use super::ast::{Expr, FieldCode, Leaf, Proximity};
use silkport_model::Date;
use std::fmt;
use std::ops::Bound;

/// Deeper nesting is refused: it is never typed by hand and would only exhaust the stack.
const MAX_DEPTH: usize = 64;

/// A malformed query: where, what was expected, and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based character position.
    pub position: usize,
    pub expected: String,
    pub found: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: expected {}, found {}", self.position, self.expected, self.found)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String),
    Open,
    Close,
    And,
    Or,
    Not,
    Prox(Proximity),
    /// `CODE=`, `CODE:`, or a comparison `CODE>=` (the operator string).
    Field(FieldCode, String),
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("the word \"{w}\""),
            Tok::Phrase(p) => format!("the phrase \"{p}\""),
            Tok::Open => "\"(\"".into(),
            Tok::Close => "\")\"".into(),
            Tok::And => "AND".into(),
            Tok::Or => "OR".into(),
            Tok::Not => "NOT".into(),
            Tok::Prox(_) => "a proximity operator".into(),
            Tok::Field(c, op) => format!("the field code {}{op}", c.code()),
        }
    }
}

impl std::error::Error for ParseError {}

/// A token with its 0-based character position.
type Spanned = (Tok, usize);

fn lex(input: &str) -> Result<Vec<Spanned>, ParseError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            _ if c.is_whitespace() => i += 1,
            '(' | '（' => {
                out.push((Tok::Open, i));
                i += 1;
            }
            ')' | '）' => {
                out.push((Tok::Close, i));
                i += 1;
            }
            '"' | '“' | '”' => i = lex_phrase(&chars, i, &mut out)?,
            _ => {
                let start = i;
                while i < chars.len() && !is_word_end(chars[i]) {
                    i += 1;
                }
                lex_word(&chars[start..i].iter().collect::<String>(), start, &mut out);
            }
        }
    }
    Ok(out)
}

fn is_word_end(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | '（' | '）' | '“' | '”')
}

fn lex_phrase(chars: &[char], start: usize, out: &mut Vec<Spanned>) -> Result<usize, ParseError> {
    let close = chars[start + 1..].iter().position(|c| matches!(c, '"' | '“' | '”'));
    let Some(len) = close else {
        return Err(ParseError {
            position: chars.len() + 1,
            expected: format!("a closing quote for the phrase opened at character {}", start + 1),
            found: "the end of the query".into(),
        });
    };
    out.push((Tok::Phrase(chars[start + 1..start + 1 + len].iter().collect()), start));
    Ok(start + len + 2)
}

/// A bare word: an operator, a field code with its comparator (and possibly the start of
/// its operand, `TI=battery`), or a search word.
fn lex_word(w: &str, pos: usize, out: &mut Vec<Spanned>) {
    if let Some(tok) = operator(w) {
        out.push((tok, pos));
        return;
    }
    if let Some(cut) = w.find(['=', ':', '<', '>']) {
        if let Some(code) = FieldCode::parse(&w[..cut]) {
            let rest = &w[cut..];
            let op_len = rest.chars().take_while(|c| matches!(c, '=' | ':' | '<' | '>')).count();
            let op = &rest[..op_len];
            out.push((Tok::Field(code, op.to_string()), pos));
            let operand = &rest[op_len..];
            if !operand.is_empty() {
                out.push((Tok::Word(operand.to_string()), pos + w[..cut].chars().count() + op_len));
            }
            return;
        }
    }
    out.push((Tok::Word(w.to_string()), pos));
}

fn operator(w: &str) -> Option<Tok> {
    let number = |rest: &str| if rest.is_empty() { Some(1) } else { rest.parse::<u32>().ok().filter(|n| *n <= 10_000) };
    match w {
        "AND" => Some(Tok::And),
        "OR" => Some(Tok::Or),
        "NOT" => Some(Tok::Not),
        "SENT" => Some(Tok::Prox(Proximity::Sent)),
        "PARA" => Some(Tok::Prox(Proximity::Para)),
        _ if w.starts_with("ADJ") => number(&w[3..]).map(|n| Tok::Prox(Proximity::Adj(n))),
        _ if w.starts_with("NEAR") => number(&w[4..]).map(|n| Tok::Prox(Proximity::Near(n))),
        _ => None,
    }
}

struct Parser {
    toks: Vec<Spanned>,
    at: usize,
    /// Characters in the query, for "end of the query" positions.
    len: usize,
    depth: usize,
}

/// Parses a query. An empty query is an error too.
pub fn parse(input: &str) -> Result<Expr, ParseError> {
    let toks = lex(input)?;
    let mut p = Parser { toks, at: 0, len: input.chars().count(), depth: 0 };
    let expr = p.sequence()?;
    match p.peek() {
        None => Ok(expr),
        Some(_) => Err(p.error("an operator, a word or the end of the query")),
    }
}

/// Free text without syntax: every whitespace-separated word is an optional, ranked
/// term; operators, quotes, field codes and wildcards are ordinary characters.
pub fn plain(input: &str) -> Result<Expr, ParseError> {
    let mut items = Vec::new();
    let mut at = 0;
    for word in input.split_whitespace() {
        let start = input[at..].find(word).map(|o| at + o).unwrap_or(at);
        at = start + word.len();
        let pos = input[..start].chars().count();
        items.push(Expr::Leaf(Leaf { text: word.to_string(), quoted: true, pos }));
    }
    match items.len() {
        0 => Err(ParseError { position: 1, expected: "a word".into(), found: "an empty query".into() }),
        1 => Ok(items.remove(0)),
        _ => Ok(Expr::Any(items)),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|(t, _)| t)
    }

    fn pos(&self) -> usize {
        self.toks.get(self.at).map(|(_, p)| *p).unwrap_or(self.len)
    }

    fn error(&self, expected: &str) -> ParseError {
        let found = self.peek().map(Tok::describe).unwrap_or_else(|| "the end of the query".into());
        ParseError { position: self.pos() + 1, expected: expected.into(), found }
    }

    fn starts_operand(&self) -> bool {
        matches!(self.peek(), Some(Tok::Word(_) | Tok::Phrase(_) | Tok::Open | Tok::Field(..) | Tok::Not))
    }

    fn sequence(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.or()?];
        while self.starts_operand() {
            items.push(self.or()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Expr::Any(items) })
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Expr::Or(items) })
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut items = vec![self.not()?];
        while self.peek() == Some(&Tok::And) {
            self.at += 1;
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Expr::And(items) })
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.proximity()?;
        while self.peek() == Some(&Tok::Not) {
            self.at += 1;
            let right = self.proximity()?;
            left = Expr::AndNot(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn proximity(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while let Some(&Tok::Prox(op)) = self.peek() {
            let pos = self.pos();
            self.at += 1;
            let right = self.unary()?;
            left = Expr::Prox { op, left: Box::new(left), right: Box::new(right), pos };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("at most {MAX_DEPTH} levels of nesting")));
        }
        let out = self.unary_inner();
        self.depth -= 1;
        out
    }

    fn unary_inner(&mut self) -> Result<Expr, ParseError> {
        let pos = self.pos();
        let Some(tok) = self.peek().cloned() else {
            return Err(self.error("a word, a phrase, a field code or \"(\""));
        };
        match tok {
            Tok::Word(text) => {
                self.at += 1;
                Ok(Expr::Leaf(Leaf { text, quoted: false, pos }))
            }
            Tok::Phrase(text) => {
                self.at += 1;
                Ok(Expr::Leaf(Leaf { text, quoted: true, pos }))
            }
            Tok::Open => {
                self.at += 1;
                if self.peek() == Some(&Tok::Close) {
                    return Err(self.error("a word, a phrase or a field code inside the parentheses"));
                }
                let inner = self.sequence()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.error(&format!("\")\" to close the \"(\" at character {}", pos + 1)));
                }
                self.at += 1;
                Ok(inner)
            }
            Tok::Not => {
                self.at += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Tok::Field(code, op) => {
                self.at += 1;
                self.field(code, &op, pos)
            }
            Tok::Close | Tok::And | Tok::Or | Tok::Prox(_) => {
                Err(self.error("a word, a phrase, a field code or \"(\""))
            }
        }
    }

    fn field(&mut self, code: FieldCode, op: &str, pos: usize) -> Result<Expr, ParseError> {
        if code.is_date() {
            return self.dates(code, op, pos);
        }
        if op != "=" && op != ":" {
            let at = ParseError {
                position: pos + code.code().len() + 1,
                expected: format!("\"=\" after {} (comparisons are for PD, AD and PRD)", code.code()),
                found: format!("\"{op}\""),
            };
            return Err(at);
        }
        let expr = self.unary()?;
        Ok(Expr::Field { code, expr: Box::new(expr), pos })
    }

    fn dates(&mut self, code: FieldCode, op: &str, pos: usize) -> Result<Expr, ParseError> {
        let value_pos = self.pos();
        let Some(Tok::Word(value)) = self.peek().cloned() else {
            return Err(self
                .error(&format!("a date or range after {}{op} (2010, 2010-05, 2010-05-31, 2010..2015)", code.code())));
        };
        let bad = |what: &str| ParseError {
            position: value_pos + 1,
            expected: format!("{what} (YYYY, YYYY-MM, YYYY-MM-DD or YYYYMMDD)"),
            found: format!("\"{value}\""),
        };
        let (from, to) = match op {
            "=" | ":" => match value.split_once("..") {
                Some((a, b)) => (
                    bound_from(a, true).ok_or_else(|| bad("a start date"))?,
                    bound_to(b, true).ok_or_else(|| bad("an end date"))?,
                ),
                None => {
                    let (a, b) = period(&value).ok_or_else(|| bad("a date"))?;
                    (Bound::Included(a), Bound::Included(b))
                }
            },
            ">=" => (bound_from(&value, false).ok_or_else(|| bad("a date"))?, Bound::Unbounded),
            ">" => (Bound::Excluded(period(&value).ok_or_else(|| bad("a date"))?.1), Bound::Unbounded),
            "<=" => (Bound::Unbounded, bound_to(&value, false).ok_or_else(|| bad("a date"))?),
            "<" => (Bound::Unbounded, Bound::Excluded(period(&value).ok_or_else(|| bad("a date"))?.0)),
            _ => {
                return Err(ParseError {
                    position: pos + code.code().len() + 1,
                    expected: "one of = : >= > <= <".into(),
                    found: format!("\"{op}\""),
                })
            }
        };
        self.at += 1;
        Ok(Expr::Dates { code, from, to, pos })
    }
}

/// The first and last day of `2010`, `2010-05`, `2010-05-31` or `20100531`, in days.
fn period(s: &str) -> Option<(i64, i64)> {
    let digits: String = s.chars().filter(|c| c.is_ascii_digit()).collect();
    let has_sep = s.contains(['-', '.', '/']);
    let parts: Vec<&str> = s.split(['-', '.', '/']).collect();
    let (y, m, d) = match (digits.len(), has_sep) {
        (4, false) => (digits.parse().ok()?, None, None),
        (8, false) => (digits[..4].parse().ok()?, Some(digits[4..6].parse().ok()?), Some(digits[6..].parse().ok()?)),
        (_, true) if parts.len() == 2 => (parts[0].parse().ok()?, Some(parts[1].parse().ok()?), None),
        (_, true) if parts.len() == 3 => {
            (parts[0].parse().ok()?, Some(parts[1].parse().ok()?), Some(parts[2].parse().ok()?))
        }
        _ => return None,
    };
    if !s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '/')) {
        return None;
    }
    let first = Date::new(y, m.unwrap_or(1), d.unwrap_or(1))?;
    let last = match (m, d) {
        (_, Some(_)) => first,
        (Some(m), None) => last_of_month(y, m)?,
        (None, None) => Date::new(y, 12, 31)?,
    };
    Some((first.to_days(), last.to_days()))
}

fn last_of_month(y: u16, m: u8) -> Option<Date> {
    (28..=31).rev().find_map(|d| Date::new(y, m, d))
}

/// The lower bound of a range from its start (empty: unbounded).
fn bound_from(s: &str, open_ok: bool) -> Option<Bound<i64>> {
    if s.is_empty() && open_ok {
        return Some(Bound::Unbounded);
    }
    Some(Bound::Included(period(s)?.0))
}

/// The upper bound of a range from its end: the whole period is included.
fn bound_to(s: &str, open_ok: bool) -> Option<Bound<i64>> {
    if s.is_empty() && open_ok {
        return Some(Bound::Unbounded);
    }
    Some(Bound::Included(period(s)?.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> String {
        parse(q).unwrap_err().to_string()
    }

    #[test]
    fn precedence_and_fields() {
        let e = parse("TI=(lithium OR sodium) AND anode NOT cathode").unwrap();
        let Expr::And(items) = e else { panic!("{e:?}") };
        assert!(matches!(items[0], Expr::Field { code: FieldCode::Ti, .. }));
        assert!(matches!(items[1], Expr::AndNot(..)));
        assert!(matches!(parse("a b c").unwrap(), Expr::Any(v) if v.len() == 3));
        assert!(matches!(parse("a ADJ2 b").unwrap(), Expr::Prox { op: Proximity::Adj(2), .. }));
        assert!(matches!(parse("a NEAR b").unwrap(), Expr::Prox { op: Proximity::Near(1), .. }));
        assert!(matches!(parse("a and b").unwrap(), Expr::Any(v) if v.len() == 3));
    }

    #[test]
    fn dates() {
        let Expr::Dates { from, to, .. } = parse("PD=2010..2011").unwrap() else { panic!() };
        assert_eq!(from, Bound::Included(Date::new(2010, 1, 1).unwrap().to_days()));
        assert_eq!(to, Bound::Included(Date::new(2011, 12, 31).unwrap().to_days()));
        let Expr::Dates { to, .. } = parse("AD<2010-02").unwrap() else { panic!() };
        assert_eq!(to, Bound::Excluded(Date::new(2010, 2, 1).unwrap().to_days()));
        let Expr::Dates { from, .. } = parse("PRD>=20100315").unwrap() else { panic!() };
        assert_eq!(from, Bound::Included(Date::new(2010, 3, 15).unwrap().to_days()));
    }

    #[test]
    fn errors_point_at_the_problem() {
        assert_eq!(
            err("(a OR b"),
            "at character 8: expected \")\" to close the \"(\" at character 1, found the end of the query"
        );
        assert_eq!(
            err("a AND"),
            "at character 6: expected a word, a phrase, a field code or \"(\", found the end of the query"
        );
        assert_eq!(err("a OR OR b"), "at character 6: expected a word, a phrase, a field code or \"(\", found OR");
        assert!(err("\"open phrase").starts_with("at character 13: expected a closing quote"));
        assert!(err("PD=2010-13-01").contains("expected a date"));
        assert!(err("TI>battery").contains("expected \"=\" after TI"));
        assert!(err("a )").starts_with("at character 3: expected an operator"));
        assert!(err("").contains("found the end of the query"));
        assert!(err("()").contains("inside the parentheses"));
    }
}
