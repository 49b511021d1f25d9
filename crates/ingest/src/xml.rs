//! XML plumbing shared by the XML formats: splitting files that hold many documents
//! back to back (USPTO weekly files), decoding, entity resolution, and small path helpers
//! over `roxmltree`.

use crate::{entities, Position, RecordError};
use roxmltree::{Document, Node, ParsingOptions};
use std::io::BufRead;

/// The largest single document read; a bigger one is reported and skipped, which keeps
/// memory bounded whatever the input (the text, its entity-resolved copy and the DOM are
/// all held at once, about four times this). Real full-text grants stay far below it; what
/// exceeds it in USPTO weekly files is sequence listings, which are not loaded anyway.
pub const MAX_DOC_BYTES: usize = 32 * 1024 * 1024;

/// One XML document cut out of a stream, with where it started.
#[derive(Debug)]
pub struct XmlChunk {
    pub text: String,
    pub byte: u64,
    pub line: u64,
}

impl XmlChunk {
    pub fn position(&self) -> Position {
        Position::Line(self.line)
    }

    pub fn error(&self, message: impl Into<String>) -> RecordError {
        RecordError::new(self.position(), message)
    }

    /// Parses the chunk (resolving named entities first) and hands the document to `f`.
    pub fn with_doc<T>(&self, f: impl FnOnce(&Document) -> T) -> Result<T, RecordError> {
        with_doc(&self.text, f).map_err(|e| self.error(e))
    }
}

/// Parses XML text, resolving named entities first, and hands the document to `f`.
pub fn with_doc<T>(text: &str, f: impl FnOnce(&Document) -> T) -> Result<T, String> {
    let text = entities::resolve(text);
    let doc = Document::parse_with_options(&text, options()).map_err(|e| format!("malformed XML: {e}"))?;
    Ok(f(&doc))
}

fn options() -> ParsingOptions {
    ParsingOptions { allow_dtd: true, nodes_limit: u32::MAX }
}

/// Splits a stream into XML documents at each `<?xml` declaration that starts a line.
/// Each document is decoded (UTF-8, or ISO-8859-1 when declared) on its own, so one bad
/// document does not spoil the others.
pub struct XmlDocs<'r> {
    input: &'r mut dyn BufRead,
    pending: Vec<u8>,
    pending_byte: u64,
    pending_line: u64,
    byte: u64,
    line: u64,
    oversized: bool,
    done: bool,
}

impl<'r> XmlDocs<'r> {
    pub fn new(input: &'r mut dyn BufRead) -> Self {
        XmlDocs {
            input,
            pending: Vec::new(),
            pending_byte: 0,
            pending_line: 1,
            byte: 0,
            line: 1,
            oversized: false,
            done: false,
        }
    }

    fn take_pending(&mut self) -> Option<Result<XmlChunk, RecordError>> {
        let oversized = std::mem::take(&mut self.oversized);
        let bytes = std::mem::take(&mut self.pending);
        let (byte, line) = (self.pending_byte, self.pending_line);
        self.pending_byte = self.byte;
        self.pending_line = self.line;
        if oversized {
            let msg = format!("document larger than {MAX_DOC_BYTES} bytes skipped");
            return Some(Err(RecordError::new(Position::Line(line), msg)));
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        // An indented `<?xml` declaration is legal in weekly files but not to the parser.
        let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
        let bytes = if start > 0 { bytes[start..].to_vec() } else { bytes };
        Some(
            decode(bytes)
                .map(|text| XmlChunk { text, byte, line })
                .map_err(|m| RecordError::new(Position::Line(line), m)),
        )
    }
}

impl Iterator for XmlDocs<'_> {
    type Item = Result<XmlChunk, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut line = Vec::new();
        while !self.done {
            line.clear();
            match read_line_capped(self.input, &mut line, MAX_DOC_BYTES + 1) {
                Ok(0) => self.done = true,
                Ok(n) => {
                    let starts_doc = line.trim_ascii_start().starts_with(b"<?xml");
                    let out = if starts_doc { self.take_pending() } else { None };
                    if self.pending.len() + n > MAX_DOC_BYTES {
                        self.oversized = true;
                        self.pending.clear();
                    } else if !self.oversized {
                        self.pending.extend_from_slice(&line);
                    }
                    self.byte += n as u64;
                    self.line += 1;
                    if out.is_some() {
                        return out;
                    }
                }
                Err(e) => {
                    self.done = true;
                    let pos = Position::Byte(self.byte);
                    return Some(Err(RecordError::new(pos, format!("read error: {e}"))));
                }
            }
        }
        if self.pending.is_empty() && !self.oversized {
            return None;
        }
        self.take_pending()
    }
}

