//! # tournee-roads
//!
//! The road network behind tournee's rounds: from an OpenStreetMap PBF extract to exact
//! travel-time and distance matrices and turn-by-turn geometry, in-process, with no server.
//!
//! 1. [`osm`] reads the extract in two parallel passes (ways, then only the nodes they use), so
//!    memory follows the road network, not the file.
//! 2. [`CarProfile`] decides which ways a car may use, in which direction and how fast (OSRM's
//!    car speeds, `maxspeed`, one-way, access, barriers, delays at signals and gates, ferries,
//!    turn costs, calibration factors; all overridable).
//! 3. [`RoadGraph`] keeps intersections as nodes and the road pieces between them as chains with
//!    per-segment length and time, restricted to the largest strongly connected component, with
//!    the turns OSM restrictions ban (via a node or via ways).
//! 4. [`ch`] prepares a contraction hierarchy over the *turn graph* (edge-based: its nodes are
//!    the arcs, its edges the allowed turns with their cost); [`RoadNetwork::matrix`] answers
//!    many-to-many tables with buckets, [`RoadNetwork::route`] returns the road path as GeoJSON.
//!    Points snap to the nearest road a patient can live on (not motorways, trunks, their links
//!    or ferries, by default: [`RoadNetwork::set_snap_excluded`]).
//! 5. [`RoadNetwork::save`] / [`RoadNetwork::load`] keep the prepared region on disk.
//!
//! Costs are exact integers (milliseconds and decimetres, see [`cost`]); a matrix cell equals a
//! plain Dijkstra on the same turn graph, including the partial segments at both snapped ends.
//!
//! ```
//! use tournee_roads::osm::{OsmNode, OsmWay, PbfWriter};
//! use tournee_roads::{Coord, RoadNetwork};
//!
//! // A tiny map: a 1 km residential street.
//! let mut map = PbfWriter::default();
//! for (id, lon) in [(1, 2.000), (2, 2.0065), (3, 2.013)] {
//!     map.nodes.push(OsmNode { id, lon, lat: 45.0, tags: vec![] });
//! }
//! let tag = |k: &str, v: &str| (k.to_string(), v.to_string());
//! map.ways.push(OsmWay { id: 10, nodes: vec![1, 2, 3], tags: vec![tag("highway", "residential")] });
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("example.osm.pbf");
//! map.write(&path)?;
//!
//! let net = RoadNetwork::from_osm(&path)?;
//! let points = [Coord::new(2.001, 45.0001), Coord::new(2.012, 45.0001)];
//! let m = net.matrix(&points)?;
//! let metres = m.distance_m(0, 1).unwrap();
//! assert!((metres - 865.0).abs() < 1.0, "{metres}");
//! let seconds = m.duration_s(0, 1).unwrap(); // 25 km/h, no maxspeed
//! assert!((seconds - metres / (25.0 / 3.6)).abs() < 0.05, "{seconds} s for {metres} m");
//! let route = net.route(points[0], points[1])?;
//! assert_eq!(route.duration_s, seconds);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(missing_docs)]

mod atomic;
mod build;
pub mod ch;
pub mod cost;
mod error;
mod geo;
mod graph;
mod matrix;
mod network;
pub mod osm;
pub mod profile;
mod route;
mod snap;
mod storage;
pub mod synthetic;
#[cfg(test)]
mod turn_props;
mod turns;

pub use atomic::write_atomic;
pub use ch::ContractionHierarchy;
pub use error::{Result, RoadError};
pub use geo::{Coord, FixedCoord, EARTH_RADIUS_M};
pub use graph::{Arc, RoadGraph, NO_WAY};
pub use matrix::Matrix;
pub use network::{NetworkInfo, RoadNetwork, DEFAULT_SNAP_EXCLUDED, DEFAULT_SNAP_RADIUS_M};
pub use osm::ImportStats;
pub use profile::{CarProfile, Tags, WaySpeeds};
pub use route::Route;
pub use snap::{Snap, SnapIndex};
