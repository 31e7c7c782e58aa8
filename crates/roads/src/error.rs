//! Typed errors for every way the road network can refuse its input.

use std::path::PathBuf;

/// Everything that can go wrong while reading a map, preparing it or answering a query.
///
/// Every variant names the offending item: the file, the point index, the profile key.
#[derive(Debug, thiserror::Error)]
pub enum RoadError {
    /// A file could not be opened, read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file exists but is not an OpenStreetMap PBF file.
    #[error("{path} is not an OpenStreetMap PBF file: {detail}")]
    NotPbf {
        /// The file concerned.
        path: PathBuf,
        /// What the reader found instead.
        detail: String,
    },
    /// The file starts like a PBF file but is truncated or corrupted.
    #[error("{path} is a truncated or corrupted PBF file: {detail}")]
    CorruptPbf {
        /// The file concerned.
        path: PathBuf,
        /// Where and how decoding failed.
        detail: String,
    },
    /// The extract holds no road a car may use under the chosen profile.
    #[error("{path} holds no road routable by car under this profile ({ways} highway ways read)")]
    NoRoutableRoads {
        /// The file concerned.
        path: PathBuf,
        /// How many `highway=*` ways the file held.
        ways: usize,
    },
    /// A coordinate is not a number or lies outside longitude [-180, 180] / latitude [-90, 90].
    #[error("{list} {index}: invalid coordinate (lon {lon}, lat {lat}): {reason}")]
    InvalidCoordinate {
        /// Which list the point belongs to: `point`, `source`, `target`, `from` or `to`.
        list: &'static str,
        /// Position of the point in the caller's list.
        index: usize,
        /// The longitude given.
        lon: f64,
        /// The latitude given.
        lat: f64,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A point is farther from every routable road than the snap radius allows.
    #[error("{list} {index} (lon {lon}, lat {lat}) is {distance_m:.0} m from the nearest routable road, beyond the snap radius of {radius_m:.0} m")]
    TooFarFromRoad {
        /// Which list the point belongs to: `point`, `source`, `target`, `from` or `to`.
        list: &'static str,
        /// Position of the point in the caller's list.
        index: usize,
        /// The longitude given.
        lon: f64,
        /// The latitude given.
        lat: f64,
        /// Distance to the nearest routable road (infinite when the network is empty).
        distance_m: f64,
        /// The configured snap radius.
        radius_m: f64,
    },
    /// A saved network file is not one this version can read, or is damaged.
    #[error("{path} is not a valid prepared tournee network: {detail}")]
    InvalidPreparedFile {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// A profile setting is out of range.
    #[error("invalid profile setting `{key}`: {detail}")]
    InvalidProfile {
        /// The setting concerned (e.g. `highway_speeds_kmh.primary`).
        key: String,
        /// Why it is refused.
        detail: String,
    },
    /// A graph given directly (not read from OSM) is inconsistent.
    #[error("invalid road graph: {0}")]
    InvalidGraph(String),
    /// A point list is empty where at least one point is needed.
    #[error("{0} must hold at least one point")]
    NoPoints(&'static str),
}

/// Shorthand for results whose error is [`RoadError`].
pub type Result<T, E = RoadError> = std::result::Result<T, E>;
