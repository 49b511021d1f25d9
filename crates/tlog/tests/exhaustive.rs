//! Property tests over every tree size from 1 to 1,000 (a fixed, exhaustive loop rather than
//! random inputs, so every shape of tree is covered every run).
//!
//! - Roots: every size, against MTH computed straight from RFC 9162 §2.1.1.
//! - Inclusion: every (index, size) pair verifies: 500,500 proofs.
//! - Consistency: every (old, new) pair verifies: 500,500 proofs.
//! - Tampering: flipping one bit in any proof hash, swapping two different hashes, dropping
//!   or adding a hash, or claiming another index, size or root fails. Every proof is spoiled
//!   for sizes <= 64; above that, six indexes or old sizes per tree size (both ends, the
//!   middle, three scattered), because spoiling all 10^6 proofs costs ~50 hashings each.
//!   For sizes <= 16 every one of the 256 bits of every hash is flipped.
//! - Proof bytes equal RFC 9162's recursive PATH and PROOF definitions for sizes <= 128.

use silkport_tlog::{
    check_consistency, check_inclusion, leaf_hash, node_hash, prove_consistency, prove_inclusion, stored_hash_count,
    stored_hashes, tree_hash, Hash,
};

const MAX: u64 = 1000;

struct Log {
    leaves: Vec<Hash>,
    stored: Vec<Hash>,
    roots: Vec<Hash>, // by size, 0..=MAX
}

fn build() -> Log {
    let leaves: Vec<Hash> = (0..MAX).map(|i| leaf_hash(format!("entry {i}").as_bytes())).collect();
    let mut stored = Vec::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let new = stored_hashes(i as u64, *leaf, &stored).unwrap();
        stored.extend(new);
        assert_eq!(stored.len() as u64, stored_hash_count(i as u64 + 1));
    }
    let roots = (0..=MAX).map(|n| tree_hash(n, &stored).unwrap()).collect();
    Log { leaves, stored, roots }
}

/// MTH(D[n]) of RFC 9162 §2.1.1, recursively from the leaf hashes.
fn mth(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => silkport_tlog::empty_tree_hash(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
        }
    }
}

/// The largest power of two smaller than n.
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// PATH(m, D[n]) of RFC 9162 §2.1.3.1.
fn path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n == 1 {
        return vec![];
    }
    let k = split(n);
    if m < k {
        [path(m, &leaves[..k]), vec![mth(&leaves[k..])]].concat()
    } else {
        [path(m - k, &leaves[k..]), vec![mth(&leaves[..k])]].concat()
    }
}

/// SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1.
fn subproof(m: usize, leaves: &[Hash], b: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if b { vec![] } else { vec![mth(leaves)] };
    }
    let k = split(n);
    if m <= k {
        [subproof(m, &leaves[..k], b), vec![mth(&leaves[k..])]].concat()
    } else {
        [subproof(m - k, &leaves[k..], false), vec![mth(&leaves[..k])]].concat()
    }
}

#[test]
fn roots_match_the_rfc_definition() {
    let log = build();
    for n in 0..=MAX as usize {
        assert_eq!(log.roots[n], mth(&log.leaves[..n]), "size {n}");
    }
}

#[test]
fn proofs_equal_the_rfc_definitions() {
    let log = build();
    for n in 1..=128usize {
        for m in 0..n {
            let got = prove_inclusion(n as u64, m as u64, &log.stored).unwrap();
            assert_eq!(got, path(m, &log.leaves[..n]), "PATH({m}, D[{n}])");
        }
        for m in 1..n {
            let got = prove_consistency(n as u64, m as u64, &log.stored).unwrap();
            assert_eq!(got, subproof(m, &log.leaves[..n], true), "PROOF({m}, D[{n}])");
        }
    }
}

#[test]
fn every_inclusion_proof_verifies() {
    let log = build();
    for n in 1..=MAX {
        let root = &log.roots[n as usize];
        for i in 0..n {
            let p = prove_inclusion(n, i, &log.stored).unwrap();
            check_inclusion(&p, n, root, i, &log.leaves[i as usize]).unwrap_or_else(|e| panic!("{i} in {n}: {e}"));
        }
    }
}

