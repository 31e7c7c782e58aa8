//! Saving a prepared network to a file and loading it back.
//!
//! Layout: a 16-byte magic, a format version, then length-prefixed sections (raw little-endian
//! arrays and one JSON section for the profile and import counts), then a CRC-32 of everything
//! before it. Loading checks the checksum, every length and every internal invariant, so a
//! damaged or foreign file gives [`RoadError::InvalidPreparedFile`], never a panic.

use std::path::Path;

use bytemuck::Pod;

use crate::ch::{ContractionHierarchy, UpArc};
use crate::error::{Result, RoadError};
use crate::geo::FixedCoord;
use crate::graph::{Arc, RoadGraph};
use crate::network::RoadNetwork;
use crate::osm::ImportStats;
use crate::profile::CarProfile;

const MAGIC: &[u8; 16] = b"tournee-roads\0\0\x01";
/// Version 2: edge-based (the hierarchy is over the turn graph) with banned turns.
/// Version 3: road class and roundabout flag per chain, classes not snapped to, restrictions
/// via ways.
/// Version 4: costs count entries into local-access-only roads (see `cost`).
const VERSION: u32 = 4;

#[cfg(not(target_endian = "little"))]
compile_error!("prepared network files are little-endian; big-endian targets are not supported");

#[derive(serde::Serialize, serde::Deserialize)]
struct Meta {
    profile: CarProfile,
    import: ImportStats,
    snap_radius_m: f64,
    snap_excluded: Vec<String>,
    classes: Vec<String>,
}

fn section<T: Pod>(out: &mut Vec<u8>, data: &[T]) {
    let bytes: &[u8] = bytemuck::cast_slice(data);
    out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
    out.extend_from_slice(bytes);
}

