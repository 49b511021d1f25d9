//! Stored hashes: every complete subtree's hash in one dense, append-only sequence, indexed as
//! in Go's golang.org/x/mod/sumdb/tlog (after Crosby and Wallach, "Efficient Data Structures
//! for Tamper-Evident Logging", §3.3). Appending record n adds its leaf hash and the hash of
//! every subtree it completes, so storage is a flat file that only grows.

use crate::hash::{node_hash, Hash};
use crate::{Result, TlogError};

/// Reads stored hashes by their index (see [`stored_hash_index`]). Implementations return
/// exactly one hash per index, or an error; they may be faster when indexes are sorted.
pub trait HashReader {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>>;
}

impl HashReader for [Hash] {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>> {
        indexes
            .iter()
            .map(|&i| {
                let slot = usize::try_from(i).ok().and_then(|i| self.get(i));
                slot.copied().ok_or_else(|| TlogError::HashRead(format!("no stored hash {i}")))
            })
            .collect()
    }
}

impl HashReader for Vec<Hash> {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>> {
        self.as_slice().read_hashes(indexes)
    }
}

impl<R: HashReader + ?Sized> HashReader for &R {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>> {
        (**self).read_hashes(indexes)
    }
}

/// Reads `indexes` and checks the reader kept its contract, so the maths below can index the
/// result without panicking on a faulty storage backend.
pub(crate) fn read_exact(r: &(impl HashReader + ?Sized), indexes: &[u64]) -> Result<Vec<Hash>> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = r.read_hashes(indexes)?;
    if hashes.len() != indexes.len() {
        return Err(TlogError::HashRead(format!("asked for {} hashes, got {}", indexes.len(), hashes.len())));
    }
    Ok(hashes)
}

/// The position in storage of the hash of the subtree at `level` (0 = leaves) whose leaves
/// are `[n << level, (n + 1) << level)`.
///
/// Level L's n-th hash is written right after level L-1's (2n+1)-th hash, so it sits at the
/// position of leaf m = ((n + 1) << L) - 1 plus L. Leaf m is preceded by m leaf hashes and
/// m/2 + m/4 + … completed subtrees, a sum that equals 2m - popcount(m).
pub fn stored_hash_index(level: u32, n: u64) -> u64 {
    let m = ((n + 1) << level) - 1;
    2 * m - u64::from(m.count_ones()) + u64::from(level)
}

/// The inverse of [`stored_hash_index`]: the (level, n) of the hash stored at `index`.
pub fn split_stored_hash_index(index: u64) -> (u32, u64) {
    // stored_hash_index(0, n) <= 2n, so the leaf written just before `index` is in
    // [index/2, index/2 + log2(index)]; walk forward to it.
    let mut n = index / 2;
    let mut index_n = stored_hash_index(0, n);
    debug_assert!(index_n <= index);
    loop {
        // Leaf n+1 comes after leaf n and the 1 + trailing_ones(n) hashes record n added.
        let next = index_n + 1 + u64::from((n + 1).trailing_zeros());
        if next > index {
            break;
        }
        n += 1;
        index_n = next;
    }
    let level = (index - index_n) as u32;
    (level, n >> level)
}

/// How many hashes are stored for a tree of `n` records.
pub fn stored_hash_count(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    // Up to and including the last leaf, plus the subtrees that leaf completes.
    stored_hash_index(0, n - 1) + 1 + u64::from((n - 1).trailing_ones())
}

/// The hashes to store when appending record `n` whose leaf hash is `leaf`: the leaf hash,
/// then the hash of each subtree it completes, to be written from `stored_hash_index(0, n)`.
/// Reads at most log2(n) earlier hashes from `r`; averages under two hashes per record.
pub fn stored_hashes(n: u64, leaf: Hash, r: &(impl HashReader + ?Sized)) -> Result<Vec<Hash>> {
    // Each trailing 1 bit of n completes a subtree whose left sibling is already stored.
    let completed = (n + 1).trailing_zeros();
    let indexes: Vec<u64> = (0..completed).rev().map(|i| stored_hash_index(i, (n >> i) - 1)).collect();
    let siblings = read_exact(r, &indexes)?;
    let mut hashes = Vec::with_capacity(1 + completed as usize);
    let mut h = leaf;
    hashes.push(h);
    for left in siblings.iter().rev() {
        h = node_hash(left, &h);
        hashes.push(h);
    }
    Ok(hashes)
}

/// The root hash of the tree of `n` records, MTH(D[0:n]) of RFC 9162 §2.1.1, from at most
/// 1 + log2(n) stored hashes read in one call. The empty tree's root is SHA-256 of nothing.
pub fn tree_hash(n: u64, r: &(impl HashReader + ?Sized)) -> Result<Hash> {
    if n == 0 {
        return Ok(crate::hash::empty_tree_hash());
    }
    let indexes = subtree_indexes(0, n, Vec::new());
    let hashes = read_exact(r, &indexes)?;
    let (h, rest) = subtree_hash(0, n, &hashes);
    debug_assert!(rest.is_empty());
    Ok(h)
}

/// The largest power of two smaller than `n` (n >= 2): RFC 9162's split point k, with its log.
pub(crate) fn split_point(n: u64) -> (u64, u32) {
    debug_assert!(n >= 2);
    let level = 63 - (n - 1).leading_zeros();
    (1 << level, level)
}

/// Appends to `need` the stored indexes of the complete subtrees that make up `[lo, hi)`,
/// left to right: the largest aligned power of two first, then the rest of the fringe.
pub(crate) fn subtree_indexes(mut lo: u64, hi: u64, mut need: Vec<u64>) -> Vec<u64> {
    while lo < hi {
        let (k, level) = largest_subtree(lo, hi);
        need.push(stored_hash_index(level, lo >> level));
        lo += k;
    }
    need
}

/// The hash of `[lo, hi)` from the hashes [`subtree_indexes`] asked for, and the rest of
/// `hashes`.
pub(crate) fn subtree_hash(mut lo: u64, hi: u64, hashes: &[Hash]) -> (Hash, &[Hash]) {
    let mut count = 0;
    while lo < hi {
        lo += largest_subtree(lo, hi).0;
        count += 1;
    }
    let (mine, rest) = hashes.split_at(count);
    // The fringe is combined right to left: MTH of [lo, hi) = node(first, MTH(rest)).
    let mut h = mine[count - 1];
    for left in mine[..count - 1].iter().rev() {
        h = node_hash(left, &h);
    }
    (h, rest)
}

/// The largest complete subtree starting at `lo` within `[lo, hi)`: its size and level.
fn largest_subtree(lo: u64, hi: u64) -> (u64, u32) {
    // The largest power of two <= hi - lo; `lo` is always a multiple of it here because the
    // callers walk RFC 9162's left-balanced decomposition.
    let level = 63 - (hi - lo).leading_zeros();
    debug_assert_eq!(lo & ((1 << level) - 1), 0);
    (1 << level, level)
}
