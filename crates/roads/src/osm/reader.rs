//! Two-pass parallel PBF reader that keeps only what the car network needs.
//!
//! Pass 1 decodes the blobs holding ways and keeps the ways the profile accepts, with their node
//! references. Pass 2 decodes the node blobs and keeps the coordinates (and barrier / signal
//! flags) of referenced nodes only, so memory follows the road network, not the extract. In a
//! file sorted by type then id (the usual case, flagged `Sort.Type_then_ID`), pass 1 skips the
//! node blobs altogether: a binary search over the blobs finds where the ways begin. Both passes
//! run on the current rayon pool; one file handle per worker.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use osmpbf::{BlobDecode, BlobReader, ByteOffset, PrimitiveBlock};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{Result, RoadError};
use crate::geo::FixedCoord;
use crate::profile::CarProfile;

/// Node flag: the node blocks passage (a barrier the profile does not let cars through).
pub const FLAG_BARRIER: u8 = 1;
/// Node flags above bit 0: the node's delay code ([`CarProfile::node_delay_code`]) shifted
/// left by one; read it with [`delay_code`].
pub const DELAY_SHIFT: u8 = 1;

/// The delay code held in a node's flags (0: no delay).
pub fn delay_code(flags: u8) -> u8 {
    flags >> DELAY_SHIFT
}

/// Counts gathered while importing, for reports and sanity checks.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ImportStats {
    /// Data blobs in the file.
    pub blobs: usize,
    /// Blobs decoded to find ways (fewer than `blobs` in a sorted file).
    pub way_blobs_decoded: usize,
    /// Ways tagged `highway=*` (any class).
    pub highway_ways: usize,
    /// Ways the profile accepted.
    pub car_ways: usize,
    /// Distinct nodes referenced by accepted ways.
    pub road_nodes: usize,
    /// Referenced nodes absent from the extract (ways are cut there).
    pub missing_nodes: usize,
    /// Road nodes that block passage.
    pub barrier_nodes: usize,
    /// Road nodes that delay cars (traffic signals, stops, gates…: the profile's
    /// `node_delays_s`).
    pub delay_nodes: usize,
    /// Turn restriction relations that apply to cars (`type=restriction` with `restriction`
    /// or `restriction:motorcar`, not excepted for cars by `except=`).
    pub restrictions: usize,
    /// Restrictions left out, by reason (`via_way`: via one or more ways, not supported yet;
    /// `missing_member`: no from, via or to member, or more than one; `unknown_value`: not
    /// `no_*` / `only_*`; `not_on_roads`: a member is not a road of the network, or the ways
    /// do not meet at the via node; `except_motorcar`: `except=` names cars).
    pub restrictions_skipped: std::collections::BTreeMap<String, usize>,
    /// Turns forbidden in the graph by the restrictions kept.
    pub banned_turns: usize,
    /// Turn paths laid from restrictions via ways (one per arc of the `from` way).
    pub restricted_paths: usize,
}

/// A turn restriction relation as read: from a way, via a node or ways, to a way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TurnRestriction {
    /// OSM relation id.
    pub id: i64,
    /// The way driven into the via.
    pub from_way: i64,
    /// The via member(s).
    pub via: RestrictionVia,
    /// The way driven out of the via.
    pub to_way: i64,
    /// `only_*` (every other turn is banned) rather than `no_*` (this turn is banned).
    pub only: bool,
}

/// What a restriction goes through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RestrictionVia {
    /// An intersection node.
    Node(i64),
    /// One or more ways, in order.
    Ways(Vec<i64>),
}

/// One way accepted by the profile.
#[derive(Clone, Debug, PartialEq)]
pub struct RoadWay {
    /// OSM way id.
    pub osm_id: i64,
    /// Range of this way's node references in [`OsmExtract::refs`].
    pub refs: std::ops::Range<u32>,
    /// Speed along the way in km/h (0: not allowed in that direction).
    pub forward_kmh: f32,
    /// Speed against the way in km/h (0: not allowed).
    pub backward_kmh: f32,
    /// Index of the way's class in the profile's [`CarProfile::road_classes`].
    pub class: u8,
    /// Part of a roundabout (`junction=roundabout` or `circular`).
    pub roundabout: bool,
    /// Local access only: bit 0 along the way, bit 1 against it
    /// ([`CarProfile::restricted_access`]).
    pub restricted: u8,
}

