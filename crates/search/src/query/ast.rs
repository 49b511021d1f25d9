//! The parsed examiner query: a tree of Boolean, proximity and field nodes over words,
//! phrases and date ranges. Every leaf keeps the character position it was typed at, so
//! errors found later (compiling) can still point at it.

use std::ops::Bound;

/// A field code (`TI=`, `IPC=`…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldCode {
    Ti,
    Ab,
    Cl,
    Desc,
    Txt,
    Pa,
    In,
    Ipc,
    Cpc,
    Pn,
    An,
    Pd,
    Ad,
    Prd,
    Cc,
    Kind,
    Lang,
    Status,
}

impl FieldCode {
    pub const ALL: [FieldCode; 18] = [
        FieldCode::Ti,
        FieldCode::Ab,
        FieldCode::Cl,
        FieldCode::Desc,
        FieldCode::Txt,
        FieldCode::Pa,
        FieldCode::In,
        FieldCode::Ipc,
        FieldCode::Cpc,
        FieldCode::Pn,
        FieldCode::An,
        FieldCode::Pd,
        FieldCode::Ad,
        FieldCode::Prd,
        FieldCode::Cc,
        FieldCode::Kind,
        FieldCode::Lang,
        FieldCode::Status,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FieldCode::Ti => "TI",
            FieldCode::Ab => "AB",
            FieldCode::Cl => "CL",
            FieldCode::Desc => "DESC",
            FieldCode::Txt => "TXT",
            FieldCode::Pa => "PA",
            FieldCode::In => "IN",
            FieldCode::Ipc => "IPC",
            FieldCode::Cpc => "CPC",
            FieldCode::Pn => "PN",
            FieldCode::An => "AN",
            FieldCode::Pd => "PD",
            FieldCode::Ad => "AD",
            FieldCode::Prd => "PRD",
            FieldCode::Cc => "CC",
            FieldCode::Kind => "KIND",
            FieldCode::Lang => "LANG",
            FieldCode::Status => "STATUS",
        }
    }

    pub fn parse(s: &str) -> Option<FieldCode> {
        FieldCode::ALL.into_iter().find(|f| f.code().eq_ignore_ascii_case(s))
    }

    pub fn is_date(self) -> bool {
        matches!(self, FieldCode::Pd | FieldCode::Ad | FieldCode::Prd)
    }

    /// Analysed text (words, phrases, proximity) rather than exact codes.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            FieldCode::Ti
                | FieldCode::Ab
                | FieldCode::Cl
                | FieldCode::Desc
                | FieldCode::Txt
                | FieldCode::Pa
                | FieldCode::In
        )
    }
}

/// A proximity operator (USPTO BRS semantics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Proximity {
    /// The right operand starts 1 to n words after the left one ends (`ADJ` = `ADJ1`).
    Adj(u32),
    /// Either order, at most n words apart (`NEAR` = `NEAR1`).
    Near(u32),
    /// In the same sentence.
    Sent,
    /// In the same paragraph (a line of the description, one claim, the abstract).
    Para,
}

/// A word (possibly with `*`/`?` truncation) or a quoted phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Leaf {
    pub text: String,
    pub quoted: bool,
    /// Character position (0-based) in the query.
    pub pos: usize,
}

impl Leaf {
    pub fn has_wildcard(&self) -> bool {
        !self.quoted && self.text.contains(['*', '?'])
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Leaf(Leaf),
    /// Juxtaposed terms: ranked, each optional, documents matching more rank higher.
    Any(Vec<Expr>),
    Or(Vec<Expr>),
    And(Vec<Expr>),
    /// `a NOT b`: a, without b.
    AndNot(Box<Expr>, Box<Expr>),
    /// `NOT b` alone: every document without b.
    Not(Box<Expr>),
    Prox {
        op: Proximity,
        left: Box<Expr>,
        right: Box<Expr>,
        pos: usize,
    },
    Field {
        code: FieldCode,
        expr: Box<Expr>,
        pos: usize,
    },
    /// A date range on PD, AD or PRD, in days since 1970-01-01.
    Dates {
        code: FieldCode,
        from: Bound<i64>,
        to: Bound<i64>,
        pos: usize,
    },
}
