//! A small PBF writer: enough to produce test extracts and the embedded demo network.
//!
//! It writes plain (non-dense) nodes and ways in uncompressed blocks, sorted by type then id.
//! Large real extracts come from OpenStreetMap, not from here.

use std::path::Path;

use crate::error::{Result, RoadError};

/// A node to write.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmNode {
    /// OSM id.
    pub id: i64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Latitude in degrees.
    pub lat: f64,
    /// Tags as key/value pairs.
    pub tags: Vec<(String, String)>,
}

/// A way to write.
#[derive(Clone, Debug, PartialEq)]
pub struct OsmWay {
    /// OSM id.
    pub id: i64,
    /// Node ids in order.
    pub nodes: Vec<i64>,
    /// Tags as key/value pairs.
    pub tags: Vec<(String, String)>,
}

/// What a relation member is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberKind {
    /// A node.
    Node,
    /// A way.
    Way,
    /// A relation.
    Relation,
}

/// A relation to write (e.g. a turn restriction: `type=restriction`, members `from`, `via`,
/// `to`).
#[derive(Clone, Debug, PartialEq)]
pub struct OsmRelation {
    /// OSM id.
    pub id: i64,
    /// Members in order: kind, id, role.
    pub members: Vec<(MemberKind, i64, String)>,
    /// Tags as key/value pairs.
    pub tags: Vec<(String, String)>,
}

/// Collects nodes, ways and relations and writes them as an `.osm.pbf` file.
///
/// ```
/// use tournee_roads::osm::{OsmNode, OsmWay, PbfWriter};
/// let mut w = PbfWriter::default();
/// w.nodes.push(OsmNode { id: 1, lon: 1.0, lat: 45.0, tags: vec![] });
/// w.nodes.push(OsmNode { id: 2, lon: 1.001, lat: 45.0, tags: vec![] });
/// w.ways.push(OsmWay { id: 10, nodes: vec![1, 2], tags: vec![("highway".into(), "primary".into())] });
/// let bytes = w.to_bytes();
/// assert!(bytes.len() > 50);
/// ```
#[derive(Clone, Debug, Default)]
pub struct PbfWriter {
    /// Nodes (written sorted by id).
    pub nodes: Vec<OsmNode>,
    /// Ways (written sorted by id).
    pub ways: Vec<OsmWay>,
    /// Relations (written sorted by id, after the ways).
    pub relations: Vec<OsmRelation>,
}

const BLOCK_ELEMENTS: usize = 8000;

impl PbfWriter {
    /// Encodes the whole file in memory.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut header = Vec::new();
        put_bytes(&mut header, 4, b"OsmSchema-V0.6");
        put_bytes(&mut header, 5, b"Sort.Type_then_ID");
        put_bytes(&mut header, 16, b"tournee");
        write_blob(&mut out, "OSMHeader", &header);