/// The car-relevant content of an extract.
#[derive(Clone, Debug, Default)]
pub struct OsmExtract {
    /// Sorted ids of the referenced nodes; the position is the node index used in `refs`.
    pub node_ids: Vec<i64>,
    /// Coordinates per node index (meaningful where `found`).
    pub coords: Vec<FixedCoord>,
    /// Whether the node was present in the file.
    pub found: Vec<bool>,
    /// [`FLAG_BARRIER`] and the delay code ([`delay_code`]) per node index.
    pub flags: Vec<u8>,
    /// Accepted ways in file order.
    pub ways: Vec<RoadWay>,
    /// Node indices of all ways, concatenated.
    pub refs: Vec<u32>,
    /// Turn restrictions for cars (`no_*` and `only_*`), in file order.
    pub restrictions: Vec<TurnRestriction>,
    /// What was read.
    pub stats: ImportStats,
}

struct BlobRef {
    offset: ByteOffset,
}

/// Reads the car network of a PBF extract under `profile`.
pub fn read_extract(path: &Path, profile: &CarProfile) -> Result<OsmExtract> {
    profile.validate()?;
    let blobs = index_blobs(path)?;
    let sorted = read_header(path, &blobs)?;
    let data = &blobs[1..];

    // Pass 1: ways.
    let first_way_blob = if sorted {
        first_blob_with_ways(path, data)?
    } else {
        0
    };
    let pass1 = data[first_way_blob..]
        .par_iter()
        .enumerate()
        .map_init(
            || open_reader(path),
            |reader, (i, b)| {
                let block = decode(reader, path, b)?;
                guarded(path, || scan_ways(&block, profile, first_way_blob + i))
            },
        )
        .collect::<Result<Vec<WayChunk>>>()?;

    let mut stats = ImportStats {
        blobs: data.len(),
        way_blobs_decoded: pass1.len(),
        ..ImportStats::default()
    };
    let mut node_blobs: Vec<usize> = (0..first_way_blob).collect();
    let mut raw_ways = Vec::new();
    let mut raw_refs: Vec<i64> = Vec::new();
    let mut restrictions = Vec::new();
    for chunk in pass1 {
        stats.highway_ways += chunk.highway_ways;
        stats.restrictions += chunk.restriction_count;
        for why in chunk.skipped {
            *stats
                .restrictions_skipped
                .entry(why.to_string())
                .or_default() += 1;
        }
        restrictions.extend(chunk.restrictions);
        if chunk.has_nodes {
            node_blobs.push(chunk.blob);
        }
        let base = raw_refs.len() as u32;
        for mut w in chunk.ways {
            w.refs = (w.refs.start + base)..(w.refs.end + base);
            raw_ways.push(w);
        }
        raw_refs.extend_from_slice(&chunk.refs);
    }
    stats.car_ways = raw_ways.len();
    if raw_ways.is_empty() {
        return Err(RoadError::NoRoutableRoads {
            path: path.to_path_buf(),
            ways: stats.highway_ways,
        });
    }

    let mut node_ids = raw_refs.clone();
    node_ids.par_sort_unstable();
    node_ids.dedup();
    let refs: Vec<u32> = raw_refs
        .par_iter()
        .map(|id| node_ids.binary_search(id).expect("id taken from this list") as u32)
        .collect();
    drop(raw_refs);
    stats.road_nodes = node_ids.len();

    // Pass 2: coordinates of the referenced nodes.
    let hits = node_blobs
        .par_iter()
        .map_init(
            || open_reader(path),
            |reader, &i| {
                let block = decode(reader, path, &data[i])?;
                guarded(path, || Ok(scan_nodes(&block, &node_ids, profile)))
            },
        )
        .collect::<Result<Vec<Vec<NodeHit>>>>()?;
    let n = node_ids.len();
    let mut coords = vec![FixedCoord::default(); n];
    let mut found = vec![false; n];
    let mut flags = vec![0u8; n];
    for hit in hits.into_iter().flatten() {
        let i = hit.index as usize;
        coords[i] = hit.coord;
        found[i] = true;
        flags[i] = hit.flags;
    }
    stats.missing_nodes = found.iter().filter(|f| !**f).count();
    stats.barrier_nodes = flags.iter().filter(|f| **f & FLAG_BARRIER != 0).count();
    stats.delay_nodes = flags.iter().filter(|f| delay_code(**f) != 0).count();
    Ok(OsmExtract {
        node_ids,
        coords,
        found,
        flags,
        ways: raw_ways,
        refs,
        restrictions,
        stats,
    })
}

