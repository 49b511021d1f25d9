//! Tiles of C2SP tlog-tiles: the stored hashes regrouped as consecutive hashes of one tree
//! level, 2^height of them per full tile, served at `tile/<L>/<N>[.p/<W>]`; and entry bundles
//! at `tile/entries/<N>[.p/<W>]`. The maths follows Go's sumdb/tlog tile.go and is generic
//! over the height for tests; C2SP fixes the height at 8 (256 hashes, 8,192 bytes).

use crate::hash::{node_hash, Hash, HASH_SIZE};
use crate::stored::{read_exact, split_stored_hash_index, stored_hash_index, HashReader};
use crate::{Result, TlogError};

/// The tile height of C2SP tlog-tiles: a full tile holds 256 hashes.
pub const TILE_HEIGHT: u8 = 8;
/// Hashes (or entries) in a full tile or entry bundle.
pub const TILE_WIDTH: u32 = 1 << TILE_HEIGHT;

/// A tile: `width` consecutive hashes at tree level `height * level`, starting at hash
/// `n << height` of that level. A full tile has width 2^height; a partial one fewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tile {
    pub height: u8,
    pub level: u8,
    pub n: u64,
    pub width: u32,
}

/// The entries `[n·256, n·256 + width)` as one bundle of uint16-length-prefixed entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EntryBundle {
    pub n: u64,
    pub width: u32,
}

/// What a `tile/...` path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TilePath {
    Hashes(Tile),
    Entries(EntryBundle),
}

impl Tile {
    /// The full-height C2SP tile.
    pub fn new(level: u8, n: u64, width: u32) -> Tile {
        Tile { height: TILE_HEIGHT, level, n, width }
    }

    pub fn is_full(&self) -> bool {
        self.width == 1 << self.height
    }

    /// The C2SP path, `tile/<L>/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!("tile/{}/{}", self.level, n_and_width(self.n, self.width, !self.is_full()))
    }
}

impl EntryBundle {
    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }

    /// The C2SP path, `tile/entries/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!("tile/entries/{}", n_and_width(self.n, self.width, !self.is_full()))
    }

    /// The index of the bundle's first entry.
    pub fn start(&self) -> u64 {
        self.n << TILE_HEIGHT
    }
}

/// `N` as zero-padded 3-digit path elements, all but the last prefixed with `x`
/// (1234067 → `x001/x234/067`), so no directory holds more than 3,000 names.
fn n_and_width(n: u64, width: u32, partial: bool) -> String {
    let mut s = format!("{:03}", n % 1000);
    let mut rest = n / 1000;
    while rest > 0 {
        s = format!("x{:03}/{s}", rest % 1000);
        rest /= 1000;
    }
    if partial {
        s.push_str(&format!(".p/{width}"));
    }
    s
}

/// Parses a C2SP tile or entry-bundle path (without the log's URL prefix). Only the canonical
/// spelling is accepted: it must format back to exactly `path`.
pub fn parse_tile_path(path: &str) -> Result<TilePath> {
    let bad = |detail: &str| TlogError::Tile { what: format!("path {path:?}"), detail: detail.into() };
    let rest = path.strip_prefix("tile/").ok_or_else(|| bad("does not start with tile/"))?;
    let (level, rest) = rest.split_once('/').ok_or_else(|| bad("has no index"))?;
    let (rest, width) = match rest.split_once(".p/") {
        Some((n, w)) => (n, Some(w.parse::<u32>().map_err(|_| bad("width is not a number"))?)),
        None => (rest, None),
    };
    if width.is_some_and(|w| w == 0 || w >= TILE_WIDTH) {
        return Err(bad("partial width must be 1 to 255"));
    }
    let mut n: u64 = 0;
    for part in rest.split('/') {
        let digits = part.strip_prefix('x').unwrap_or(part);
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("index elements must be 3 digits"));
        }
        let d: u64 = digits.parse().map_err(|_| bad("index is not a number"))?;
        n = n.checked_mul(1000).and_then(|n| n.checked_add(d)).ok_or_else(|| bad("index too large"))?;
    }
    let width = width.unwrap_or(TILE_WIDTH);
    let parsed = if level == "entries" {
        TilePath::Entries(EntryBundle { n, width })
    } else {
        let level: u8 = level.parse().map_err(|_| bad("level is not a number"))?;
        if level > 63 {
            return Err(bad("level must be 0 to 63"));
        }
        TilePath::Hashes(Tile::new(level, n, width))
    };
    let canonical = match parsed {
        TilePath::Hashes(t) => t.path(),
        TilePath::Entries(b) => b.path(),
    };
    if canonical != path {
        return Err(bad("not in canonical form"));
    }
    Ok(parsed)
}

/// The tile of height `h` and least width that stores hash `index`, with the byte range of
/// the tile data whose tile-internal subtree hashes to it.
fn tile_for_index_range(h: u8, index: u64) -> (Tile, usize, usize) {
    let (level, n) = split_stored_hash_index(index);
    let tile_level = level / u32::from(h);
    let within = level - tile_level * u32::from(h); // level inside the tile
    let tile_n = (n << within) >> h;
    let n_in_tile = n - ((tile_n << h) >> within); // n among the tile's level-`within` nodes
    let width = ((n_in_tile + 1) << within) as u32;
    let tile = Tile { height: h, level: tile_level as u8, n: tile_n, width };
    let start = (n_in_tile << within) as usize * HASH_SIZE;
    (tile, start, width as usize * HASH_SIZE)
}

