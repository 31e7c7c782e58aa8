//! [`RoadNetwork`]: the prepared network and every query on it.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;

use crate::ch::{self, ContractionHierarchy};
use crate::cost::{length_dm, time_ms, Cost, UNREACHABLE};
use crate::error::{Result, RoadError};
use crate::geo::Coord;
use crate::graph::{RoadGraph, BACKWARD};
use crate::matrix::Matrix;
use crate::osm::{read_extract, ImportStats};
use crate::profile::CarProfile;
use crate::route::Route;
use crate::snap::{direct_cost, Snap, SnapIndex};
use crate::turns::TurnTable;

/// How a route goes: along one road piece (cost, forwards), through arcs (cost, arcs), or not.
pub(crate) enum Drive {
    Direct(Cost, bool),
    Arcs(Cost, Vec<u32>),
    None,
}

/// Default snap radius in metres.
pub const DEFAULT_SNAP_RADIUS_M: f64 = 1_000.0;

/// Road classes points are never snapped to by default: nobody is visited on a motorway, a
/// dual carriageway, their slip roads or a ferry line (a farm beside the motorway is reached
/// by the lane behind it).
pub const DEFAULT_SNAP_EXCLUDED: [&str; 5] =
    ["motorway", "motorway_link", "trunk", "trunk_link", "ferry"];

/// Facts about a prepared network.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct NetworkInfo {
    /// What the OSM import read (zero when the graph came from elsewhere).
    pub import: ImportStats,
    /// Graph nodes (intersections, way ends).
    pub nodes: usize,
    /// Directed arcs.
    pub arcs: usize,
    /// Road segments between consecutive OSM nodes.
    pub segments: usize,
    /// Total road length in km (each road piece counted once).
    pub road_km: f64,
    /// Shortcuts added by the contraction hierarchy.
    pub shortcuts: usize,
    /// Bytes held by the graph and the hierarchy.
    pub memory_bytes: usize,
}

/// A road network ready for queries: graph, contraction hierarchy and spatial index.
///
/// ```no_run
/// use tournee_roads::{Coord, RoadNetwork};
/// let net = RoadNetwork::from_osm("andorra.osm.pbf")?;
/// net.save("andorra.roads")?; // prepare once, load many times
/// let pts = [Coord::new(1.5211, 42.5063), Coord::new(1.5983, 42.5345)];
/// let m = net.matrix(&pts)?;
/// println!("{:?} s, {:?} m", m.duration_s(0, 1), m.distance_m(0, 1));
/// let route = net.route(pts[0], pts[1])?;
/// println!("{}", route.to_geojson());
/// # Ok::<(), tournee_roads::RoadError>(())
/// ```
#[derive(Debug)]
pub struct RoadNetwork {
    pub(crate) graph: RoadGraph,
    pub(crate) ch: ContractionHierarchy,
    pub(crate) import: ImportStats,
    pub(crate) profile: CarProfile,
    /// Turn rules and costs under the profile (derived from the graph, not stored).
    pub(crate) turns: TurnTable,
    index: OnceLock<SnapIndex>,
    snap_radius_m: f64,
    snap_excluded: BTreeSet<String>,
}

impl RoadNetwork {
    /// Reads an OSM PBF extract with the default [`CarProfile`] and prepares it.
    pub fn from_osm(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_osm_with(path, &CarProfile::default())
    }

    /// Reads an OSM PBF extract with the given profile and prepares it.
    pub fn from_osm_with(path: impl AsRef<Path>, profile: &CarProfile) -> Result<Self> {
        let (graph, import) = RoadGraph::from_osm(path.as_ref(), profile)?;
        let mut net = Self::from_graph_with(graph, profile);
        net.import = import;
        Ok(net)
    }

    /// Prepares a graph (contraction hierarchy) for queries, with the default profile's turn
    /// costs.
    pub fn from_graph(graph: RoadGraph) -> Self {
        Self::from_graph_with(graph, &CarProfile::default())
    }

    /// Prepares a graph for queries with `profile`'s turn model: the hierarchy is built over
    /// the turn graph (nodes are the arcs, edges the allowed turns with their costs).
    pub fn from_graph_with(graph: RoadGraph, profile: &CarProfile) -> Self {
        let turns = TurnTable::new(&graph, profile);
        let ch = ch::contract(turns.node_count(), &turns.edges(&graph));
        Self::from_parts(graph, ch, turns, ImportStats::default(), profile.clone())
    }

