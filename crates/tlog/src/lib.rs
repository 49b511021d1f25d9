//! The transparency log's core: RFC 9162 Merkle tree hashing, stored-hash indexing, inclusion
//! and consistency proofs, C2SP checkpoints, signed notes, tiles and cosignatures, a witness's
//! checks, and the canonical ledger entry. Pure functions: storage is behind [`HashReader`]
//! and [`TileReader`], randomness and clocks are the caller's. Nothing here knows of the
//! registry, HTTP or SQL.

mod checkpoint;
mod cosignature;
mod entry;
mod error;
mod hash;
mod note;
mod proof;
mod stored;
mod tile;
mod tilereader;
pub mod witness;

pub use checkpoint::{open_checkpoint, sign_checkpoint, Checkpoint, VerifiedCheckpoint};
pub use cosignature::{cosignature_timestamp, cosigned_message, CosignatureSigner, CosignatureVerifier, TimedCosigner};
pub use entry::{Entry, EntryParty, ENTRY_V1, EVENT_TYPES, MAX_ENTRY_BYTES};
pub use error::{Result, TlogError};
pub use hash::{empty_tree_hash, leaf_hash, node_hash, Hash, HASH_SIZE};
pub use note::{
    format_vkey, generate_key, is_valid_name, key_id, open_note, parse_note, parse_vkey, sign_note, Ed25519Signer,
    Ed25519Verifier, Note, NoteSignature, Signer, Verifier, ALG_COSIGNATURE_V1, ALG_ED25519, MAX_SIGNATURES,
};
pub use proof::{
    check_consistency, check_inclusion, prove_consistency, prove_inclusion, ConsistencyProof, InclusionProof,
};
pub use stored::{split_stored_hash_index, stored_hash_count, stored_hash_index, stored_hashes, tree_hash, HashReader};
pub use tile::{
    decode_bundle, encode_bundle, hash_from_tile, new_tiles, parse_tile_path, partial_width, read_tile_data,
    tile_for_index, tile_hash, tiles_for_size, EntryBundle, Tile, TilePath, TILE_HEIGHT, TILE_WIDTH,
};
pub use tilereader::{TileHashReader, TileReader};