fn io_err(path: &Path, source: std::io::Error) -> RoadError {
    RoadError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn corrupt(path: &Path, detail: impl Into<String>) -> RoadError {
    RoadError::CorruptPbf {
        path: path.to_path_buf(),
        detail: detail.into(),
    }
}

/// Runs decoding code and turns any panic inside the PBF decoder into a typed error.
fn guarded<T>(path: &Path, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(corrupt(
            path,
            "the decoder failed on malformed block content",
        ))
    })
}

/// Lists every blob (offset only) by reading headers and seeking over the bodies; checks the
/// framing adds up to the file size, which catches truncation anywhere.
fn index_blobs(path: &Path) -> Result<Vec<BlobRef>> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let len = file.metadata().map_err(|e| io_err(path, e))?.len();
    let mut reader = BlobReader::new_seekable(std::io::BufReader::new(file))
        .map_err(|e| io_err(path, std::io::Error::other(e.to_string())))?;
    let mut blobs = Vec::new();
    let mut last: Option<(u64, i32)> = None;
    while let Some(item) = reader.next_header_skip_blob() {
        match item {
            Ok((header, offset)) => {
                let offset = offset.ok_or_else(|| corrupt(path, "blob offsets unavailable"))?;
                if blobs.is_empty() && header.blob_type() != osmpbf::BlobType::OsmHeader {
                    return Err(RoadError::NotPbf {
                        path: path.to_path_buf(),
                        detail: "the first block is not an OSMHeader block".into(),
                    });
                }
                last = Some((offset.0, header.get_blob_size()));
                blobs.push(BlobRef { offset });
            }
            Err(e) if blobs.is_empty() => {
                return Err(RoadError::NotPbf {
                    path: path.to_path_buf(),
                    detail: format!("no PBF block header at the start ({e})"),
                })
            }
            Err(e) => {
                return Err(corrupt(
                    path,
                    format!("block {} header unreadable: {e}", blobs.len()),
                ))
            }
        }
    }
    let Some((last_offset, last_size)) = last else {
        return Err(RoadError::NotPbf {
            path: path.to_path_buf(),
            detail: if len == 0 {
                "the file is empty".into()
            } else {
                "no PBF block found".into()
            },
        });
    };
    // Where the last blob ends: its offset, 4 bytes of header length, the header, the body.
    let mut f = File::open(path).map_err(|e| io_err(path, e))?;
    f.seek(SeekFrom::Start(last_offset))
        .map_err(|e| io_err(path, e))?;
    let mut size = [0u8; 4];
    f.read_exact(&mut size).map_err(|e| io_err(path, e))?;
    let end = last_offset + 4 + u32::from_be_bytes(size) as u64 + last_size.max(0) as u64;
    if end != len {
        return Err(corrupt(
            path,
            if end > len {
                format!("truncated: the last block ends at byte {end} but the file has {len}")
            } else {
                format!("{} unexpected bytes after the last block", len - end)
            },
        ));
    }
    if blobs.len() < 2 {
        return Err(RoadError::NoRoutableRoads {
            path: path.to_path_buf(),
            ways: 0,
        });
    }
    Ok(blobs)
}

fn open_reader(path: &Path) -> Result<BlobReader<std::io::BufReader<File>>> {
    BlobReader::seekable_from_path(path)
        .map_err(|e| io_err(path, std::io::Error::other(e.to_string())))
}

type Reader = Result<BlobReader<std::io::BufReader<File>>>;

fn decode(reader: &mut Reader, path: &Path, blob: &BlobRef) -> Result<PrimitiveBlock> {
    let reader = reader
        .as_mut()
        .map_err(|e| io_err(path, std::io::Error::other(e.to_string())))?;
    let at = blob.offset.0;
    let raw = reader
        .blob_from_offset(blob.offset)
        .map_err(|e| corrupt(path, format!("block at byte {at}: {e}")))?;
    match guarded(path, || {
        raw.decode()
            .map_err(|e| corrupt(path, format!("block at byte {at}: {e}")))
    })? {
        BlobDecode::OsmData(block) => Ok(block),
        BlobDecode::OsmHeader(_) => Err(corrupt(path, format!("second header block at byte {at}"))),
        BlobDecode::Unknown(kind) => Err(corrupt(
            path,
            format!("unknown block type {kind:?} at byte {at}"),
        )),
    }
}

