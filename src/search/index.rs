//! An inverted index cut into small files: the term shards, each a sorted
//! range of terms with the start of their postings inline, and the
//! postings files holding the rest, in chunks that a query fetches one at a
//! time. Formats: docs/data.md.

use std::collections::HashMap as StdMap;
use std::fmt::Write as _;

use super::File;

/// A map from terms: foldhash with a fixed seed (nothing here depends on its order).
type HashMap<K, V> = StdMap<K, V, foldhash::fast::FixedState>;

/// Postings of a term kept in its term shard, in the passages index: enough
/// for the first page of results of most queries without another request.
pub const HEAD: usize = 64;
/// The same in the claims index, which is small: a query walks all its
/// claims, so most lists are kept whole.
pub const CLAIMS_HEAD: usize = 512;
/// A term shard is cut once it holds this many bytes.
const SHARD_BYTES: usize = 16 * 1024;
/// A chunk of postings is cut once it holds this many bytes (varint gaps
/// barely compress: about as many bytes go over the network)...
const CHUNK_BYTES: usize = 8 * 1024;
/// ...and packed, in term order, into files of at most this size: a query
/// fetches whole files, and the next chunk of a list is often the next one
/// it needs. (Packs of one chunk transfer 3% less for twice the files.)
const PACK_BYTES: usize = 16 * 1024;

/// The postings of one term while the index is built.
#[derive(Debug, Default)]
struct List {
    df: u64,
    last: u64,
    head: Vec<u64>,
    /// The postings after the head, in chunks of about [`CHUNK_BYTES`] as
    /// the postings files hold them: cut as they fill, so that a long list
    /// carries no spare room but in its last chunk.
    chunks: Vec<Chunk>,
}

impl List {
    fn push(&mut self, doc: u64, head: usize) {
        if self.df > 0 && doc <= self.last {
            return;
        }
        if self.head.len() < head {
            self.head.push(doc);
        } else {
            match self.chunks.last_mut() {
                Some(c) if c.bytes.len() < CHUNK_BYTES => {
                    varint(&mut c.bytes, doc - c.last);
                    c.last = doc;
                }
                full => {
                    // A list that filled a chunk will likely fill the next.
                    let bytes = match full {
                        Some(c) => {
                            c.bytes.shrink_to_fit();
                            Vec::with_capacity(CHUNK_BYTES + 10)
                        }
                        None => Vec::new(),
                    };
                    let mut chunk = Chunk {
                        first: doc,
                        last: doc,
                        bytes,
                    };
                    varint(&mut chunk.bytes, doc);
                    self.chunks.push(chunk);
                }
            }
        }
        self.last = doc;
        self.df += 1;
    }
}

/// A term as a map key: one of up to sixteen bytes packed into an integer
/// (no term holds a zero byte), so that the tens of millions of lookups
/// compare integers, not strings; a longer one as its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TermKey {
    Packed(u128),
    Long(Box<str>),
}

/// `term` packed, its first byte lowest; `None` if longer than sixteen bytes.
/// Read in at most four loads, overlapping, not byte by byte: every word
/// of every passage is packed.
fn pack(term: &str) -> Option<u128> {
    let b = term.as_bytes();
    let n = b.len();
    let u64_at = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().unwrap_or_default());
    let u32_at = |i: usize| u32::from_le_bytes(b[i..i + 4].try_into().unwrap_or_default());
    let (lo, hi) = match n {
        0 => (0, 0),
        1..=3 => {
            let byte = |i: usize| u64::from(b[i]) << (8 * i);
            (byte(0) | byte(n / 2) | byte(n - 1), 0)
        }
        // The last four bytes, shifted into place over the first four.
        4..=7 => (
            u64::from(u32_at(0)) | u64::from(u32_at(n - 4)) << (8 * (n - 4)),
            0,
        ),
        8 => (u64_at(0), 0),
        // Bytes 8.. are the top of the last eight.
        9..=16 => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
        _ => return None,
    };
    Some(u128::from(lo) | u128::from(hi) << 64)
}

impl TermKey {
    fn into_text(self) -> Box<str> {
        match self {
            TermKey::Packed(p) => {
                let bytes = p.to_le_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(16);
                String::from_utf8_lossy(&bytes[..len]).into()
            }
            TermKey::Long(t) => t,
        }
    }
}