    /// Assembles a network; `turns` is the turn table of `graph` under `profile`.
    pub(crate) fn from_parts(
        graph: RoadGraph,
        ch: ContractionHierarchy,
        turns: TurnTable,
        import: ImportStats,
        profile: CarProfile,
    ) -> Self {
        RoadNetwork {
            graph,
            ch,
            import,
            profile,
            turns,
            index: OnceLock::new(),
            snap_radius_m: DEFAULT_SNAP_RADIUS_M,
            snap_excluded: DEFAULT_SNAP_EXCLUDED
                .iter()
                .map(|c| c.to_string())
                .collect(),
        }
    }

    /// Where a route from snap `s` enters the turn graph: for each direction cars may leave
    /// `s`, every arc they may turn into at the end of its road piece, with the cost so far.
    pub(crate) fn source_entries(&self, s: &Snap) -> Vec<(u32, Cost)> {
        let g = &self.graph;
        let o = s.offsets(g);
        let mut v = Vec::with_capacity(6);
        for (forward, to_end) in [(true, o.fwd.map(|x| x.1)), (false, o.bwd.map(|x| x.1))] {
            let (Some(to_end), Some(d)) = (to_end, self.turns.arc_of(s.chain, forward)) else {
                continue;
            };
            for (f, ms) in self.turns.turns_from(g, d) {
                if self.turns.routable(f) {
                    v.push((f, to_end.saturating_add(self.turns.turn_cost(g, d, f, ms))));
                }
            }
        }
        v
    }

    /// Where a route to snap `t` leaves the turn graph: the arcs of `t`'s road piece, with the
    /// cost from their start to `t`.
    pub(crate) fn target_entries(&self, t: &Snap) -> Vec<(u32, Cost)> {
        let o = t.offsets(&self.graph);
        let mut v = Vec::with_capacity(2);
        for (forward, from_start) in [(true, o.fwd.map(|x| x.0)), (false, o.bwd.map(|x| x.0))] {
            if let (Some(c), Some(d)) = (from_start, self.turns.arc_of(t.chain, forward)) {
                // Arriving on the arc itself or on a copy of it (after a restricted path).
                for node in std::iter::once(d).chain(self.turns.copies_of(d)) {
                    if self.turns.routable(node) {
                        v.push((node, c));
                    }
                }
            }
        }
        v
    }

    fn ranked(&self, entries: Vec<(u32, Cost)>) -> Vec<(u32, Cost)> {
        entries
            .into_iter()
            .map(|(v, c)| (self.ch.rank[v as usize], c))
            .collect()
    }

    /// The underlying graph.
    pub fn graph(&self) -> &RoadGraph {
        &self.graph
    }

    /// The contraction hierarchy.
    pub fn hierarchy(&self) -> &ContractionHierarchy {
        &self.ch
    }

    /// The profile the network was built with.
    pub fn profile(&self) -> &CarProfile {
        &self.profile
    }

    /// Sizes and import counts.
    pub fn info(&self) -> NetworkInfo {
        NetworkInfo {
            import: self.import.clone(),
            nodes: self.graph.node_count(),
            arcs: self.graph.arc_count(),
            segments: self.graph.segment_count(),
            road_km: self.graph.total_length_km(),
            shortcuts: self.ch.shortcut_count(),
            memory_bytes: self.graph.memory_bytes()
                + self.ch.memory_bytes()
                + self.turns.memory_bytes(),
        }
    }

    /// Points farther than this from every road are refused (metres).
    pub fn snap_radius_m(&self) -> f64 {
        self.snap_radius_m
    }

    /// Sets the snap radius in metres (finite, > 0).
    pub fn set_snap_radius_m(&mut self, radius_m: f64) -> Result<()> {
        if !(radius_m.is_finite() && radius_m > 0.0) {
            return Err(RoadError::InvalidProfile {
                key: "snap_radius_m".into(),
                detail: format!("{radius_m} must be a finite number above 0"),
            });
        }
        self.snap_radius_m = radius_m;
        Ok(())
    }

    /// The road classes points are not snapped to (default [`DEFAULT_SNAP_EXCLUDED`]).
    pub fn snap_excluded(&self) -> &BTreeSet<String> {
        &self.snap_excluded
    }

