//! The log's files and their low-level formats: entry records, the offset index, the stored
//! hashes, fsync and atomic replacement.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use silkport_tlog::{Hash, HashReader, TlogError, HASH_SIZE};

use crate::error::{IoContext, Result};

/// A record in `entries`: u32 big-endian length, the entry, then the first 8 bytes of its
/// RFC 9162 leaf hash, which detect a torn or garbled tail after a crash.
pub(crate) const RECORD_OVERHEAD: u64 = 4 + 8;

pub(crate) fn encode_record(entry: &[u8], leaf: &Hash, out: &mut Vec<u8>) {
    out.extend_from_slice(&(entry.len() as u32).to_be_bytes());
    out.extend_from_slice(entry);
    out.extend_from_slice(&leaf.0[..8]);
}

/// The entry in a record's bytes (length prefix stripped) if its check bytes match.
pub(crate) fn check_record(record: &[u8]) -> Option<(&[u8], Hash)> {
    let entry = record.get(4..record.len().checked_sub(8)?)?;
    let leaf = silkport_tlog::leaf_hash(entry);
    (record[record.len() - 8..] == leaf.0[..8]).then_some((entry, leaf))
}

/// One of the log's files with its path, for error messages.
pub(crate) struct DataFile {
    pub path: PathBuf,
    pub file: File,
}

impl DataFile {
    pub fn open(dir: &Path, name: &str, create: bool) -> Result<DataFile> {
        let path = dir.join(name);
        let file = OpenOptions::new().read(true).write(true).create_new(create).open(&path).at(&path)?;
        Ok(DataFile { path, file })
    }

    pub fn open_read(dir: &Path, name: &str) -> Result<DataFile> {
        let path = dir.join(name);
        let file = File::open(&path).at(&path)?;
        Ok(DataFile { path, file })
    }

    pub fn len(&self) -> Result<u64> {
        Ok(self.file.metadata().at(&self.path)?.len())
    }

    pub fn read_at(&self, buf: &mut [u8], offset: u64) -> Result<()> {
        self.file.read_exact_at(buf, offset).at(&self.path)
    }

    pub fn write_at(&self, buf: &[u8], offset: u64) -> Result<()> {
        self.file.write_all_at(buf, offset).at(&self.path)
    }

    /// fdatasync: the data and the size needed to read it back are on disk.
    pub fn sync(&self) -> Result<()> {
        self.file.sync_data().at(&self.path)
    }

    pub fn truncate(&self, len: u64) -> Result<()> {
        self.file.set_len(len).at(&self.path)
    }

    /// The u64 at `offset` (index entries are big-endian end offsets).
    pub fn read_u64(&self, offset: u64) -> Result<u64> {
        let mut b = [0u8; 8];
        self.read_at(&mut b, offset)?;
        Ok(u64::from_be_bytes(b))
    }
}

/// Stored hashes read from the `hashes` file, coalescing nearby indexes into one read (a
/// level-0 tile's 256 hashes are spread over about 511 stored slots).
pub(crate) struct FileHashes<'a>(pub &'a DataFile);

impl HashReader for FileHashes<'_> {
    fn read_hashes(&self, indexes: &[u64]) -> silkport_tlog::Result<Vec<Hash>> {
        let mut out = Vec::with_capacity(indexes.len());
        let mut i = 0;
        while i < indexes.len() {
            // Extend the run while the indexes ascend with small gaps.
            let mut j = i + 1;
            while j < indexes.len() && indexes[j] > indexes[j - 1] && indexes[j] - indexes[j - 1] <= 8 {
                j += 1;
            }
            let (first, last) = (indexes[i], indexes[j - 1]);
            let mut buf = vec![0u8; ((last - first + 1) as usize) * HASH_SIZE];
            self.0.read_at(&mut buf, first * HASH_SIZE as u64).map_err(|e| TlogError::HashRead(e.to_string()))?;
            for &x in &indexes[i..j] {
                let at = ((x - first) as usize) * HASH_SIZE;
                out.push(Hash::from_slice(&buf[at..at + HASH_SIZE]).expect("32 bytes"));
            }
            i = j;
        }
        Ok(out)
    }
}

/// fsyncs a directory, so that file creations and renames in it are durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).at(dir)?.sync_all().at(dir)
}

/// Replaces `dir/name` with `data` atomically: a crash leaves the old or the new content,
/// never a mix (write a temporary file, fsync it, rename over, fsync the directory).
pub fn replace_file(dir: &Path, name: &str, data: &[u8]) -> Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    let file = File::create(&tmp).at(&tmp)?;
    file.write_all_at(data, 0).at(&tmp)?;
    file.sync_all().at(&tmp)?;
    let dest = dir.join(name);
    std::fs::rename(&tmp, &dest).at(&dest)?;
    sync_dir(dir)
}
