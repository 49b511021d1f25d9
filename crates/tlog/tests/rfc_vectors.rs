//! RFC 6962 / RFC 9162 Merkle tree test vectors.
//!
//! Source: the eight-leaf reference tree of Certificate Transparency's merkle_tree_test.cc,
//! as published in github.com/transparency-dev/merkle: leaves, node hashes and roots from
//! `testonly/constants.go`; inclusion and consistency proofs, and the corruption probes, from
//! `proof/verify_test.go`. Their inclusion vectors number leaves from 1; below they are
//! converted to 0-based indexes, which is what RFC 9162 and this crate use.

use silkport_tlog::{
    check_consistency, check_inclusion, empty_tree_hash, leaf_hash, prove_consistency, prove_inclusion,
    stored_hash_index, stored_hashes, tree_hash, Hash,
};

/// testonly/constants.go LeafInputs().
const LEAVES: [&str; 8] =
    ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];

/// testonly/constants.go RootHashes(), by tree size 0..=8.
const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// testonly/constants.go NodeHashes(): [level][index] of every complete subtree.
const NODES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

/// proof/verify_test.go inclusionProofs: (0-based leaf index, tree size, audit path).
const INCLUSION: &[(u64, u64, &[&str])] = &[
    (0, 1, &[]),
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// proof/verify_test.go consistencyProofs: (old size, new size, proof).
const CONSISTENCY: &[(u64, u64, &[&str])] = &[
    (1, 1, &[]),
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

/// proof/verify_test.go sha256SomeHash.
const SOME_HASH: &str = "abacaba000000000000000000000000000000000000000000060061e00123456";

fn h(s: &str) -> Hash {
    Hash::from_hex(s).expect("64 hex digits")
}

fn hashes(list: &[&str]) -> Vec<Hash> {
    list.iter().map(|s| h(s)).collect()
}

fn leaf(i: usize) -> Vec<u8> {
    (0..LEAVES[i].len() / 2).map(|j| u8::from_str_radix(&LEAVES[i][2 * j..2 * j + 2], 16).unwrap()).collect()
}

/// The stored hashes of the reference tree, appended the way a log appends.
fn storage() -> Vec<Hash> {
    let mut stored = Vec::new();
    for i in 0..LEAVES.len() {
        let new = stored_hashes(i as u64, leaf_hash(&leaf(i)), &stored).unwrap();
        stored.extend(new);
    }
    stored
}

#[test]
fn empty_tree_is_sha256_of_nothing() {
    assert_eq!(empty_tree_hash(), h(ROOTS[0]));
    assert_eq!(tree_hash(0, &Vec::new()).unwrap(), h(ROOTS[0]));
}

#[test]
fn roots_for_every_size() {
    let stored = storage();
    for (size, root) in ROOTS.iter().enumerate() {
        assert_eq!(tree_hash(size as u64, &stored).unwrap(), h(root), "size {size}");
    }
}

#[test]
fn every_complete_subtree_is_stored_where_the_index_says() {
    let stored = storage();
    for (level, nodes) in NODES.iter().enumerate() {
        for (n, node) in nodes.iter().enumerate() {
            assert_eq!(stored[stored_hash_index(level as u32, n as u64) as usize], h(node), "level {level} n {n}");
        }
    }
}

#[test]
fn inclusion_proofs_match_and_verify() {
    let stored = storage();
    for &(index, size, path) in INCLUSION {
        let want = hashes(path);
        assert_eq!(prove_inclusion(size, index, &stored).unwrap(), want, "index {index} size {size}");
        let root = h(ROOTS[size as usize]);
        let leaf = leaf_hash(&leaf(index as usize));
        check_inclusion(&want, size, &root, index, &leaf).unwrap();
        for (desc, probe) in inclusion_probes(index, size, &want, &root, &leaf) {
            let (i, s, p, r, l) = probe;
            assert!(check_inclusion(&p, s, &r, i, &l).is_err(), "{desc} verified for index {index} size {size}");
        }
    }
}

type InclusionProbe = (u64, u64, Vec<Hash>, Hash, Hash);
/// (what is wrong, old size, new size, old root, new root, proof).
type ConsistencyProbe = (&'static str, u64, u64, Hash, Hash, Vec<Hash>);
/// (old size, new size, old root, new root, proof, should verify).
type ConsistencyCase<'a> = (u64, u64, Hash, Hash, &'a [Hash], bool);

/// corruptInclusionProof of proof/verify_test.go (probes that need an invalid hash length,
/// like "WrongLeaf", become a wrong hash here: a Hash is always 32 bytes).
fn inclusion_probes(index: u64, size: u64, proof: &[Hash], root: &Hash, leaf: &Hash) -> Vec<(String, InclusionProbe)> {
    let p = proof.to_vec();
    let some = h(SOME_HASH);
    let mut probes = vec![
        ("leafIndex - 1", (index.wrapping_sub(1), size, p.clone(), *root, *leaf)),
        ("leafIndex + 1", (index + 1, size, p.clone(), *root, *leaf)),
        ("leafIndex ^ 2", (index ^ 2, size, p.clone(), *root, *leaf)),
        ("treeSize * 2", (index, size * 2, p.clone(), *root, *leaf)),
        ("treeSize / 2", (index, size / 2, p.clone(), *root, *leaf)),
        ("wrong leaf", (index, size, p.clone(), *root, leaf_hash(b"WrongLeaf"))),
        ("empty root", (index, size, p.clone(), empty_tree_hash(), *leaf)),
        ("random root", (index, size, p.clone(), some, *leaf)),
        ("trailing root", (index, size, [p.clone(), vec![*root]].concat(), *root, *leaf)),
        ("preceding root", (index, size, [vec![*root], p.clone()].concat(), *root, *leaf)),
    ];
    for i in 0..p.len() {
        let mut wrong = p.clone();
        wrong[i].0[0] ^= 8;
        probes.push(("modified proof bit 3", (index, size, wrong, *root, *leaf)));
    }
    if !p.is_empty() {
        probes.push(("removed component", (index, size, p[..p.len() - 1].to_vec(), *root, *leaf)));
    }
    if p.len() > 1 {
        probes.push(("inserted component", (index, size, [vec![p[0], some], p[1..].to_vec()].concat(), *root, *leaf)));
    }
    probes.into_iter().map(|(d, p)| (d.to_string(), p)).collect()
}

#[test]
fn consistency_proofs_match_and_verify() {
    let stored = storage();
    for &(old, new, path) in CONSISTENCY {
        let want = hashes(path);
        assert_eq!(prove_consistency(new, old, &stored).unwrap(), want, "{old} -> {new}");
        let (r1, r2) = (h(ROOTS[old as usize]), h(ROOTS[new as usize]));
        check_consistency(&want, new, &r2, old, &r1).unwrap();
        if want.is_empty() {
            continue;
        }
        // corruptConsistencyProof of proof/verify_test.go.
        let mut probes: Vec<ConsistencyProbe> = vec![
            ("size1 - 1", old - 1, new, r1, r2, want.clone()),
            ("size1 + 1", old + 1, new, r1, r2, want.clone()),
            ("size1 ^ 2", old ^ 2, new, r1, r2, want.clone()),
            ("size2 * 2", old, new * 2, r1, r2, want.clone()),
            ("size2 / 2", old, new / 2, r1, r2, want.clone()),
            ("wrong root1", old, new, leaf_hash(b"WrongRoot"), r2, want.clone()),
            ("wrong root2", old, new, r1, leaf_hash(b"WrongRoot"), want.clone()),
            ("swapped roots", old, new, r2, r1, want.clone()),
            ("empty proof", old, new, r1, r2, vec![]),
            ("trailing root1", old, new, r1, r2, [want.clone(), vec![r1]].concat()),
            ("trailing root2", old, new, r1, r2, [want.clone(), vec![r2]].concat()),
            ("preceding root1", old, new, r1, r2, [vec![r1], want.clone()].concat()),
            ("preceding root2", old, new, r1, r2, [vec![r2], want.clone()].concat()),
            ("preceding proof[0]", old, new, r1, r2, [vec![want[0]], want.clone()].concat()),
            ("truncated proof", old, new, r1, r2, want[..want.len() - 1].to_vec()),
        ];
        for i in 0..want.len() {
            let mut wrong = want.clone();
            wrong[i].0[0] ^= 16;
            probes.push(("modified proof bit 4", old, new, r1, r2, wrong));
        }
        for (desc, s1, s2, a, b, p) in probes {
            assert!(check_consistency(&p, s2, &b, s1, &a).is_err(), "{desc} verified for {old} -> {new}");
        }
    }
}

/// TestVerifyConsistency's edge cases of proof/verify_test.go.
#[test]
fn consistency_edge_cases() {
    let (r1, r2, empty) = (leaf_hash(b"don't care 1"), leaf_hash(b"don't care 2"), empty_tree_hash());
    let cases: &[ConsistencyCase] = &[
        (0, 0, r1, r2, &[], false),
        (1, 1, r1, r2, &[], false),
        (0, 0, r1, r1, &[], true),
        (0, 1, r1, r2, &[], true),
        (1, 1, r2, r2, &[], true),
        (1, 0, r1, r2, &[], false),
        (2, 1, r1, r2, &[], false),
        (1, 2, r1, r2, &[], false),
        (0, 0, empty, r2, &[], false),
        (1, 1, empty, r2, &[], false),
        (0, 0, empty, empty, &[empty], false),
        (0, 1, empty, empty, &[empty], false),
        (1, 1, empty, empty, &[empty], false),
    ];
    for &(s1, s2, a, b, proof, ok) in cases {
        assert_eq!(check_consistency(proof, s2, &b, s1, &a).is_ok(), ok, "{s1} -> {s2}");
    }
}

/// TestVerifyInclusion's invalid probes and TestVerifyInclusionSingleEntry.
#[test]
fn inclusion_edge_cases() {
    let some = h(SOME_HASH);
    for (index, size) in [(0, 0), (1, 0), (2, 1)] {
        assert!(check_inclusion(&[], size, &empty_tree_hash(), index, &some).is_err());
    }
    let one = leaf_hash(b"data");
    check_inclusion(&[], 1, &one, 0, &one).unwrap();
    assert!(check_inclusion(&[], 1, &one, 0, &some).is_err());
    assert!(check_inclusion(&[], 1, &some, 0, &one).is_err());
}
