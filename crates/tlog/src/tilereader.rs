//! Reading stored hashes back from tiles, authenticated against a trusted tree head: the
//! client side of C2SP tlog-tiles, after Go's sumdb/tlog TileHashReader. Every hash it returns
//! has been proven to be in the tree, so proofs built from it need no further check.

use std::collections::HashMap;

use crate::hash::{node_hash, Hash, HASH_SIZE};
use crate::stored::{stored_hash_index, subtree_indexes, HashReader};
use crate::tile::{hash_from_tile, tile_for_index, tile_hash, Tile};
use crate::{Result, TlogError};

/// Where tiles come from: a tile server, a local copy, a cache.
pub trait TileReader {
    /// The height of the tiles (8 for C2SP logs).
    fn height(&self) -> u8;
    /// The data of each tile, `tile.width * 32` bytes each, in order.
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>>;
    /// Called with tiles once they are authenticated, so they may be cached durably.
    fn save_tiles(&self, _tiles: &[Tile], _data: &[Vec<u8>]) {}
}

/// A [`HashReader`] over tiles of the tree of `size` records with root `root`.
pub struct TileHashReader<'a, R: TileReader + ?Sized> {
    size: u64,
    root: Hash,
    tiles: &'a R,
}

impl<'a, R: TileReader + ?Sized> TileHashReader<'a, R> {
    pub fn new(size: u64, root: Hash, tiles: &'a R) -> Self {
        TileHashReader { size, root, tiles }
    }

    /// Tile `t`'s `k`-th ancestor among the tiles of this tree, trimmed to the width the tree
    /// has at that level; None when the tree has nothing there.
    fn parent(&self, t: Tile, k: u8) -> Option<Tile> {
        let mut p = Tile { level: t.level + k, n: t.n >> (u32::from(k) * u32::from(t.height)), width: 0, ..t };
        let max = self.size >> (u32::from(p.level) * u32::from(p.height));
        let start = p.n << p.height;
        if start >= max {
            return None;
        }
        p.width = (max - start).min(1 << p.height) as u32;
        Some(p)
    }
}

/// The plan of one read: which tiles to fetch, parents before children.
#[derive(Default)]
struct Plan {
    tiles: Vec<Tile>,
    order: HashMap<Tile, usize>,
}

impl Plan {
    fn add(&mut self, t: Tile) -> usize {
        *self.order.entry(t).or_insert_with(|| {
            self.tiles.push(t);
            self.tiles.len() - 1
        })
    }
}

impl<R: TileReader + ?Sized> HashReader for TileHashReader<'_, R> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>> {
        if indexes.is_empty() {
            return Ok(Vec::new());
        }
        let h = self.tiles.height();
        let mut plan = Plan::default();
        // First the tiles holding the root's subtree hashes: if they hash to the trusted
        // root, they are authentic.
        let root_indexes = subtree_indexes(0, self.size, Vec::new());
        let root_tiles: Vec<usize> = root_indexes
            .iter()
            .map(|&x| self.parent(tile_for_index(h, x), 0).map(|t| plan.add(t)))
            .collect::<Option<_>>()
            .ok_or_else(|| TlogError::HashRead("tree has no tiles".into()))?;
        // Several root subtrees can share one tile, so count the distinct tiles: every tile
        // after them must be checked against its parent. (Go's x/mod v0.7.0 starts that check
        // at the number of root subtrees instead, and so can skip a tile: a tampered tile then
        // passes. tests/tiles.rs tampers every tile to keep this one honest.)
        let root_count = plan.tiles.len();
        // Then each wanted hash's tile, below the nearest ancestor already planned, so that
        // every tile is authenticated by its parent.
        let mut wanted = Vec::with_capacity(indexes.len());
        for &x in indexes {
            if x >= stored_hash_index(0, self.size) {
                return Err(TlogError::HashRead(format!("hash {x} is not in the tree of size {}", self.size)));
            }
            let t = tile_for_index(h, x);
            let mut k = 0;
            while !self.parent(t, k).is_some_and(|p| plan.order.contains_key(&p)) {
                k += 1;
                if u32::from(t.level) + u32::from(k) > 63 {
                    return Err(TlogError::HashRead(format!("no authenticated ancestor for hash {x}")));
                }
            }
            for j in (0..=k).rev() {
                let p = self.parent(t, j).expect("ancestors of an in-tree tile exist");
                plan.add(p);
            }
            wanted.push(plan.order[&self.parent(t, 0).expect("in tree")]);
        }

        let data = self.tiles.read_tiles(&plan.tiles)?;
        check_lengths(&plan.tiles, &data)?;
        self.authenticate(&plan, &data, &root_indexes, &root_tiles, root_count)?;
        self.tiles.save_tiles(&plan.tiles, &data);
        indexes.iter().zip(wanted).map(|(&x, j)| hash_from_tile(&plan.tiles[j], &data[j], x)).collect()
    }
}

impl<R: TileReader + ?Sized> TileHashReader<'_, R> {
    /// Checks the root tiles against the trusted root, then every other tile (parents come
    /// before children in the plan) against the hash its parent tile holds for it.
    fn authenticate(
        &self,
        plan: &Plan,
        data: &[Vec<u8>],
        root_indexes: &[u64],
        root_tiles: &[usize],
        root_count: usize,
    ) -> Result<()> {
        let mut subtrees =
            root_indexes.iter().zip(root_tiles).rev().map(|(&x, &j)| hash_from_tile(&plan.tiles[j], &data[j], x));
        let mut root = subtrees.next().expect("a non-empty tree has a root subtree")?;
        for left in subtrees {
            root = node_hash(&left?, &root);
        }
        if root != self.root {
            return Err(TlogError::ProofFailed);
        }
        for (i, t) in plan.tiles.iter().enumerate().skip(root_count) {
            // Only full tiles have parents; a partial tile here would be a planning error.
            let p = self.parent(*t, 1).filter(|_| t.is_full()).ok_or(TlogError::ProofFailed)?;
            let j = *plan.order.get(&p).ok_or(TlogError::ProofFailed)?;
            let level = u32::from(p.level) * u32::from(p.height);
            if hash_from_tile(&p, &data[j], stored_hash_index(level, t.n))? != tile_hash(&data[i]) {
                return Err(TlogError::ProofFailed);
            }
        }
        Ok(())
    }
}

fn check_lengths(tiles: &[Tile], data: &[Vec<u8>]) -> Result<()> {
    if data.len() != tiles.len() {
        return Err(TlogError::HashRead(format!("asked for {} tiles, got {}", tiles.len(), data.len())));
    }
    for (t, d) in tiles.iter().zip(data) {
        if d.len() != t.width as usize * HASH_SIZE {
            return Err(TlogError::Tile {
                what: t.path(),
                detail: format!("{} bytes, want {}", d.len(), t.width as usize * HASH_SIZE),
            });
        }
    }
    Ok(())
}