impl RoadNetwork {
    /// Writes the prepared network (graph, hierarchy, profile) to `path`, atomically (a
    /// temporary file in the same folder renamed into place, so a reader never sees half a file).
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let out = self.to_prepared_bytes();
        let io = |source| RoadError::Io {
            path: path.to_path_buf(),
            source,
        };
        crate::write_atomic(path, &out).map_err(io)
    }

    /// The prepared network as the bytes [`RoadNetwork::save`] writes (to ship a network to
    /// another process without a file: Python's pickle, a cluster's workers).
    ///
    /// ```
    /// use tournee_roads::synthetic::{rural_network, RuralOptions};
    /// let pbf = std::env::temp_dir().join(format!("bytes-doc-{}.osm.pbf", std::process::id()));
    /// rural_network(&RuralOptions::default()).osm.write(&pbf).unwrap();
    /// let net = tournee_roads::RoadNetwork::from_osm(&pbf).unwrap();
    /// # std::fs::remove_file(&pbf).ok();
    /// let bytes = net.to_prepared_bytes();
    /// let back = tournee_roads::RoadNetwork::from_prepared_bytes(&bytes, "in memory").unwrap();
    /// assert_eq!(back.info().nodes, net.info().nodes);
    /// ```
    pub fn to_prepared_bytes(&self) -> Vec<u8> {
        let g = &self.graph;
        let h = &self.ch;
        let mut out = Vec::with_capacity(self.info().memory_bytes + 1024);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        let meta = Meta {
            profile: self.profile.clone(),
            import: self.import.clone(),
            snap_radius_m: self.snap_radius_m(),
            snap_excluded: self.snap_excluded().iter().cloned().collect(),
            classes: g.class_names.clone(),
        };
        let json = serde_json::to_vec(&meta).expect("metadata serialises");
        section(&mut out, &json);
        section(&mut out, &g.node_coords);
        section(&mut out, &g.first_out);
        section(&mut out, &g.arcs);
        section(&mut out, &g.chain_from);
        section(&mut out, &g.chain_to);
        section(&mut out, &g.chain_first);
        section(&mut out, &g.chain_way);
        section(&mut out, &g.chain_class);
        section(&mut out, &g.chain_flags);
        section(&mut out, &g.points);
        section(&mut out, &g.seg_len_dm);
        section(&mut out, &g.seg_fwd_ms);
        section(&mut out, &g.seg_bwd_ms);
        section(&mut out, &g.banned_turns);
        section(&mut out, &g.turn_paths);
        let delays: Vec<[u32; 2]> = g.node_delays.iter().map(|&(v, ms)| [v, ms]).collect();
        section(&mut out, &delays);
        section(&mut out, &h.rank);
        section(&mut out, &h.node_at);
        section(&mut out, &h.fwd_first);
        section(&mut out, &h.fwd);
        section(&mut out, &h.bwd_first);
        section(&mut out, &h.bwd);
        let crc = crc32fast::hash(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    /// Loads a network written by [`RoadNetwork::save`].
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| RoadError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_prepared_bytes(&bytes, path)
    }

    /// Reads a network from the bytes of [`RoadNetwork::to_prepared_bytes`] (or of a prepared
    /// file); `name` names the source in errors. Checked as [`RoadNetwork::load`] checks a
    /// file.
    pub fn from_prepared_bytes(bytes: &[u8], name: impl AsRef<Path>) -> Result<Self> {
        let path = name.as_ref();
        let bad = |detail: String| RoadError::InvalidPreparedFile {
            path: path.to_path_buf(),
            detail,
        };
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad(
                "it does not start with the tournee-roads signature".into()
            ));
        }
        let version = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes"));
        if version != VERSION {
            return Err(bad(format!(
                "format version {version}, this build reads version {VERSION} (prepare it again \
                 from the .osm.pbf with this version: `tournee prepare`)"
            )));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let crc = u32::from_le_bytes(tail.try_into().expect("4 bytes"));
        if crc32fast::hash(body) != crc {
            return Err(bad(
                "checksum mismatch: the file is truncated or damaged".into()
            ));
        }
        let mut r = Sections {
            data: &body[20..],
            bad: &bad,
        };
        let meta: Meta =
            serde_json::from_slice(r.bytes()?).map_err(|e| bad(format!("metadata: {e}")))?;
        let graph = RoadGraph {
            node_coords: r.array::<FixedCoord>()?,
            first_out: r.array()?,
            arcs: r.array::<Arc>()?,
            chain_from: r.array()?,
            chain_to: r.array()?,
            chain_first: r.array()?,
            chain_way: r.array()?,
            chain_class: r.array()?,
            chain_flags: r.array()?,
            class_names: meta.classes,
            points: r.array::<FixedCoord>()?,
            seg_len_dm: r.array()?,
            seg_fwd_ms: r.array()?,
            seg_bwd_ms: r.array()?,
            banned_turns: r.array::<[u32; 2]>()?,
            turn_paths: r.array()?,
            node_delays: r
                .array::<[u32; 2]>()?
                .into_iter()
                .map(|[v, ms]| (v, ms))
                .collect(),
        };
        let ch = ContractionHierarchy {
            rank: r.array()?,
            node_at: r.array()?,
            fwd_first: r.array()?,
            fwd: r.array::<UpArc>()?,
            bwd_first: r.array()?,
            bwd: r.array::<UpArc>()?,
        };
        if !r.data.is_empty() {
            return Err(bad(format!("{} unexpected bytes at the end", r.data.len())));
        }
        graph.check().map_err(&bad)?;
        meta.profile.validate().map_err(|e| bad(e.to_string()))?;
        let import = meta.import;
        let turns = crate::turns::TurnTable::new(&graph, &meta.profile);
        ch.check(turns.node_count()).map_err(&bad)?;
        let mut net = RoadNetwork::from_parts(graph, ch, turns, import, meta.profile);
        net.set_snap_radius_m(meta.snap_radius_m)
            .map_err(|e| bad(e.to_string()))?;
        net.set_snap_excluded(&meta.snap_excluded)
            .map_err(|e| bad(e.to_string()))?;
        Ok(net)
    }
}

struct Sections<'a, F: Fn(String) -> RoadError> {
    data: &'a [u8],
    bad: &'a F,
}

impl<'a, F: Fn(String) -> RoadError> Sections<'a, F> {
    fn bytes(&mut self) -> Result<&'a [u8]> {
        if self.data.len() < 8 {
            return Err((self.bad)("a section header is missing".into()));
        }
        let len = u64::from_le_bytes(self.data[..8].try_into().expect("8 bytes"));
        let rest = &self.data[8..];
        if len > rest.len() as u64 {
            return Err((self.bad)(format!(
                "a section claims {len} bytes, only {} remain",
                rest.len()
            )));
        }
        let (s, tail) = rest.split_at(len as usize);
        self.data = tail;
        Ok(s)
    }

    fn array<T: Pod>(&mut self) -> Result<Vec<T>> {
        let size = std::mem::size_of::<T>();
        let s = self.bytes()?;
        if s.len() % size != 0 {
            return Err((self.bad)(format!(
                "a section of {} bytes is not a whole number of {size}-byte items",
                s.len()
            )));
        }
        Ok(bytemuck::pod_collect_to_vec(s))
    }
}
