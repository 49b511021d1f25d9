//! Inclusion and consistency proofs: generated from stored hashes as Go's sumdb/tlog does
//! (ProveRecord, ProveTree), checked with the iterative verification algorithms of RFC 9162
//! §2.1.3.2 and §2.1.4.2. The proofs are RFC 9162's PATH and PROOF, byte for byte.

use crate::hash::{node_hash, Hash};
use crate::stored::{read_exact, split_point, subtree_hash, subtree_indexes, HashReader};
use crate::{Result, TlogError};

/// The audit path of a leaf, RFC 9162 §2.1.3.1 PATH(m, D[n]), ordered from the leaf up.
pub type InclusionProof = Vec<Hash>;
/// A consistency proof, RFC 9162 §2.1.4.1 PROOF(m, D[n]), ordered from the bottom up.
pub type ConsistencyProof = Vec<Hash>;

/// The proof that the tree of `size` records contains record `index`, read from `r` in one
/// call of at most 2·log2(size) hashes.
pub fn prove_inclusion(size: u64, index: u64, r: &(impl HashReader + ?Sized)) -> Result<InclusionProof> {
    if index >= size {
        return Err(TlogError::InvalidRequest(format!("record {index} is not in a tree of size {size}")));
    }
    let indexes = inclusion_indexes(0, size, index, Vec::new());
    let hashes = read_exact(r, &indexes)?;
    let (proof, rest) = inclusion_path(0, size, index, &hashes);
    debug_assert!(rest.is_empty());
    Ok(proof)
}

/// The stored indexes `inclusion_path` needs for leaf `n` in `[lo, hi)`.
fn inclusion_indexes(lo: u64, hi: u64, n: u64, need: Vec<u64>) -> Vec<u64> {
    if lo + 1 == hi {
        return need;
    }
    let (k, _) = split_point(hi - lo);
    if n < lo + k {
        subtree_indexes(lo + k, hi, inclusion_indexes(lo, lo + k, n, need))
    } else {
        inclusion_indexes(lo + k, hi, n, subtree_indexes(lo, lo + k, need))
    }
}

/// PATH(n, D[lo:hi]) of RFC 9162 §2.1.3.1: recurse towards the leaf, appending the hash of
/// the side not taken, so the path lists siblings from the leaf upwards.
fn inclusion_path(lo: u64, hi: u64, n: u64, hashes: &[Hash]) -> (Vec<Hash>, &[Hash]) {
    if lo + 1 == hi {
        return (Vec::new(), hashes);
    }
    let (k, _) = split_point(hi - lo);
    let (mut path, sibling, rest) = if n < lo + k {
        let (path, rest) = inclusion_path(lo, lo + k, n, hashes);
        let (sibling, rest) = subtree_hash(lo + k, hi, rest);
        (path, sibling, rest)
    } else {
        let (sibling, rest) = subtree_hash(lo, lo + k, hashes);
        let (path, rest) = inclusion_path(lo + k, hi, n, rest);
        (path, sibling, rest)
    };
    path.push(sibling);
    (path, rest)
}

/// The proof that the tree of `size` records extends the tree of `old_size` records.
/// Empty when `old_size` is 0 or equals `size`.
pub fn prove_consistency(size: u64, old_size: u64, r: &(impl HashReader + ?Sized)) -> Result<ConsistencyProof> {
    if old_size > size {
        return Err(TlogError::InvalidRequest(format!("tree of size {size} cannot extend one of size {old_size}")));
    }
    if old_size == 0 || old_size == size {
        return Ok(Vec::new());
    }
    let indexes = consistency_indexes(0, size, old_size, Vec::new());
    let hashes = read_exact(r, &indexes)?;
    let (proof, rest) = consistency_path(0, size, old_size, &hashes);
    debug_assert!(rest.is_empty());
    Ok(proof)
}

/// The stored indexes `consistency_path` needs for the old size `m` within `[lo, hi)`.
fn consistency_indexes(lo: u64, hi: u64, m: u64, need: Vec<u64>) -> Vec<u64> {
    if m == hi {
        return if lo == 0 { need } else { subtree_indexes(lo, hi, need) };
    }
    let (k, _) = split_point(hi - lo);
    if m <= lo + k {
        subtree_indexes(lo + k, hi, consistency_indexes(lo, lo + k, m, need))
    } else {
        consistency_indexes(lo + k, hi, m, subtree_indexes(lo, lo + k, need))
    }
}