/// Reads one line (through `\n`) but keeps at most `cap` bytes of it, so a file without
/// newlines cannot make a line buffer grow without bound. Returns the bytes consumed
/// (0 at the end of input), which may exceed what was kept.
pub fn read_line_capped(input: &mut dyn BufRead, line: &mut Vec<u8>, cap: usize) -> std::io::Result<usize> {
    let mut consumed = 0;
    loop {
        let available = input.fill_buf()?;
        if available.is_empty() {
            return Ok(consumed);
        }
        let (take, ends_line) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = cap.saturating_sub(line.len());
        line.extend_from_slice(&available[..take.min(room)]);
        input.consume(take);
        consumed += take;
        if ends_line {
            return Ok(consumed);
        }
    }
}

/// Decodes a document's bytes, honouring an ISO-8859-1 declaration.
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let decl_end = bytes.iter().take(200).position(|&b| b == b'>').unwrap_or(0);
    let decl = String::from_utf8_lossy(&bytes[..decl_end]).to_ascii_lowercase();
    if decl.contains("iso-8859-1") || decl.contains("latin1") {
        return Ok(bytes.iter().map(|&b| b as char).collect());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 at byte {} of the document (wrong encoding? only UTF-8 and ISO-8859-1 are read)",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The first child element with this local name.
pub fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Child elements with this local name.
pub fn children<'a, 'i: 'a>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// Follows a `/`-separated path of child element names, taking the first match at each step.
pub fn path<'a, 'i>(node: Node<'a, 'i>, path: &str) -> Option<Node<'a, 'i>> {
    path.split('/').try_fold(node, |n, step| child(n, step))
}

/// Every element reached by a `/`-separated path of child names (all matches at every step).
pub fn path_all<'a, 'i>(node: Node<'a, 'i>, path: &str) -> Vec<Node<'a, 'i>> {
    let mut current = vec![node];
    for step in path.split('/') {
        current = current
            .iter()
            .flat_map(|n| n.children().filter(|c| c.is_element() && c.tag_name().name() == step))
            .collect();
    }
    current
}

/// The first descendant element (not the node itself) with this local name.
pub fn descendant<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.descendants().skip(1).find(|c| c.is_element() && c.tag_name().name() == name)
}

/// All text under a node, with runs of whitespace collapsed to one space.
pub fn text(node: Node) -> String {
    let mut out = String::new();
    for t in node.descendants().filter(|n| n.is_text()) {
        push_collapsed(&mut out, t.text().unwrap_or(""));
    }
    out.trim_end().to_string()
}

/// Text at a path, if present and not blank.
pub fn text_at(node: Node, p: &str) -> Option<String> {
    path(node, p).map(text).filter(|t| !t.is_empty())
}

/// Plain text of a node: runs of whitespace collapsed, and a line break around each
/// element named in `blocks` (paragraphs, headings, table rows, nested claim texts).
pub fn block_text(node: Node, blocks: &[&str]) -> String {
    block_text_with_cells(node, blocks, &[])
}

