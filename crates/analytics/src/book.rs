//! Interning for the landscape's hot loop: each distinct applicant spelling is normalised
//! once and each distinct IPC symbol split into its levels once, so a scan of millions of
//! rights does string work in proportion to distinct names and symbols, not to rights.

use crate::catalogue::Catalogue;
use crate::names::{normalise, Aliases, OrgType};
use rustc_hash::FxHashMap;
use silkport_model::IpcSymbol;

/// Strings to dense ids and back.
#[derive(Debug, Default)]
pub struct Interner {
    ids: FxHashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    pub fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    pub fn get(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    pub fn find(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }
}

/// Applicant spellings and the organisation keys they normalise to.
#[derive(Debug, Default)]
pub struct NameBook {
    pub raw: Interner,
    pub keys: Interner,
    key_of_raw: Vec<u32>,
    type_of_raw: Vec<OrgType>,
    aliases: Aliases,
}

impl NameBook {
    pub fn new(aliases: Aliases) -> NameBook {
        NameBook { aliases, ..NameBook::default() }
    }

    /// `(spelling id, organisation key id)` of a name as written.
    pub fn key(&mut self, name: &str) -> (u32, u32) {
        let raw = self.raw.id(name);
        if let Some(&key) = self.key_of_raw.get(raw as usize) {
            return (raw, key);
        }
        let normal = normalise(name);
        let canonical = self.aliases.get(&normal).map_or(normal, |a| a.key.clone());
        let key = self.keys.id(&canonical);
        self.key_of_raw.push(key);
        self.type_of_raw.push(OrgType::of(name));
        (raw, key)
    }

    /// The organisation type of a spelling (see [`OrgType::of`]).
    pub fn org_type(&self, raw: u32) -> OrgType {
        self.type_of_raw.get(raw as usize).copied().unwrap_or(OrgType::Other)
    }

    pub fn aliases(&self) -> &Aliases {
        &self.aliases
    }
}

/// The levels of one IPC symbol as code ids, and its WIPO technology field (0 = none).
#[derive(Debug, Clone, Copy)]
pub struct Levels {
    pub section: u32,
    pub class: Option<u32>,
    pub subclass: Option<u32>,
    pub group: Option<u32>,
    pub field: u8,
}

/// IPC symbols split into levels, each level's code interned.
#[derive(Debug, Default)]
pub struct IpcBook {
    symbols: FxHashMap<Box<str>, Option<Levels>>,
    pub codes: Interner,
}

impl IpcBook {
    /// The levels of a canonical symbol, or `None` for one that does not parse.
    pub fn levels(&mut self, symbol: &str, catalogue: &Catalogue) -> Option<Levels> {
        if let Some(l) = self.symbols.get(symbol) {
            return *l;
        }
        let levels = IpcSymbol::parse(symbol).ok().map(|s| {
            let codes = &mut self.codes;
            let group = s.main_group();
            let field = catalogue.wipo_field(group.as_deref(), s.subclass().as_deref());
            let section = codes.id(&s.section());
            let mut code = |c: Option<String>| c.map(|c| codes.id(&c));
            Levels { section, class: code(s.class()), subclass: code(s.subclass()), group: code(group), field }
        });
        self.symbols.insert(symbol.into(), levels);
        levels
    }
}
