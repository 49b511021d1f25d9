//! Tiles: Go's sumdb/tlog TestTree (tlog_test.go) ported with height-2 tiles, so that 100
//! records span several tile levels; a test that tampers with every tile of every tree up to
//! 64 records (Go x/mod v0.7.0's TileHashReader misses some of these, see tilereader.rs);
//! and the examples of C2SP tlog-tiles.

use std::cell::Cell;
use std::collections::HashMap;

use silkport_tlog::{
    check_consistency, check_inclusion, decode_bundle, encode_bundle, hash_from_tile, leaf_hash, new_tiles,
    partial_width, prove_consistency, prove_inclusion, read_tile_data, stored_hash_count, stored_hash_index,
    stored_hashes, tile_for_index, tiles_for_size, tree_hash, Hash, HashReader, Result, Tile, TileHashReader,
    TileReader,
};

const H: u8 = 2;

struct Tiles {
    height: u8,
    map: HashMap<Tile, Vec<u8>>,
    unsaved: Cell<i64>,
}

impl TileReader for Tiles {
    fn height(&self) -> u8 {
        self.height
    }
    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>> {
        self.unsaved.set(self.unsaved.get() + tiles.len() as i64);
        Ok(tiles.iter().map(|t| self.map.get(t).cloned().unwrap_or_default()).collect())
    }
    fn save_tiles(&self, tiles: &[Tile], _data: &[Vec<u8>]) {
        self.unsaved.set(self.unsaved.get() - tiles.len() as i64);
    }
}

#[test]
fn go_test_tree() {
    let mut stored: Vec<Hash> = Vec::new();
    let mut leaves = Vec::new();
    let mut roots = Vec::new();
    let mut tiles: HashMap<Tile, Vec<u8>> = HashMap::new();
    for i in 0..100u64 {
        let leaf = leaf_hash(format!("leaf {i}").as_bytes());
        let old_len = stored.len();
        let new = stored_hashes(i, leaf, &stored).unwrap();
        stored.extend(new);
        leaves.push(leaf);
        assert_eq!(stored_hash_count(i + 1), stored.len() as u64);
        let root = tree_hash(i + 1, &stored).unwrap();
        roots.push(root);

        // Each new tile extends the one it replaces.
        for t in new_tiles(H, i, i + 1) {
            let data = read_tile_data(&t, &stored).unwrap();
            let old = Tile { width: t.width - 1, ..t };
            let old_data = tiles.get(&old).cloned().unwrap_or_default();
            assert_eq!(&data[..old_data.len()], &old_data[..], "{t:?} extends {old:?}");
            tiles.insert(t, data);
        }
        for t in new_tiles(H, 0, i + 1).into_iter().chain(new_tiles(H, i / 2, i + 1)) {
            assert_eq!(tiles[&t], read_tile_data(&t, &stored).unwrap(), "{t:?}");
        }
        // Every new hash can be read back from its tile.
        for (j, hash) in stored.iter().enumerate().skip(old_len) {
            let t = tile_for_index(H, j as u64);
            assert_eq!(hash_from_tile(&t, &tiles[&t], j as u64).unwrap(), *hash);
        }
        // Inclusion proofs from stored hashes, with every proof hash corrupted in turn.
        for j in 0..=i {
            let mut p = prove_inclusion(i + 1, j, &stored).unwrap();
            check_inclusion(&p, i + 1, &root, j, &leaves[j as usize]).unwrap();
            for k in 0..p.len() {
                p[k].0[0] ^= 1;
                assert!(check_inclusion(&p, i + 1, &root, j, &leaves[j as usize]).is_err());
                p[k].0[0] ^= 1;
            }
        }
        // The same through tiles: reading a leaf hash proves it; proofs work too.
        let reader = Tiles { height: H, map: tiles.clone(), unsaved: Cell::new(0) };
        let thr = TileHashReader::new(i + 1, root, &reader);
        for j in 0..=i {
            assert_eq!(thr.read_hashes(&[stored_hash_index(0, j)]).unwrap(), vec![leaves[j as usize]]);
            let p = prove_inclusion(i + 1, j, &thr).unwrap();
            check_inclusion(&p, i + 1, &root, j, &leaves[j as usize]).unwrap();
        }
        assert!(thr.read_hashes(&[(i + 1) * 2]).is_err(), "hash outside the tree");
        for j in 0..=i {
            assert_eq!(tree_hash(j + 1, &thr).unwrap(), roots[j as usize]);
            let p = prove_consistency(i + 1, j + 1, &thr).unwrap();
            check_consistency(&p, i + 1, &root, j + 1, &roots[j as usize]).unwrap();
        }
        assert_eq!(reader.unsaved.get(), 0, "every tile read was authenticated and saved");
    }
}