/// The terms of one document after another, document ids increasing.
#[derive(Debug)]
pub struct Builder {
    lists: HashMap<TermKey, List>,
    /// Postings of each term kept in its shard.
    head: usize,
}

/// The terms of a few documents, collected apart (in parallel) and then
/// added to a [`Builder`] in document order.
#[derive(Debug, Default)]
pub struct Batch {
    /// Each distinct term's number in this batch: packed terms, then longer ones.
    ids: HashMap<u128, u32>,
    long_ids: HashMap<Box<str>, u32>,
    /// The last document of each term: a word repeated in a document is
    /// added once, without reaching into its postings.
    last: Vec<u64>,
    /// (term, document), in the order added: one list for all terms, not
    /// one growing list each.
    postings: Vec<(u32, u64)>,
}

impl Batch {
    /// A batch with room for the terms of about `bytes` of text (a term
    /// every seven bytes or so): its list of postings is not copied as it grows.
    pub fn for_text(bytes: usize) -> Batch {
        Batch {
            postings: Vec::with_capacity(bytes / 7),
            ..Batch::default()
        }
    }

    /// Adds `term` to document `doc`; documents come in increasing order.
    pub fn add(&mut self, doc: u64, term: &str) {
        let found = match pack(term) {
            Some(p) => self.ids.get(&p),
            None => self.long_ids.get(term),
        };
        let id = match found {
            Some(&id) => id as usize,
            None => {
                let id = self.last.len();
                match pack(term) {
                    Some(p) => self.ids.insert(p, id as u32),
                    None => self.long_ids.insert(term.into(), id as u32),
                };
                self.last.push(doc);
                self.postings.push((id as u32, doc));
                return;
            }
        };
        if self.last[id] != doc {
            self.last[id] = doc;
            self.postings.push((id as u32, doc));
        }
    }