        let mut nodes: Vec<&OsmNode> = self.nodes.iter().collect();
        nodes.sort_by_key(|n| n.id);
        for chunk in nodes.chunks(BLOCK_ELEMENTS) {
            let mut strings = StringTable::default();
            let mut group = Vec::new();
            for n in chunk {
                let mut msg = Vec::new();
                put_varint_field(&mut msg, 1, zigzag(n.id));
                put_tags(&mut msg, &mut strings, &n.tags);
                put_varint_field(&mut msg, 8, zigzag((n.lat * 1e7).round() as i64));
                put_varint_field(&mut msg, 9, zigzag((n.lon * 1e7).round() as i64));
                put_bytes(&mut group, 1, &msg);
            }
            write_blob(&mut out, "OSMData", &primitive_block(&strings, &group));
        }
        let mut ways: Vec<&OsmWay> = self.ways.iter().collect();
        ways.sort_by_key(|w| w.id);
        for chunk in ways.chunks(BLOCK_ELEMENTS) {
            let mut strings = StringTable::default();
            let mut group = Vec::new();
            for w in chunk {
                let mut msg = Vec::new();
                put_varint_field(&mut msg, 1, w.id as u64);
                put_tags(&mut msg, &mut strings, &w.tags);
                let mut refs = Vec::new();
                let mut prev = 0i64;
                for id in &w.nodes {
                    put_varint(&mut refs, zigzag(id - prev));
                    prev = *id;
                }
                put_bytes(&mut msg, 8, &refs);
                put_bytes(&mut group, 3, &msg);
            }
            write_blob(&mut out, "OSMData", &primitive_block(&strings, &group));
        }
        let mut relations: Vec<&OsmRelation> = self.relations.iter().collect();
        relations.sort_by_key(|r| r.id);
        for chunk in relations.chunks(BLOCK_ELEMENTS) {
            let mut strings = StringTable::default();
            let mut group = Vec::new();
            for r in chunk {
                let mut msg = Vec::new();
                put_varint_field(&mut msg, 1, r.id as u64);
                put_tags(&mut msg, &mut strings, &r.tags);
                let (mut roles, mut ids, mut kinds) = (Vec::new(), Vec::new(), Vec::new());
                let mut prev = 0i64;
                for (kind, id, role) in &r.members {
                    put_varint(&mut roles, strings.id(role) as u64);
                    put_varint(&mut ids, zigzag(id - prev));
                    prev = *id;
                    put_varint(
                        &mut kinds,
                        match kind {
                            MemberKind::Node => 0,
                            MemberKind::Way => 1,
                            MemberKind::Relation => 2,
                        },
                    );
                }
                put_bytes(&mut msg, 8, &roles);
                put_bytes(&mut msg, 9, &ids);
                put_bytes(&mut msg, 10, &kinds);
                put_bytes(&mut group, 4, &msg);
            }
            write_blob(&mut out, "OSMData", &primitive_block(&strings, &group));
        }
        out
    }

    /// Writes the file to `path` (atomically: a reader never sees half a file).
    pub fn write(&self, path: &Path) -> Result<()> {
        crate::write_atomic(path, &self.to_bytes()).map_err(|source| RoadError::Io {
            path: path.to_path_buf(),
            source,
        })
    }
}

#[derive(Default)]
struct StringTable {
    strings: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl StringTable {
    fn id(&mut self, s: &str) -> u32 {
        if self.strings.is_empty() {
            self.strings.push(String::new());
        }
        if let Some(i) = self.index.get(s) {
            return *i;
        }
        let i = self.strings.len() as u32;
        self.strings.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
}

fn primitive_block(strings: &StringTable, group: &[u8]) -> Vec<u8> {
    let mut table = Vec::new();
    if strings.strings.is_empty() {
        put_bytes(&mut table, 1, b"");
    }
    for s in &strings.strings {
        put_bytes(&mut table, 1, s.as_bytes());
    }
    let mut block = Vec::new();
    put_bytes(&mut block, 1, &table);
    put_bytes(&mut block, 2, group);
    put_varint_field(&mut block, 17, 100);
    block
}

fn put_tags(msg: &mut Vec<u8>, strings: &mut StringTable, tags: &[(String, String)]) {
    if tags.is_empty() {
        return;
    }
    let (mut keys, mut vals) = (Vec::new(), Vec::new());
    for (k, v) in tags {
        put_varint(&mut keys, strings.id(k) as u64);
        put_varint(&mut vals, strings.id(v) as u64);
    }
    put_bytes(msg, 2, &keys);
    put_bytes(msg, 3, &vals);
}

fn write_blob(out: &mut Vec<u8>, kind: &str, data: &[u8]) {
    let mut blob = Vec::new();
    put_bytes(&mut blob, 1, data);
    put_varint_field(&mut blob, 2, data.len() as u64);
    let mut header = Vec::new();
    put_bytes(&mut header, 1, kind.as_bytes());
    put_varint_field(&mut header, 3, blob.len() as u64);
    out.extend_from_slice(&(header.len() as u32).to_be_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(&blob);
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn put_varint_field(out: &mut Vec<u8>, field: u32, v: u64) {
    put_varint(out, (field as u64) << 3);
    put_varint(out, v);
}

fn put_bytes(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    put_varint(out, ((field as u64) << 3) | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}