/// Decodes the header block; refuses unknown required features; says whether the file is sorted.
fn read_header(path: &Path, blobs: &[BlobRef]) -> Result<bool> {
    let mut reader = open_reader(path)?;
    let raw = reader
        .blob_from_offset(blobs[0].offset)
        .map_err(|e| corrupt(path, format!("header block: {e}")))?;
    let header = guarded(path, || {
        raw.to_headerblock()
            .map_err(|e| corrupt(path, format!("header block: {e}")))
    })?;
    for feature in header.required_features() {
        if !matches!(
            feature.as_str(),
            "OsmSchema-V0.6" | "DenseNodes" | "HistoricalInformation"
        ) {
            return Err(RoadError::NotPbf {
                path: path.to_path_buf(),
                detail: format!("requires unsupported feature {feature:?}"),
            });
        }
    }
    Ok(header
        .optional_features()
        .iter()
        .any(|f| f == "Sort.Type_then_ID"))
}

fn has_nodes(block: &PrimitiveBlock) -> bool {
    block
        .groups()
        .any(|g| g.dense_nodes().len() > 0 || g.nodes().next().is_some())
}

fn has_ways_or_relations(block: &PrimitiveBlock) -> bool {
    block
        .groups()
        .any(|g| g.ways().next().is_some() || g.relations().next().is_some())
}