/// Every tile of every tree of up to 64 records, with one bit flipped: a leaf hash read
/// through it is either refused or genuine, never wrong.
#[test]
fn tampered_tiles_are_caught() {
    let mut stored: Vec<Hash> = Vec::new();
    for size in 1..=64u64 {
        let new = stored_hashes(size - 1, leaf_hash(format!("leaf {}", size - 1).as_bytes()), &stored).unwrap();
        stored.extend(new);
        let root = tree_hash(size, &stored).unwrap();
        let genuine: HashMap<Tile, Vec<u8>> =
            new_tiles(H, 0, size).into_iter().map(|t| (t, read_tile_data(&t, &stored).unwrap())).collect();
        for (victim, data) in &genuine {
            for byte in [0, data.len() - 1] {
                let mut map = genuine.clone();
                map.get_mut(victim).unwrap()[byte] ^= 0x40;
                let reader = Tiles { height: H, map, unsaved: Cell::new(0) };
                let thr = TileHashReader::new(size, root, &reader);
                for j in 0..size {
                    let x = stored_hash_index(0, j);
                    if let Ok(got) = thr.read_hashes(&[x]) {
                        assert_eq!(
                            got[0], stored[x as usize],
                            "size {size}: tampered {victim:?} gave a wrong hash {j}"
                        );
                    }
                }
            }
        }
    }
}

/// C2SP tlog-tiles, "Partial Tiles": a tree of 70,000 is 273 full level-0 tiles, one partial
/// of width 112, one full level-1 tile, one partial of width 17 and one partial level-2 tile
/// of width 1; a tree of 256 is one full level-0 tile and a level-1 tile of width 1.
#[test]
fn spec_tile_examples() {
    let tiles = tiles_for_size(70_000);
    let count = |level: u8, full: bool| tiles.iter().filter(|t| t.level == level && t.is_full() == full).count();
    assert_eq!(
        (count(0, true), count(0, false), count(1, true), count(1, false), count(2, true), count(2, false)),
        (273, 1, 1, 1, 0, 1)
    );
    assert!(
        tiles.contains(&Tile::new(0, 273, 112))
            && tiles.contains(&Tile::new(1, 1, 17))
            && tiles.contains(&Tile::new(2, 0, 1))
    );
    assert_eq!(tiles.len(), 277);
    assert_eq!(tiles_for_size(256), vec![Tile::new(0, 0, 256), Tile::new(1, 0, 1)]);
    assert_eq!((partial_width(0, 70_000), partial_width(1, 70_000), partial_width(2, 70_000)), (112, 17, 1));
    // "index 1234067 will be encoded as x001/x234/067"
    assert_eq!(Tile::new(0, 1_234_067, 256).path(), "tile/0/x001/x234/067");
    assert_eq!(Tile::new(3, 5, 7).path(), "tile/3/005.p/7");
}

#[test]
fn entry_bundles_round_trip() {
    let entries: Vec<Vec<u8>> = vec![b"".to_vec(), b"one".to_vec(), vec![7; 300]];
    let bundle = encode_bundle(entries.iter().map(Vec::as_slice)).unwrap();
    assert_eq!(&bundle[..7], &[0, 0, 0, 3, b'o', b'n', b'e']);
    assert_eq!(decode_bundle(&bundle).unwrap(), entries.iter().map(Vec::as_slice).collect::<Vec<_>>());
    assert!(decode_bundle(&bundle[..bundle.len() - 1]).is_err());
    assert!(decode_bundle(&[0]).is_err());
    assert!(encode_bundle([vec![0u8; 65_536].as_slice()]).is_err());
}