    /// Calls `f` with each term and its documents, in increasing order.
    fn each(self, mut f: impl FnMut(TermKey, &[u64])) {
        // Grouped by term, keeping the order of documents (a counting sort).
        let mut starts = vec![0usize; self.last.len() + 1];
        for &(id, _) in &self.postings {
            starts[id as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut docs = vec![0u64; self.postings.len()];
        let mut next = starts.clone();
        for &(id, doc) in &self.postings {
            docs[next[id as usize]] = doc;
            next[id as usize] += 1;
        }
        let packed = self.ids.into_iter().map(|(p, id)| (TermKey::Packed(p), id));
        let long = self
            .long_ids
            .into_iter()
            .map(|(t, id)| (TermKey::Long(t), id));
        for (term, id) in packed.chain(long) {
            let id = id as usize;
            f(term, &docs[starts[id]..starts[id + 1]]);
        }
    }
}

/// Where a term shard starts, and its file.
#[derive(Debug)]
pub struct Shard {
    pub first: String,
    pub file: String,
}

impl Builder {
    /// A builder that keeps the first `head` postings of each term in its shard.
    pub fn new(head: usize) -> Builder {
        Builder {
            lists: HashMap::default(),
            head,
        }
    }

    /// Adds a batch whose documents all come after those added before.
    pub fn add(&mut self, batch: Batch) {
        batch.each(|term, docs| {
            let list = match self.lists.get_mut(&term) {
                Some(l) => l,
                None => self.lists.entry(term).or_default(),
            };
            for &doc in docs {
                list.push(doc, self.head);
            }
        });
    }

    /// Cuts the index into files under `dir` (`search-index/passages`):
    /// postings files `p<n>.<hash>.bin`, handed to `emit` as each is full
    /// (the index is not held twice), then term shards `t<n>.<hash>.json`.
    /// Returns the shards in term order.
    pub fn finish(self, dir: &str, emit: &mut dyn FnMut(File)) -> Vec<Shard> {
        let mut lists: Vec<(Box<str>, List)> = self
            .lists
            .into_iter()
            .map(|(k, l)| (k.into_text(), l))
            .collect();
        lists.sort_unstable_by(|a, b| a.0.cmp(&b.0));

        // The chunks packed into postings files in term order.
        let mut pack_names: Vec<String> = Vec::new();
        let mut emit_pack = |bytes: Vec<u8>, names: &mut Vec<String>| {
            let name = format!("p{}.{}.bin", names.len(), short_hash(&bytes));
            emit(File {
                path: format!("{dir}/{name}"),
                bytes,
            });
            names.push(name);
        };
        let mut refs: Vec<Vec<ChunkRef>> = Vec::with_capacity(lists.len());
        let mut pack: Vec<u8> = Vec::new();
        for (_, list) in &mut lists {
            let mut list_refs = Vec::new();
            for chunk in std::mem::take(&mut list.chunks) {
                if !pack.is_empty() && pack.len() + chunk.bytes.len() > PACK_BYTES {
                    emit_pack(std::mem::take(&mut pack), &mut pack_names);
                }
                list_refs.push(ChunkRef {
                    file: pack_names.len(),
                    offset: pack.len(),
                    len: chunk.bytes.len(),
                    first: chunk.first,
                    last: chunk.last,
                });
                pack.extend_from_slice(&chunk.bytes);
            }
            refs.push(list_refs);
        }
        if !pack.is_empty() {
            emit_pack(pack, &mut pack_names);
        }

        // Term shards: entries in term order, cut by size.
        let mut shards = Vec::new();
        let mut shard = ShardText::default();
        for ((term, list), refs) in lists.iter().zip(&refs) {
            if shard.entries.is_empty() {
                shard.first = term.to_string();
            }
            shard.push(term, list, refs, &pack_names);
            if shard.entries.len() >= SHARD_BYTES {
                shards.push(std::mem::take(&mut shard));
            }
        }
        if !shard.entries.is_empty() || shards.is_empty() {
            shards.push(shard);
        }
        shards
            .into_iter()
            .enumerate()
            .map(|(n, s)| {
                let bytes = s.json().into_bytes();
                let name = format!("t{n}.{}.json", short_hash(&bytes));
                emit(File {
                    path: format!("{dir}/{name}"),
                    bytes,
                });
                Shard {
                    first: s.first,
                    file: name,
                }
            })
            .collect()
    }
}

/// Eight hex digits of a file's hash: its name changes with its contents, so
/// a browser never mixes files of two builds from its cache.
pub fn short_hash(bytes: &[u8]) -> String {
    format!("{:08x}", xxhash_rust::xxh3::xxh3_64(bytes) as u32)
}

/// A run of postings of one term in a postings file.
#[derive(Debug)]
struct ChunkRef {
    file: usize,
    offset: usize,
    len: usize,
    first: u64,
    last: u64,
}

/// A run of postings: its first whole, then gaps.
#[derive(Debug)]
struct Chunk {
    first: u64,
    last: u64,
    bytes: Vec<u8>,
}

/// A term shard being written: its JSON entries and the postings files they use.
#[derive(Default)]
struct ShardText {
    first: String,
    entries: String,
    /// Postings files named by this shard's entries, by global number.
    files: Vec<usize>,
    names: Vec<String>,
}

impl ShardText {
    fn push(&mut self, term: &str, list: &List, refs: &[ChunkRef], pack_names: &[String]) {
        if !self.entries.is_empty() {
            self.entries.push(',');
        }
        self.entries.push('[');
        self.entries
            .push_str(&serde_json::to_string(term).unwrap_or_default());
        let _ = write!(self.entries, ",{},[", list.df);
        let mut prev = 0;
        for (i, &doc) in list.head.iter().enumerate() {
            if i > 0 {
                self.entries.push(',');
            }
            let _ = write!(self.entries, "{}", doc - prev);
            prev = doc;
        }
        self.entries.push(']');
        if !refs.is_empty() {
            self.entries.push_str(",[");
            for (i, r) in refs.iter().enumerate() {
                let local = match self.files.iter().position(|&f| f == r.file) {
                    Some(l) => l,
                    None => {
                        self.files.push(r.file);
                        self.names.push(pack_names[r.file].clone());
                        self.files.len() - 1
                    }
                };
                if i > 0 {
                    self.entries.push(',');
                }
                let _ = write!(
                    self.entries,
                    "[{local},{},{},{},{}]",
                    r.offset, r.len, r.first, r.last
                );
            }
            self.entries.push(']');
        }
        self.entries.push(']');
    }

    fn json(&self) -> String {
        format!(
            "{{\"files\":{},\"terms\":[{}]}}\n",
            serde_json::to_string(&self.names).unwrap_or_default(),
            self.entries
        )
    }
}

/// LEB128: seven bits a byte, low bits first, the high bit set on all but the last.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8]) -> (u64, usize) {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b < 0x80 {
            return (v, i + 1);
        }
    }
    (v, bytes.len())
}