/// The tile of height `h` and least width that stores hash `index`.
pub fn tile_for_index(h: u8, index: u64) -> Tile {
    tile_for_index_range(h, index).0
}

/// The hash of the 2^k hashes in `data`: a tile's internal levels are not stored, because
/// hashing its leaves rebuilds them.
pub fn tile_hash(data: &[u8]) -> Hash {
    debug_assert!(data.len() >= HASH_SIZE && (data.len() / HASH_SIZE).is_power_of_two());
    if data.len() == HASH_SIZE {
        return Hash::from_slice(data).expect("one hash");
    }
    let (l, r) = data.split_at(data.len() / 2);
    node_hash(&tile_hash(l), &tile_hash(r))
}

/// The stored hash `index` from tile `t`'s `data`, when `t` (or a wider version of it) is
/// the tile that stores it.
pub fn hash_from_tile(t: &Tile, data: &[u8], index: u64) -> Result<Hash> {
    let bad = |detail: String| TlogError::Tile { what: t.path(), detail };
    if t.height == 0 || t.height > 30 || t.level > 63 || t.width == 0 || t.width > 1 << t.height {
        return Err(bad("invalid tile coordinates".into()));
    }
    if data.len() < t.width as usize * HASH_SIZE {
        return Err(bad(format!("data is {} bytes, need {}", data.len(), t.width as usize * HASH_SIZE)));
    }
    let (t1, start, end) = tile_for_index_range(t.height, index);
    if t.level != t1.level || t.n != t1.n || t.width < t1.width {
        return Err(bad(format!("hash {index} is in tile {}", t1.path())));
    }
    Ok(tile_hash(&data[start..end]))
}

/// The tiles of height `h` to publish when the tree grows from `old_size` to `new_size`:
/// every tile that is new or wider. Empty tiles are never published.
pub fn new_tiles(h: u8, old_size: u64, new_size: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    let mut level = 0u32;
    while level * u32::from(h) < 64 && new_size >> (u32::from(h) * level) > 0 {
        let shift = u32::from(h) * level;
        let (old_n, new_n) = (old_size >> shift, new_size >> shift);
        for n in (old_n >> h)..(new_n >> h) {
            tiles.push(Tile { height: h, level: level as u8, n, width: 1 << h });
        }
        let n = new_n >> h;
        let max_w = (new_n - (n << h)) as u32;
        let min_w = if old_n > n << h { (old_n - (n << h)) as u32 } else { 1 };
        for width in min_w..=max_w {
            tiles.push(Tile { height: h, level: level as u8, n, width });
        }
        level += 1;
    }
    tiles
}

/// The tiles of height 8 that describe a tree of `size` (what a C2SP log serves for it):
/// all full tiles and the partial tile of each level, if any.
pub fn tiles_for_size(size: u64) -> Vec<Tile> {
    let mut tiles = new_tiles(TILE_HEIGHT, 0, size);
    // new_tiles lists every intermediate width of a partial tile; keep only the widest.
    tiles.retain(|t| t.is_full() || partial_width(t.level, size) == t.width);
    tiles
}

/// The width of the partial tile at `level` for a tree of `size`: floor(size / 256^level)
/// mod 256 (C2SP tlog-tiles, "Partial Tiles"); 0 when that level has no partial tile.
pub fn partial_width(level: u8, size: u64) -> u32 {
    let shift = u32::from(TILE_HEIGHT) * u32::from(level);
    if shift >= 64 {
        return 0;
    }
    ((size >> shift) % u64::from(TILE_WIDTH)) as u32
}

/// Reads tile `t`'s data, its `width` hashes concatenated, from stored hashes.
pub fn read_tile_data(t: &Tile, r: &(impl HashReader + ?Sized)) -> Result<Vec<u8>> {
    let start = t.n << t.height;
    let level = u32::from(t.height) * u32::from(t.level);
    let indexes: Vec<u64> = (0..u64::from(t.width)).map(|i| stored_hash_index(level, start + i)).collect();
    let hashes = read_exact(r, &indexes)?;
    Ok(hashes.iter().flat_map(|h| h.0).collect())
}

/// Encodes entries as a C2SP entry bundle: each entry as a big-endian uint16 length and its
/// bytes. Fails on an entry longer than 65,535 bytes.
pub fn encode_bundle<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for e in entries {
        let len = u16::try_from(e.len()).map_err(|_| TlogError::Tile {
            what: "entry bundle".into(),
            detail: format!("entry of {} bytes exceeds 65,535", e.len()),
        })?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Splits an entry bundle into its entries.
pub fn decode_bundle(mut data: &[u8]) -> Result<Vec<&[u8]>> {
    let mut entries = Vec::new();
    while !data.is_empty() {
        let bad = || TlogError::Tile { what: "entry bundle".into(), detail: "truncated entry".into() };
        let (len, rest) = data.split_first_chunk::<2>().ok_or_else(bad)?;
        let len = usize::from(u16::from_be_bytes(*len));
        if rest.len() < len {
            return Err(bad());
        }
        let (entry, rest) = rest.split_at(len);
        entries.push(entry);
        data = rest;
    }
    Ok(entries)
}
