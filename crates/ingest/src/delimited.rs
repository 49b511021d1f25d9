//! Delimited text (CSV, TSV) plumbing shared by the tabular formats: header sniffing, a
//! csv reader that knows each record's true line ([`reader`], [`line_at`]; the csv crate's
//! own `Position::line` is one short after every CRLF line ending), and [`CsvTable`], the
//! header-checked reader several formats share.

use crate::{Context, IngestError, Position, RecordError, Sink, Stop};
use std::collections::VecDeque;
use std::io::{BufRead, Read};

/// True when the first line of `head` starts with these column names, comma-separated
/// (a UTF-8 byte-order mark is ignored).
pub(crate) fn header_starts(head: &[u8], columns: &[&str]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let line = head.split(|&b| b == b'\n').next().unwrap_or(b"");
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut fields = line.split(|&b| b == b',');
    columns.iter().all(|c| fields.next() == Some(c.as_bytes()))
}

/// Column names from the first line of a CSV head, trimmed and unquoted (a UTF-8
/// byte-order mark is ignored): a looser test than [`header_starts`], for sniffers that
/// look for columns anywhere in the header.
pub(crate) fn csv_columns(head: &[u8]) -> Vec<String> {
    let first = head.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let first = first.strip_prefix(b"\xef\xbb\xbf".as_slice()).unwrap_or(first);
    String::from_utf8_lossy(first).trim_end().split(',').map(|c| c.trim().trim_matches('"').to_string()).collect()
}

/// The trimmed field `i` of a record, or `""` when the row is short.
pub(crate) fn field(rec: &csv::StringRecord, i: usize) -> &str {
    rec.get(i).unwrap_or("").trim()
}

/// A csv reader that counts the lines it reads, for [`line_at`] and [`line_here`].
pub(crate) type LineReader<'a> = csv::Reader<NewlineIndex<'a>>;

/// A csv reader over `input`, configured by `builder`, that knows true line numbers.
pub(crate) fn reader<'a>(builder: &csv::ReaderBuilder, input: &'a mut dyn BufRead) -> LineReader<'a> {
    builder.from_reader(NewlineIndex { inner: input, read: 0, newlines: VecDeque::new(), counted: 0 })
}

/// The 1-based line of a record (or record error) at `pos`, as the reader reported it.
/// Positions must be asked for in reading order.
pub(crate) fn line_at(reader: &mut LineReader, pos: &csv::Position) -> u64 {
    reader.get_mut().line_at(pos.byte())
}

/// The 1-based line the reader has reached: where the next record starts, or where
/// reading broke off.
pub(crate) fn line_here(reader: &mut LineReader) -> u64 {
    let byte = reader.position().byte();
    reader.get_mut().line_at(byte)
}

/// A CSV file with a header row, read record by record.
pub(crate) struct CsvTable<'a> {
    reader: LineReader<'a>,
    headers: csv::StringRecord,
}

impl<'a> CsvTable<'a> {
    /// Reads the header row. A file without one is malformed.
    pub(crate) fn open(input: &'a mut dyn BufRead, ctx: &Context, delimiter: u8) -> Result<Self, IngestError> {
        let mut reader = reader(csv::ReaderBuilder::new().delimiter(delimiter).flexible(true), input);
        let headers = reader.headers().map_err(|e| ctx.malformed(format!("unreadable header row: {e}")))?.clone();
        if headers.iter().all(|h| h.trim().is_empty()) {
            return Err(ctx.malformed("empty file: no header row"));
        }
        Ok(CsvTable { reader, headers })
    }

    pub(crate) fn headers(&self) -> &csv::StringRecord {
        &self.headers
    }

    pub(crate) fn has_columns(&self, names: &[&str]) -> bool {
        names.iter().all(|n| self.headers.iter().any(|h| h.trim() == *n))
    }

    /// The first column whose name starts with `prefix` (`title_zh` for `title_zh_2026.01`).
    pub(crate) fn column_starting(&self, prefix: &str) -> Option<usize> {
        self.headers.iter().position(|h| h.trim().starts_with(prefix))
    }

    /// The positions of the named columns, or a malformed-file error naming the missing one.
    pub(crate) fn columns<const N: usize>(&self, ctx: &Context, names: [&str; N]) -> Result<[usize; N], IngestError> {
        let mut out = [0; N];
        for (slot, name) in out.iter_mut().zip(names) {
            *slot = self.headers.iter().position(|h| h.trim() == name).ok_or_else(|| {
                let found: Vec<&str> = self.headers.iter().collect();
                ctx.malformed(format!("no column {name:?} in the header row (found {found:?})"))
            })?;
        }
        Ok(out)
    }

    /// Calls `row` with every record and the line it starts on. A record that is not valid
    /// CSV or UTF-8 becomes a `RecordError`; an I/O failure ends the file.
    pub(crate) fn for_each(
        mut self,
        ctx: &Context,
        sink: &mut Sink,
        mut row: impl FnMut(&csv::StringRecord, u64, &mut Sink) -> Result<(), Stop>,
    ) -> Result<(), IngestError> {
        let mut rec = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut rec) {
                Ok(false) => return Ok(()),
                Ok(true) if rec.iter().all(|f| f.trim().is_empty()) => {}
                Ok(true) => {
                    let line = self.line_of(rec.position());
                    row(&rec, line, sink)?;
                }
                Err(e) => {
                    let line = self.line_of(e.position());
                    let message = match e.kind() {
                        csv::ErrorKind::Utf8 { err, .. } => {
                            format!("not UTF-8 text (column {}, after byte {})", err.field() + 1, err.valid_up_to())
                        }
                        _ => format!("unreadable CSV record: {e}"),
                    };
                    if let csv::ErrorKind::Io(source) = e.into_kind() {
                        return Err(IngestError::Io { path: ctx.file.clone(), source });
                    }
                    sink(Err(RecordError::new(Position::Line(line), message)))?;
                }
            }
        }
    }

    fn line_of(&mut self, pos: Option<&csv::Position>) -> u64 {
        pos.map_or(0, |p| line_at(&mut self.reader, p))
    }
}

/// Counts the newlines the CSV reader consumes, so records get their true line numbers:
/// the csv crate's own `Position::line` is one short after every CRLF line ending. A
/// record's reported byte offset is its first byte, or the `\n` of the CRLF before it, so
/// its line is one more than the newlines up to and including that byte.
pub(crate) struct NewlineIndex<'a> {
    inner: &'a mut dyn BufRead,
    /// Bytes read so far.
    read: u64,
    /// Offsets of newlines read but not yet counted.
    newlines: VecDeque<u64>,
    /// Newlines counted (before the last record asked about).
    counted: u64,
}

impl NewlineIndex<'_> {
    /// The 1-based line of a record whose reported offset is `byte`; offsets must not
    /// decrease between calls.
    fn line_at(&mut self, byte: u64) -> u64 {
        while self.newlines.front().is_some_and(|&p| p <= byte) {
            self.newlines.pop_front();
            self.counted += 1;
        }
        self.counted + 1
    }
}

impl Read for NewlineIndex<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let start = self.read;
        let found = buf[..n].iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| start + i as u64);
        self.newlines.extend(found);
        self.read += n as u64;
        Ok(n)
    }
}