/// A fixed sample of indexes below n: both ends, the middle and three scattered ones.
fn sample(n: u64) -> Vec<u64> {
    let mut s = vec![0, n - 1, n / 2, (n * 7919 + 13) % n, (n * 104_729 + 7) % n, (n * 31 + 3) % n];
    s.sort_unstable();
    s.dedup();
    s
}

#[test]
fn every_consistency_proof_verifies() {
    let log = build();
    for n in 1..=MAX {
        for m in 1..=n {
            let p = prove_consistency(n, m, &log.stored).unwrap();
            check_consistency(&p, n, &log.roots[n as usize], m, &log.roots[m as usize])
                .unwrap_or_else(|e| panic!("{m} -> {n}: {e}"));
        }
    }
}

/// Every way of spoiling a proof that must be caught: each hash with one bit flipped (every
/// bit when `all_bits`), each pair of different hashes swapped, one hash dropped or added.
fn spoiled(p: &[Hash], all_bits: bool) -> Vec<Vec<Hash>> {
    let mut out = Vec::new();
    for i in 0..p.len() {
        let bits: Vec<usize> = if all_bits { (0..256).collect() } else { vec![(i * 37 + p.len()) % 256] };
        for bit in bits {
            let mut q = p.to_vec();
            q[i].0[bit / 8] ^= 1 << (bit % 8);
            out.push(q);
        }
        for j in i + 1..p.len() {
            if p[i] != p[j] {
                let mut q = p.to_vec();
                q.swap(i, j);
                out.push(q);
            }
        }
        out.push([&p[..i], &p[i + 1..]].concat());
    }
    out.push([p, &[p.first().copied().unwrap_or_default()]].concat());
    out
}

#[test]
fn tampered_inclusion_proofs_fail() {
    let log = build();
    for n in 1..=MAX {
        let root = &log.roots[n as usize];
        let indexes = if n <= 64 { (0..n).collect() } else { sample(n) };
        for i in indexes {
            let leaf = &log.leaves[i as usize];
            let p = prove_inclusion(n, i, &log.stored).unwrap();
            for q in spoiled(&p, n <= 16) {
                assert!(check_inclusion(&q, n, root, i, leaf).is_err(), "spoiled proof of {i} in {n} verified");
            }
            for (i2, n2) in [(i + 1, n), (i.wrapping_sub(1), n), (i, n + 1), (i, n - 1), (i, 2 * n)] {
                if (i2, n2) != (i, n) && i2 < n2 && n2 <= MAX {
                    let r2 = log.roots[n2 as usize];
                    let moved = i2 != i && log.leaves.get(i2 as usize) == Some(leaf);
                    assert!(
                        moved || check_inclusion(&p, n2, &r2, i2, leaf).is_err(),
                        "proof of {i} in {n} verified as {i2} in {n2}"
                    );
                }
            }
            assert!(check_inclusion(&p, n, root, i, &leaf_hash(b"other")).is_err());
        }
    }
}

#[test]
fn tampered_consistency_proofs_fail() {
    let log = build();
    for n in 2..=MAX {
        let olds: Vec<u64> =
            if n <= 64 { (1..n).collect() } else { sample(n).into_iter().filter(|&m| m >= 1).collect() };
        for m in olds {
            let (r1, r2) = (&log.roots[m as usize], &log.roots[n as usize]);
            let p = prove_consistency(n, m, &log.stored).unwrap();
            for q in spoiled(&p, n <= 16) {
                assert!(check_consistency(&q, n, r2, m, r1).is_err(), "spoiled proof {m} -> {n} verified");
            }
            assert!(check_consistency(&p, n, r1, m, r2).is_err(), "swapped roots {m} -> {n}");
            for (m2, n2) in [(m + 1, n), (m - 1, n), (m, n + 1), (m, n - 1)] {
                if m2 >= 1 && m2 < n2 && n2 <= MAX && (m2, n2) != (m, n) {
                    let bad = check_consistency(&p, n2, &log.roots[n2 as usize], m2, &log.roots[m2 as usize]);
                    assert!(bad.is_err(), "proof {m} -> {n} verified as {m2} -> {n2}");
                }
            }
        }
    }
}