/// Decodes a chunk of a postings file: its documents.
pub fn decode_chunk(bytes: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut prev = 0;
    while at < bytes.len() {
        let (v, used) = read_varint(&bytes[at..]);
        at += used;
        prev = if out.is_empty() { v } else { prev + v };
        out.push(prev);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip() {
        let mut b = Vec::new();
        for v in [0, 1, 127, 128, 300, 1 << 40] {
            varint(&mut b, v);
        }
        let mut at = 0;
        let mut got = Vec::new();
        while at < b.len() {
            let (v, used) = read_varint(&b[at..]);
            got.push(v);
            at += used;
        }
        assert_eq!(got, [0, 1, 127, 128, 300, 1 << 40]);
    }

    #[test]
    fn a_term_packs_as_its_bytes_padded_with_zeros() {
        let text = "abcdefghijklmnopq";
        for n in 0..=17 {
            let term = &text[..n];
            let expected = (n <= 16).then(|| {
                let mut bytes = [0u8; 16];
                bytes[..n].copy_from_slice(term.as_bytes());
                u128::from_le_bytes(bytes)
            });
            assert_eq!(pack(term), expected, "{term}");
        }
    }

    #[test]
    fn terms_come_out_as_added_whatever_their_length() {
        // Sixteen bytes are packed, seventeen are not; "é" is two bytes.
        let terms = [
            "a",
            "sixteen-letters!",
            "seventeen-letters",
            "zelenskyyéé",
            "ééééééééé",
        ];
        let mut builder = Builder::new(HEAD);
        let mut batch = Batch::default();
        for (doc, t) in terms.iter().enumerate() {
            batch.add(doc as u64, t);
            batch.add(doc as u64 + 10, t);
        }
        builder.add(batch);
        let mut files = Vec::new();
        builder.finish("x", &mut |f| files.push(f));
        let json: serde_json::Value = serde_json::from_slice(&files[0].bytes).unwrap();
        let got: Vec<(&str, u64)> = json["terms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e[0].as_str().unwrap(), e[1].as_u64().unwrap()))
            .collect();
        let mut expected: Vec<(&str, u64)> = terms.iter().map(|&t| (t, 2)).collect();
        expected.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn long_lists_go_to_chunks_and_come_back_whole() {
        let mut builder = Builder::new(HEAD);
        let docs: Vec<u64> = (0..20_000).map(|i| i * 8 + (i % 7)).collect();
        for &d in &docs {
            let mut batch = Batch::default();
            batch.add(d, "common");
            if d % 1000 == 0 {
                batch.add(d, "rare");
            }
            builder.add(batch);
        }
        let mut files = Vec::new();
        let shards = builder.finish("x", &mut |f| files.push(f));
        assert_eq!(shards.len(), 1);
        let shard = files.iter().find(|f| f.path.contains("/t0.")).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&shard.bytes).unwrap();
        let entry = &json["terms"][0];
        assert_eq!(entry[0], "common");
        assert_eq!(entry[1], 20_000);
        let mut got: Vec<u64> = Vec::new();
        let mut prev = 0;
        for gap in entry[2].as_array().unwrap() {
            prev += gap.as_u64().unwrap();
            got.push(prev);
        }
        assert_eq!(got.len(), HEAD);
        for r in entry[3].as_array().unwrap() {
            let r: Vec<u64> = r
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap())
                .collect();
            let name = json["files"][r[0] as usize].as_str().unwrap();
            let pack = files
                .iter()
                .find(|f| f.path == format!("x/{name}"))
                .unwrap();
            let chunk = decode_chunk(&pack.bytes[r[1] as usize..(r[1] + r[2]) as usize]);
            assert_eq!((chunk[0], *chunk.last().unwrap()), (r[3], r[4]));
            got.extend(chunk);
        }
        assert_eq!(got, docs);
        assert_eq!(json["terms"][1][0], "rare");
    }
}
