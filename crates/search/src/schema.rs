//! The index schema: text fields per section and language family, keyword fields for the
//! field codes, fast fields for facets and sorting, and the stored fields a hit shows.
//!
//! Text is indexed once per section (`ti`, `ab`, `cl`, `desc`) and analyzer (`zh`, `en`…):
//! `ti_en`, `cl_zh`. TXT searches the four sections at query time instead of a fifth copy
//! of every text, which would double the index; proximity under TXT therefore means
//! "within one section".

use crate::analysis::Analyzer;
use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};

/// Bumped whenever the schema or the analyzers change; an index of another version is
/// refused with a request to run `silkport reindex`.
pub const SCHEMA_VERSION: u32 = 2;

/// A text section of a right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Title,
    Abstract,
    Claims,
    Description,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Title, Section::Abstract, Section::Claims, Section::Description];

    pub fn code(self) -> &'static str {
        match self {
            Section::Title => "ti",
            Section::Abstract => "ab",
            Section::Claims => "cl",
            Section::Description => "desc",
        }
    }

    /// BM25 field weight: a word in the title says more about the document than one in
    /// the description.
    pub fn weight(self) -> f32 {
        match self {
            Section::Title => 3.0,
            Section::Abstract => 2.0,
            Section::Claims => 1.5,
            Section::Description => 1.0,
        }
    }
}

/// Every field, resolved once.
#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    /// `text[section][analyzer]`, in `Section::ALL` × `Analyzer::ALL` order.
    text: Vec<Vec<Field>>,
    pub id: Field,
    pub pn: Field,
    pub an: Field,
    /// The publication key of a stub (a right known only by number), so the full document
    /// that absorbs it in the registry also replaces it in the index.
    pub stub_key: Field,
    pub pa: Field,
    pub inventor: Field,
    pub ipc: Field,
    pub cpc: Field,
    pub cc: Field,
    pub kind: Field,
    pub lang: Field,
    pub status: Field,
    pub pd: Field,
    pub ad: Field,
    pub prd: Field,
    pub year: Field,
    pub f_section: Field,
    pub f_class: Field,
    pub f_subclass: Field,
    pub f_group: Field,
    pub f_applicant: Field,
    pub f_kind: Field,
    pub title: Field,
    pub title_lang: Field,
    pub snip: Field,
    pub snip_lang: Field,
    /// Trademark search (`marks`): each written form of a mark or GI name, folded, without
    /// spaces or punctuation (exact, prefix and fuzzy matching); stored for the reasons.
    pub mark_key: Field,
    /// The forms as written (stored, shown and re-assessed per candidate).
    pub mark_text: Field,
    /// The words and CJK bigrams of the forms (a mark containing another).
    pub mark_words: Field,
    /// Toneless pinyin of forms with Han characters (`丝路` → `silu`).
    pub mark_pinyin: Field,
    /// Pinyin with the commonly confused sounds merged (`zh`→`z`, `ing`→`in`…).
    pub mark_loose: Field,
    /// Double Metaphone codes of forms in Latin script.
    pub mark_phonetic: Field,
    /// Nice classes (`30`) a mark designates, or a GI's products fall in.
    pub nice: Field,
    /// Similar-goods groups (类似群, `3001`); a class designated without groups is listed
    /// as its two-digit class number, which stands for every group of the class.
    pub nice_group: Field,
    /// Hashes of the family links of a right (family id, publication, application and
    /// priority numbers, listed members): documents sharing one are in one family.
    pub family_links: Field,
}

fn text_options(analyzer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Indexed and fast: for filters and facets.
fn keyword_fast() -> TextOptions {
    STRING | FAST
}

fn days() -> NumericOptions {
    NumericOptions::default().set_indexed().set_fast()
}

impl Fields {
    pub fn build() -> Fields {
        let mut b = Schema::builder();
        let text = Section::ALL
            .iter()
            .map(|s| {
                Analyzer::ALL
                    .iter()
                    .map(|a| b.add_text_field(&format!("{}_{}", s.code(), a.name()), text_options(&a.index_name())))
                    .collect()
            })
            .collect();
        let names = text_options(&Analyzer::Std.index_name());
        let fields = Fields {
            text,
            id: b.add_text_field("id", STRING | STORED),
            pn: b.add_text_field("pn", STRING),
            an: b.add_text_field("an", STRING),
            stub_key: b.add_text_field("stub_key", STRING),
            pa: b.add_text_field("pa", names.clone()),
            inventor: b.add_text_field("in", names),
            ipc: b.add_text_field("ipc", STRING),
            cpc: b.add_text_field("cpc", STRING),
            cc: b.add_text_field("cc", keyword_fast()),
            kind: b.add_text_field("kind", STRING),
            lang: b.add_text_field("lang", keyword_fast()),
            status: b.add_text_field("status", keyword_fast()),
            pd: b.add_i64_field("pd", days()),
            ad: b.add_i64_field("ad", days()),
            prd: b.add_i64_field("prd", days()),
            year: b.add_u64_field("year", days()),
            f_section: b.add_text_field("f_section", keyword_fast()),
            f_class: b.add_text_field("f_class", keyword_fast()),
            f_subclass: b.add_text_field("f_subclass", keyword_fast()),
            f_group: b.add_text_field("f_group", keyword_fast()),
            f_applicant: b.add_text_field("f_applicant", keyword_fast()),
            f_kind: b.add_text_field("f_kind", keyword_fast()),
            title: b.add_text_field("title", STORED),
            title_lang: b.add_text_field("title_lang", STORED),
            snip: b.add_text_field("snip", STORED),
            snip_lang: b.add_text_field("snip_lang", STORED),
            mark_key: b.add_text_field("mark_key", STRING),
            mark_text: b.add_text_field("mark_text", STORED),
            mark_words: b.add_text_field("mark_words", text_options(&Analyzer::Std.index_name())),
            mark_pinyin: b.add_text_field("mark_pinyin", STRING),
            mark_loose: b.add_text_field("mark_loose", STRING),
            mark_phonetic: b.add_text_field("mark_phonetic", STRING),
            nice: b.add_text_field("nice", keyword_fast()),
            nice_group: b.add_text_field("nice_group", keyword_fast()),
            family_links: b.add_u64_field("family_links", NumericOptions::default().set_fast()),
            schema: Schema::builder().build(),
        };
        Fields { schema: b.build(), ..fields }
    }

    /// Every field words are searched in: the section × analyzer fields and the names.
    pub fn searchable_text(&self) -> impl Iterator<Item = Field> + '_ {
        self.text.iter().flatten().copied().chain([self.pa, self.inventor])
    }

    pub fn text(&self, section: Section, analyzer: Analyzer) -> Field {
        let s = Section::ALL.iter().position(|x| *x == section).unwrap_or(0);
        let a = Analyzer::ALL.iter().position(|x| *x == analyzer).unwrap_or(0);
        self.text[s][a]
    }
}

/// Facets a search reports, by name and fast field.
pub const FACETS: [(&str, &str); 10] = [
    ("ipc_section", "f_section"),
    ("ipc_class", "f_class"),
    ("ipc_subclass", "f_subclass"),
    ("ipc_group", "f_group"),
    ("applicant", "f_applicant"),
    ("country", "cc"),
    ("year", "year"),
    ("kind", "f_kind"),
    ("language", "lang"),
    ("status", "status"),
];