/// [`block_text`] that also ends each element named in `cells` (table cells) with a space,
/// so the cells of a row stay apart on its line.
pub fn block_text_with_cells(node: Node, blocks: &[&str], cells: &[&str]) -> String {
    let mut out = String::new();
    // Depth-first walk with an explicit stack (children still to visit, and what ends the
    // element), so deep nesting in the input cannot overflow the call stack.
    let mut stack = vec![(node.children(), Separator::None)];
    while let Some((pending, separator)) = stack.last_mut() {
        match pending.next() {
            Some(n) if n.is_text() => push_collapsed(&mut out, n.text().unwrap_or("")),
            Some(n) if n.is_element() => {
                let name = n.tag_name().name();
                let separator = if blocks.contains(&name) {
                    end_line(&mut out);
                    Separator::Line
                } else if cells.contains(&name) {
                    Separator::Space
                } else {
                    Separator::None
                };
                stack.push((n.children(), separator));
            }
            Some(_) => {}
            None => {
                match separator {
                    Separator::Line => end_line(&mut out),
                    Separator::Space => push_collapsed(&mut out, " "),
                    Separator::None => {}
                }
                stack.pop();
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// What [`block_text_with_cells`] writes after an element.
#[derive(Clone, Copy)]
enum Separator {
    Line,
    Space,
    None,
}

/// Ends the current line (dropping trailing spaces), unless the text is empty or the line
/// already ended.
fn end_line(out: &mut String) {
    out.truncate(out.trim_end_matches(' ').len());
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Appends text with each whitespace run as one space, none at the start of a line.
fn push_collapsed(out: &mut String, s: &str) {
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(input: &str) -> Vec<Result<XmlChunk, RecordError>> {
        let mut r = input.as_bytes();
        XmlDocs::new(&mut r).collect()
    }

    #[test]
    fn splits_concatenated_documents() {
        let c = chunks("<?xml version=\"1.0\"?>\n<a>1</a>\n<?xml version=\"1.0\"?>\n<a>2</a>\n");
        assert_eq!(c.len(), 2);
        let second = c[1].as_ref().unwrap();
        assert_eq!(second.line, 3);
        assert!(second.text.contains("<a>2</a>"));
    }

    #[test]
    fn a_huge_line_is_skipped_without_buffering_it() {
        let mut doc = b"<?xml version=\"1.0\"?><a>".to_vec();
        doc.resize(MAX_DOC_BYTES + 1000, b'x');
        doc.extend_from_slice(b"</a>\n<?xml version=\"1.0\"?>\n<a>ok</a>\n");
        let mut r = &doc[..];
        let c: Vec<_> = XmlDocs::new(&mut r).collect();
        assert!(c[0].as_ref().unwrap_err().message.contains("larger than"));
        assert!(c[1].as_ref().unwrap().text.contains("<a>ok</a>"));
    }

    #[test]
    fn capped_line_reader_consumes_whole_lines() {
        let mut r: &[u8] = b"abcdef\nxy";
        let mut line = Vec::new();
        assert_eq!(read_line_capped(&mut r, &mut line, 3).unwrap(), 7);
        assert_eq!(line, b"abc");
        line.clear();
        assert_eq!(read_line_capped(&mut r, &mut line, 3).unwrap(), 2);
        assert_eq!(line, b"xy");
    }

    #[test]
    fn bad_encoding_is_a_record_error_and_others_survive() {
        let mut bytes = b"<?xml version=\"1.0\"?>\n<a>\xff</a>\n".to_vec();
        bytes.extend_from_slice(b"<?xml version=\"1.0\"?>\n<a>ok</a>\n");
        let mut r = &bytes[..];
        let c: Vec<_> = XmlDocs::new(&mut r).collect();
        assert!(c[0].as_ref().unwrap_err().message.contains("UTF-8"));
        assert!(c[1].is_ok());
    }

    #[test]
    fn truncated_document_fails_to_parse_with_position() {
        let c = chunks("<?xml version=\"1.0\"?>\n<a><b>cut");
        let chunk = c[0].as_ref().unwrap();
        let err = chunk.with_doc(|_| ()).unwrap_err();
        assert_eq!(err.position, Position::Line(1));
    }

    #[test]
    fn text_collapses_whitespace_and_resolves_entities() {
        let t = with_doc("<a> x\n  <b>y &lsqb;1&rsqb;</b>\tz </a>", |d| text(d.root_element())).unwrap();
        assert_eq!(t, "x y [1] z");
    }
}