/// SUBPROOF(m, D[lo:hi], b) of RFC 9162 §2.1.4.1, with b = (lo == 0): when the old tree is a
/// complete subtree of the new one the verifier already knows its hash, so it is left out.
fn consistency_path(lo: u64, hi: u64, m: u64, hashes: &[Hash]) -> (Vec<Hash>, &[Hash]) {
    if m == hi {
        if lo == 0 {
            return (Vec::new(), hashes);
        }
        let (h, rest) = subtree_hash(lo, hi, hashes);
        return (vec![h], rest);
    }
    let (k, _) = split_point(hi - lo);
    let (mut path, other, rest) = if m <= lo + k {
        let (path, rest) = consistency_path(lo, lo + k, m, hashes);
        let (right, rest) = subtree_hash(lo + k, hi, rest);
        (path, right, rest)
    } else {
        let (left, rest) = subtree_hash(lo, lo + k, hashes);
        let (path, rest) = consistency_path(lo + k, hi, m, rest);
        (path, left, rest)
    };
    path.push(other);
    (path, rest)
}

/// Checks that `proof` shows record `index` with leaf hash `leaf` is in the tree of `size`
/// records whose root is `root`. RFC 9162 §2.1.3.2, step by step.
pub fn check_inclusion(proof: &[Hash], size: u64, root: &Hash, index: u64, leaf: &Hash) -> Result<()> {
    // 1. An index past the tree can have no proof.
    if index >= size {
        return Err(TlogError::InvalidRequest(format!("record {index} is not in a tree of size {size}")));
    }
    // 2-3. fn walks the leaf's position up, sn the last leaf's, r the running hash.
    let (mut fnode, mut snode, mut r) = (index, size - 1, *leaf);
    for p in proof {
        // 4a. A path longer than the tree is high fails.
        if snode == 0 {
            return Err(TlogError::ProofFailed);
        }
        // 4b. A right child (or the last node of its level) takes the sibling on its left.
        if fnode & 1 == 1 || fnode == snode {
            r = node_hash(p, &r);
            // Levels where the node had no right sibling are skipped without a proof hash.
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        // 4c.
        fnode >>= 1;
        snode >>= 1;
    }
    // 5. The whole path was used and it led to the root.
    if snode == 0 && r == *root {
        Ok(())
    } else {
        Err(TlogError::ProofFailed)
    }
}

/// Checks that `proof` shows the tree of `size` records with root `root` extends the tree
/// of `old_size` records with root `old_root`. RFC 9162 §2.1.4.2, step by step, plus the
/// trivial cases it leaves to the caller: any tree extends the empty tree, and a tree
/// extends itself only with the same root and an empty proof.
pub fn check_consistency(proof: &[Hash], size: u64, root: &Hash, old_size: u64, old_root: &Hash) -> Result<()> {
    if old_size > size {
        return Err(TlogError::InvalidRequest(format!("tree of size {size} cannot extend one of size {old_size}")));
    }
    if old_size == 0 || old_size == size {
        // Equal sizes need equal roots (even for two empty trees); otherwise anything
        // extends the empty tree.
        let trivially_ok = proof.is_empty() && (old_size != size || root == old_root);
        return if trivially_ok { Ok(()) } else { Err(TlogError::ProofFailed) };
    }
    // 1. A non-trivial proof is never empty.
    let Some((first, rest)) = proof.split_first() else { return Err(TlogError::ProofFailed) };
    // 2. When the old tree is a complete subtree its root starts the path.
    let old_is_complete = old_size.is_power_of_two();
    let (start, path) = if old_is_complete { (old_root, proof) } else { (first, rest) };
    // 3-4. Skip the levels where the old tree's last node is a right child.
    let (mut fnode, mut snode) = (old_size - 1, size - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    // 5.
    let (mut fr, mut sr) = (*start, *start);
    // 6.
    for c in path {
        if snode == 0 {
            return Err(TlogError::ProofFailed);
        }
        if fnode & 1 == 1 || fnode == snode {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    // 7.
    if fr == *old_root && sr == *root && snode == 0 {
        Ok(())
    } else {
        Err(TlogError::ProofFailed)
    }
}