    /// Sets the road classes points are not snapped to: `highway=*` values of the profile or
    /// `ferry` (see [`CarProfile::road_classes`]); an empty set snaps to any routable road.
    /// A name that is not a class of the network is refused ([`RoadError::InvalidProfile`],
    /// key `snap_excluded`), so a typo does not silently snap onto motorways.
    ///
    /// ```
    /// use tournee_roads::synthetic::{rural_network, RuralOptions};
    /// let pbf = std::env::temp_dir().join(format!("exclude-doc-{}.osm.pbf", std::process::id()));
    /// rural_network(&RuralOptions::default()).osm.write(&pbf).unwrap();
    /// let mut net = tournee_roads::RoadNetwork::from_osm(&pbf).unwrap();
    /// # std::fs::remove_file(&pbf).ok();
    /// assert!(net.snap_excluded().contains("motorway"));
    /// net.set_snap_excluded(["motorway", "service"]).unwrap();
    /// assert!(net.set_snap_excluded(["motorways"]).is_err());
    /// ```
    pub fn set_snap_excluded<S: AsRef<str>>(
        &mut self,
        classes: impl IntoIterator<Item = S>,
    ) -> Result<()> {
        let g = &self.graph;
        let known: BTreeSet<&str> = g
            .class_names
            .iter()
            .map(String::as_str)
            .chain(DEFAULT_SNAP_EXCLUDED)
            .collect();
        let mut set = BTreeSet::new();
        for c in classes {
            let c = c.as_ref();
            if !known.contains(c) {
                return Err(RoadError::InvalidProfile {
                    key: "snap_excluded".into(),
                    detail: format!(
                        "{c:?} is not a road class of this network (one of {})",
                        known.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
            set.insert(c.to_string());
        }
        if set != self.snap_excluded {
            self.snap_excluded = set;
            self.index = OnceLock::new();
        }
        Ok(())
    }

    /// The road class (`highway=*` value, or `ferry`) of the road a point snapped to.
    pub fn road_class(&self, snap: &Snap) -> &str {
        self.graph.chain_class_name(snap.chain)
    }

    /// Builds the spatial index now (it is otherwise built on the first snap). It holds the
    /// roads a route may start or end on whose class is not excluded.
    pub fn prepare_index(&self) -> &SnapIndex {
        self.index.get_or_init(|| {
            let g = &self.graph;
            let excluded: Vec<bool> = g
                .class_names
                .iter()
                .map(|c| self.snap_excluded.contains(c))
                .collect();
            SnapIndex::new(g, |c| {
                !excluded[g.chain_class[c as usize] as usize] && self.turns.chain_routable(c)
            })
        })
    }

    /// Snaps one point to the nearest routable segment.
    pub fn snap(&self, point: Coord) -> Result<Snap> {
        self.prepare_index()
            .snap(&self.graph, "point", 0, point, self.snap_radius_m)
    }

    /// Snaps many points in parallel; an error names the first failing point's index.
    pub fn snap_all(&self, points: &[Coord]) -> Result<Vec<Snap>> {
        self.snap_list("point", points)
    }

    /// Snaps many points in parallel; an error names the failing point as the `index`-th of
    /// `list` (`"source"`, `"target"`, …).
    pub fn snap_list(&self, list: &'static str, points: &[Coord]) -> Result<Vec<Snap>> {
        let index = self.prepare_index();
        points
            .par_iter()
            .enumerate()
            .map(|(i, p)| index.snap(&self.graph, list, i, *p, self.snap_radius_m))
            .collect()
    }

    /// Square travel-time / distance matrix between `points`.
    pub fn matrix(&self, points: &[Coord]) -> Result<Matrix> {
        let snaps = self.snap_all(points)?;
        Ok(self.matrix_snapped(&snaps, &snaps))
    }

    /// Matrix from every source to every target.
    pub fn matrix_between(&self, sources: &[Coord], targets: &[Coord]) -> Result<Matrix> {
        let s = self.snap_list("source", sources)?;
        let t = self.snap_list("target", targets)?;
        Ok(self.matrix_snapped(&s, &t))
    }

    /// Matrix between already snapped points.
    pub fn matrix_snapped(&self, sources: &[Snap], targets: &[Snap]) -> Matrix {
        let s_entries: Vec<_> = sources
            .par_iter()
            .map(|s| self.ranked(self.source_entries(s)))
            .collect();
        let t_entries: Vec<_> = targets
            .par_iter()
            .map(|t| self.ranked(self.target_entries(t)))
            .collect();
        let mut costs = ch::many_to_many(&self.ch, &s_entries, &t_entries);
        // Pairs on the same road piece may be joined without reaching an intersection.
        let mut by_chain: HashMap<u32, Vec<usize>> = HashMap::new();
        for (j, t) in targets.iter().enumerate() {
            by_chain.entry(t.chain).or_default().push(j);
        }
        for (i, s) in sources.iter().enumerate() {
            if let Some(js) = by_chain.get(&s.chain) {
                for &j in js {
                    if let Some((c, _)) = direct_cost(&self.graph, s, &targets[j]) {
                        let cell = &mut costs[i * targets.len() + j];
                        *cell = (*cell).min(c);
                    }
                }
            }
        }
        Matrix::new(sources.len(), targets.len(), costs)
    }

    /// The fastest road path between two points, with geometry. Errors name the point as
    /// `from 0` or `to 0`.
    pub fn route(&self, from: Coord, to: Coord) -> Result<Route> {
        let index = self.prepare_index();
        let a = index.snap(&self.graph, "from", 0, from, self.snap_radius_m)?;
        let b = index.snap(&self.graph, "to", 0, to, self.snap_radius_m)?;
        Ok(self.route_snapped(&a, &b))
    }

    /// The fastest road path between two snapped points. In a graph that is not strongly
    /// connected the route may not exist: then its duration is infinite and geometry empty.
    pub fn route_snapped(&self, a: &Snap, b: &Snap) -> Route {
        let g = &self.graph;
        let path = self.drive(a, b);
        let mut coords: Vec<Coord> = vec![a.snapped];
        let mut ways: Vec<i64> = vec![a.way_id];
        let cost;
        if let Drive::Direct(c, forward) = path {
            cost = c;
            self.push_partial(a, Some(b), forward, &mut coords);
        } else if let Drive::Arcs(c, seq) = path {
            cost = c;
            // Leave the start chain towards the node the first arc starts from.
            let forward = g.chain_to[a.chain as usize] == self.turns.tail(seq[0]);
            self.push_partial(a, None, forward, &mut coords);
            for &e in &seq[..seq.len() - 1] {
                let code = g.arcs[e as usize].chain;
                let chain = code & !BACKWARD;
                let pts = &g.points[g.point_range(chain)];
                if code & BACKWARD == 0 {
                    coords.extend(pts.iter().skip(1).map(|p| p.to_coord()));
                } else {
                    coords.extend(pts.iter().rev().skip(1).map(|p| p.to_coord()));
                }
                if ways.last() != Some(&g.chain_way[chain as usize]) {
                    ways.push(g.chain_way[chain as usize]);
                }
            }
            // Enter the end chain along the last arc, up to b.
            let last = g.arcs[*seq.last().expect("a path has an arc") as usize].chain;
            let forward = last & BACKWARD == 0;
            let mut tail = vec![b.snapped];
            self.push_partial(b, None, !forward, &mut tail);
            tail.pop();
            coords.extend(tail.into_iter().rev());
            coords.push(b.snapped);
        } else {
            return Route {
                duration_s: f64::INFINITY,
                distance_m: f64::INFINITY,
                coordinates: Vec::new(),
                way_ids: Vec::new(),
            };
        }
        if ways.last() != Some(&b.way_id) {
            ways.push(b.way_id);
        }
        coords.dedup();
        Route {
            duration_s: time_ms(cost) as f64 / 1000.0,
            distance_m: length_dm(cost) as f64 / 10.0,
            coordinates: coords,
            way_ids: ways,
        }
    }

    /// The fastest way from `a` to `b`: along their common road piece, or through the turn
    /// graph as the arcs driven (the first entered after leaving `a`'s road piece, …, the arc
    /// of `b`'s road piece, driven up to `b`).
    pub(crate) fn drive(&self, a: &Snap, b: &Snap) -> Drive {
        let via = ch::shortest_path(
            &self.ch,
            &self.ranked(self.source_entries(a)),
            &self.ranked(self.target_entries(b)),
        );
        let direct = direct_cost(&self.graph, a, b);
        match (via, direct) {
            (Some(p), Some((c, _))) if p.cost < c => Drive::Arcs(p.cost, self.arcs_of(&p)),
            (_, Some((c, forward))) => Drive::Direct(c, forward),
            (Some(p), None) => Drive::Arcs(p.cost, self.arcs_of(&p)),
            (None, None) => Drive::None,
        }
    }

    /// The real arcs of a path of the hierarchy (copies of via arcs mapped back).
    fn arcs_of(&self, p: &ch::RankPath) -> Vec<u32> {
        let real = |rank: u32| self.turns.real(self.ch.node_at[rank as usize]);
        let mut seq = vec![real(p.first)];
        seq.extend(p.arcs.iter().map(|&(_, y, _)| real(y)));
        seq
    }

    /// Appends the chain points after snap `a` in a direction: up to snap `b` when given
    /// (then `b` itself), otherwise up to the chain's end in that direction.
    fn push_partial(&self, a: &Snap, b: Option<&Snap>, forward: bool, out: &mut Vec<Coord>) {
        let g = &self.graph;
        let range = g.point_range(a.chain);
        let k = a.slot as usize;
        if forward {
            let end = b.map_or(range.end - 1, |b| b.slot as usize);
            out.extend((k + 1..=end).map(|i| g.points[i].to_coord()));
        } else {
            let end = b.map_or(range.start, |b| b.slot as usize + 1);
            let mut i = k;
            while i >= end && i >= range.start {
                out.push(g.points[i].to_coord());
                if i == 0 {
                    break;
                }
                i -= 1;
            }
        }
        if let Some(b) = b {
            out.push(b.snapped);
        }
    }

    /// Reference matrix by plain Dijkstra (petgraph) on the uncontracted turn graph (nodes
    /// are arcs, edges the allowed turns with their costs): slow, exact, independent of the
    /// hierarchy. For tests and verification.
    pub fn dijkstra_matrix(&self, sources: &[Snap], targets: &[Snap]) -> Matrix {
        use petgraph::graph::{DiGraph, NodeIndex};
        let g = &self.graph;
        let n = self.turns.node_count();
        let edges = self.turns.edges(g);
        let mut pg: DiGraph<(), Cost> = DiGraph::with_capacity(n + 1, edges.len() + 8);
        for _ in 0..=n {
            pg.add_node(());
        }
        for (e, f, c) in edges {
            pg.add_edge(NodeIndex::new(e as usize), NodeIndex::new(f as usize), c);
        }
        let virtual_source = NodeIndex::new(n);
        let mut costs = Vec::with_capacity(sources.len() * targets.len());
        for s in sources {
            let mut h = pg.clone();
            for (v, c) in self.source_entries(s) {
                h.add_edge(virtual_source, NodeIndex::new(v as usize), c);
            }
            let dist = petgraph::algo::dijkstra(&h, virtual_source, None, |e| *e.weight());
            for t in targets {
                let mut best = self
                    .target_entries(t)
                    .into_iter()
                    .filter_map(|(v, c)| {
                        dist.get(&NodeIndex::new(v as usize))
                            .map(|d| d.saturating_add(c))
                    })
                    .min()
                    .unwrap_or(UNREACHABLE);
                if let Some((c, _)) = direct_cost(g, s, t) {
                    best = best.min(c);
                }
                costs.push(best);
            }
        }
        Matrix::new(sources.len(), targets.len(), costs)
    }
}

impl RoadGraph {
    /// Reads an extract and builds its graph (without preparing the hierarchy).
    pub fn from_osm(path: &Path, profile: &CarProfile) -> Result<(RoadGraph, ImportStats)> {
        let extract = read_extract(path, profile)?;
        crate::build::build_graph(&extract, profile).map_err(|e| match e {
            RoadError::InvalidGraph(_) => RoadError::NoRoutableRoads {
                path: path.to_path_buf(),
                ways: extract.stats.highway_ways,
            },
            other => other,
        })
    }

    /// Builds a graph from an in-memory extract (ways and node coordinates).
    pub fn from_extract(
        extract: &crate::osm::OsmExtract,
        profile: &CarProfile,
    ) -> Result<RoadGraph> {
        crate::build::build_graph(extract, profile).map(|(graph, _)| graph)
    }
}
