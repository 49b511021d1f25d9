//! Citation analysis where the sources record citations (USPTO and EPO documents do; the
//! CNIPA bibliographic file and the demo world do not): what the set cites most, its key
//! patents by forward citations from the whole registry, and the citations among its members.

use super::tally::SetTally;
use super::TOP;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct CitedDocument {
    /// Publication key (`US8087209`).
    pub key: String,
    /// Citations by the set's documents.
    pub count: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyPatent {
    pub id: String,
    pub pub_key: String,
    /// Citations by any right in the registry.
    pub forward: u32,
    pub year: Option<u16>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CitationEdge {
    pub citing: String,
    pub cited: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Citations {
    /// The set's documents that cite patents, and the patent citations they make.
    pub citing_documents: u64,
    pub citations: u64,
    pub most_cited: Vec<CitedDocument>,
    pub key_patents: Vec<KeyPatent>,
    /// Citations from a set member to a set member.
    pub network_size: u64,
    pub network: Vec<CitationEdge>,
}

/// Edges of the citation network shown and exported.
const NETWORK_EDGES: usize = 200;

pub fn citations(set: &SetTally) -> Citations {
    let mut most: Vec<(&u32, &u64)> = set.cited_by_set.iter().collect();
    most.sort_by(|a, b| b.1.cmp(a.1).then_with(|| set.cited_keys.get(*a.0).cmp(set.cited_keys.get(*b.0))));
    let mut key_patents = set.key_patents.clone();
    key_patents.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    key_patents.truncate(TOP);
    let inside: Vec<&(String, u32)> =
        set.citation_pairs.iter().filter(|(_, c)| set.cited_members.contains(c)).collect();
    Citations {
        citing_documents: set.citing,
        citations: set.citations,
        most_cited: most
            .into_iter()
            .take(TOP)
            .map(|(k, &count)| CitedDocument { key: set.cited_keys.get(*k).to_string(), count })
            .collect(),
        key_patents: key_patents
            .into_iter()
            .map(|(forward, id, pub_key, year)| KeyPatent { id, pub_key, forward, year })
            .collect(),
        network_size: inside.len() as u64,
        network: inside
            .into_iter()
            .take(NETWORK_EDGES)
            .map(|(citing, cited)| CitationEdge {
                citing: citing.clone(),
                cited: set.cited_keys.get(*cited).to_string(),
            })
            .collect(),
    }
}
