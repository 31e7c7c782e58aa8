//! A route along the roads: geometry, time and length, GeoJSON output.

use serde::Serialize;
use serde_json::{json, Value};

use crate::geo::Coord;

/// The road path between two points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Route {
    /// Travel time in seconds (equal to the matrix cell for the same two points).
    pub duration_s: f64,
    /// Length in metres.
    pub distance_m: f64,
    /// The path from the snapped start to the snapped end, `[lon, lat]` order.
    pub coordinates: Vec<Coord>,
    /// OpenStreetMap ids of the ways driven, in order, consecutive repeats merged.
    pub way_ids: Vec<i64>,
}

impl Route {
    /// The route as a GeoJSON `Feature` with a `LineString` geometry and `duration_s` and
    /// `distance_m` properties.
    pub fn to_geojson(&self) -> Value {
        let coords: Vec<[f64; 2]> = self
            .coordinates
            .iter()
            .map(|c| [round7(c.lon), round7(c.lat)])
            .collect();
        json!({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {
                "duration_s": self.duration_s,
                "distance_m": self.distance_m,
                "way_ids": self.way_ids,
                "attribution": "© OpenStreetMap contributors (ODbL)",
            }
        })
    }
}

fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}