/// In a sorted file, the index of the first data blob that holds anything but nodes.
fn first_blob_with_ways(path: &Path, data: &[BlobRef]) -> Result<usize> {
    let mut reader = open_reader(path);
    let (mut lo, mut hi) = (0usize, data.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        let block = decode(&mut reader, path, &data[mid])?;
        if has_ways_or_relations(&block) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

struct WayChunk {
    blob: usize,
    has_nodes: bool,
    highway_ways: usize,
    ways: Vec<RoadWay>,
    refs: Vec<i64>,
    restrictions: Vec<TurnRestriction>,
    restriction_count: usize,
    skipped: Vec<&'static str>,
}

fn scan_ways(block: &PrimitiveBlock, profile: &CarProfile, blob: usize) -> Result<WayChunk> {
    let mut chunk = WayChunk {
        blob,
        has_nodes: has_nodes(block),
        highway_ways: 0,
        ways: Vec::new(),
        refs: Vec::new(),
        restrictions: Vec::new(),
        restriction_count: 0,
        skipped: Vec::new(),
    };
    let mut tags: Vec<(&str, &str)> = Vec::with_capacity(16);
    for group in block.groups() {
        for rel in group.relations() {
            tags.clear();
            tags.extend(rel.tags());
            match restriction_of(&rel, &tags) {
                Restriction::NotOne => {}
                Restriction::Skipped(why) => {
                    chunk.restriction_count += 1;
                    chunk.skipped.push(why);
                }
                Restriction::Kept(r) => {
                    chunk.restriction_count += 1;
                    chunk.restrictions.push(r);
                }
            }
        }
    }
    for group in block.groups() {
        for way in group.ways() {
            tags.clear();
            tags.extend(way.tags());
            if tags.iter().any(|(k, _)| *k == "highway") {
                chunk.highway_ways += 1;
            }
            if !profile.is_candidate(tags.as_slice()) {
                continue;
            }
            let (Some(speeds), Some(class)) = (
                profile.way_speeds(tags.as_slice()),
                profile.class_index(tags.as_slice()),
            ) else {
                continue;
            };
            let start = chunk.refs.len() as u32;
            chunk.refs.extend(way.refs());
            let end = chunk.refs.len() as u32;
            if end - start < 2 {
                chunk.refs.truncate(start as usize);
                continue;
            }
            chunk.ways.push(RoadWay {
                osm_id: way.id(),
                refs: start..end,
                forward_kmh: speeds.forward_kmh.unwrap_or(0.0) as f32,
                backward_kmh: speeds.backward_kmh.unwrap_or(0.0) as f32,
                class,
                roundabout: matches!(
                    crate::profile::Tags::get(tags.as_slice(), "junction"),
                    Some("roundabout" | "circular")
                ),
                restricted: u8::from(speeds.forward_restricted)
                    | u8::from(speeds.backward_restricted) << 1,
            });
        }
    }
    Ok(chunk)
}

enum Restriction {
    /// Not a turn restriction for cars.
    NotOne,
    /// A restriction for cars that cannot be used, and why.
    Skipped(&'static str),
    Kept(TurnRestriction),
}

/// Reads a relation as a turn restriction for cars (`type=restriction`, the value in
/// `restriction:motorcar` or else `restriction`, `except=` honoured).
fn restriction_of(rel: &osmpbf::Relation<'_>, tags: &[(&str, &str)]) -> Restriction {
    let tag = |k: &str| tags.iter().find(|(key, _)| *key == k).map(|(_, v)| *v);
    if tag("type") != Some("restriction") {
        return Restriction::NotOne;
    }
    let Some(value) = tag("restriction:motorcar").or(tag("restriction")) else {
        return Restriction::NotOne;
    };
    if tag("except").is_some_and(|e| e.split(';').any(|x| x.trim() == "motorcar")) {
        return Restriction::Skipped("except_motorcar");
    }
    let only = if value.starts_with("only_") {
        true
    } else if value.starts_with("no_") {
        false
    } else {
        return Restriction::Skipped("unknown_value");
    };
    let (mut from, mut to, mut via_node, mut via_ways) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for m in rel.members() {
        let role = m.role().unwrap_or("");
        match (role, m.member_type) {
            ("from", osmpbf::RelMemberType::Way) => from.push(m.member_id),
            ("to", osmpbf::RelMemberType::Way) => to.push(m.member_id),
            ("via", osmpbf::RelMemberType::Node) => via_node.push(m.member_id),
            ("via", osmpbf::RelMemberType::Way) => via_ways.push(m.member_id),
            _ => {}
        }
    }
    if from.len() != 1 || to.len() != 1 || via_node.len() + via_ways.len() == 0 {
        return Restriction::Skipped("missing_member");
    }
    let via = match (via_node.as_slice(), via_ways.is_empty()) {
        ([node], true) => RestrictionVia::Node(*node),
        ([], false) => RestrictionVia::Ways(via_ways),
        _ => return Restriction::Skipped("missing_member"),
    };
    Restriction::Kept(TurnRestriction {
        id: rel.id(),
        from_way: from[0],
        via,
        to_way: to[0],
        only,
    })
}

struct NodeHit {
    index: u32,
    coord: FixedCoord,
    flags: u8,
}

/// Finds node ids in the sorted list of wanted ids. Ids inside a block are usually ascending, so
/// a cursor gallops forward through the list; an id out of order falls back to binary search.
struct Lookup<'a> {
    ids: &'a [i64],
    cursor: usize,
    last: i64,
}

impl Lookup<'_> {
    fn find(&mut self, id: i64) -> Option<usize> {
        let ids = self.ids;
        let pos = if id >= self.last {
            if self.cursor < ids.len() && ids[self.cursor] < id {
                let mut step = 1;
                while self.cursor + step < ids.len() && ids[self.cursor + step] < id {
                    step *= 2;
                }
                let hi = (self.cursor + step + 1).min(ids.len());
                self.cursor += ids[self.cursor..hi].partition_point(|x| *x < id);
            }
            (self.cursor < ids.len() && ids[self.cursor] == id).then_some(self.cursor)
        } else {
            ids.binary_search(&id).ok()
        };
        self.last = id;
        pos
    }
}

fn node_flags(tags: &[(&str, &str)], profile: &CarProfile) -> u8 {
    let mut flags = 0;
    if !tags.is_empty() {
        if profile.node_blocks(tags) {
            flags |= FLAG_BARRIER;
        }
        flags |= profile.node_delay_code(tags) << DELAY_SHIFT;
    }
    flags
}

/// The hit for one node when its id is wanted; `buf` is reused for its tags.
fn keep<'a>(
    lookup: &mut Lookup,
    (id, lon, lat): (i64, i32, i32),
    tags: impl Iterator<Item = (&'a str, &'a str)>,
    buf: &mut Vec<(&'a str, &'a str)>,
    profile: &CarProfile,
) -> Option<NodeHit> {
    let pos = lookup.find(id)?;
    buf.clear();
    buf.extend(tags);
    Some(NodeHit {
        index: pos as u32,
        coord: FixedCoord { lon, lat },
        flags: node_flags(buf, profile),
    })
}

/// Keeps the nodes of a block whose id is in `ids`.
fn scan_nodes(block: &PrimitiveBlock, ids: &[i64], profile: &CarProfile) -> Vec<NodeHit> {
    let mut hits = Vec::new();
    let mut lookup = Lookup {
        ids,
        cursor: 0,
        last: i64::MIN,
    };
    let mut buf: Vec<(&str, &str)> = Vec::new();
    for group in block.groups() {
        for n in group.dense_nodes() {
            let at = (n.id(), n.decimicro_lon(), n.decimicro_lat());
            hits.extend(keep(&mut lookup, at, n.tags(), &mut buf, profile));
        }
        for n in group.nodes() {
            let at = (n.id(), n.decimicro_lon(), n.decimicro_lat());
            hits.extend(keep(&mut lookup, at, n.tags(), &mut buf, profile));
        }
    }
    hits
}
