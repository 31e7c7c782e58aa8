//! Coordinates, distances on the Earth and the fixed-point storage used inside the graph.

use serde::{Deserialize, Serialize};

use crate::error::{Result, RoadError};

/// Mean Earth radius in metres (IUGG), used for every distance in the crate.
pub const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A WGS84 position in degrees, longitude first (the GeoJSON order).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Coord {
    /// Longitude in degrees, east positive.
    pub lon: f64,
    /// Latitude in degrees, north positive.
    pub lat: f64,
}

impl Coord {
    /// A position from longitude and latitude in degrees.
    pub const fn new(lon: f64, lat: f64) -> Self {
        Coord { lon, lat }
    }

    /// Checks that the coordinate is finite and in range; `index` names it in the error.
    pub fn validate(&self, index: usize) -> Result<()> {
        self.validate_in("point", index)
    }

    /// Like [`Coord::validate`], naming the list (`point`, `source`, `target`) in the error.
    pub fn validate_in(&self, list: &'static str, index: usize) -> Result<()> {
        let reason = if !self.lon.is_finite() || !self.lat.is_finite() {
            Some("not a finite number")
        } else if !(-180.0..=180.0).contains(&self.lon) {
            Some("longitude outside [-180, 180]")
        } else if !(-90.0..=90.0).contains(&self.lat) {
            Some("latitude outside [-90, 90]")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(RoadError::InvalidCoordinate {
                list,
                index,
                lon: self.lon,
                lat: self.lat,
                reason,
            }),
            None => Ok(()),
        }
    }

    /// Great-circle distance to `other` in metres (haversine).
    pub fn distance_m(&self, other: &Coord) -> f64 {
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dla = la2 - la1;
        let dlo = (other.lon - self.lon).to_radians();
        let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }

    /// Position on a sphere of radius [`EARTH_RADIUS_M`] (Earth-centred, metres). Straight lines
    /// between such points differ from great circles by millimetres over road-segment lengths,
    /// which makes them a good space for nearest-segment search.
    pub fn to_xyz(&self) -> [f64; 3] {
        let (la, lo) = (self.lat.to_radians(), self.lon.to_radians());
        [
            EARTH_RADIUS_M * la.cos() * lo.cos(),
            EARTH_RADIUS_M * la.cos() * lo.sin(),
            EARTH_RADIUS_M * la.sin(),
        ]
    }

    /// Inverse of [`Coord::to_xyz`] (the point is projected back onto the sphere).
    pub fn from_xyz(p: [f64; 3]) -> Coord {
        let r = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
        Coord {
            lon: p[1].atan2(p[0]).to_degrees(),
            lat: (p[2] / r).clamp(-1.0, 1.0).asin().to_degrees(),
        }
    }
}

impl From<[f64; 2]> for Coord {
    fn from(p: [f64; 2]) -> Self {
        Coord::new(p[0], p[1])
    }
}

impl From<(f64, f64)> for Coord {
    fn from(p: (f64, f64)) -> Self {
        Coord::new(p.0, p.1)
    }
}

/// A position stored as OSM stores it: integer units of 1e-7 degree ("decimicro degrees").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct FixedCoord {
    /// Longitude in 1e-7 degree.
    pub lon: i32,
    /// Latitude in 1e-7 degree.
    pub lat: i32,
}

impl FixedCoord {
    /// Converts to degrees.
    pub fn to_coord(self) -> Coord {
        Coord::new(self.lon as f64 * 1e-7, self.lat as f64 * 1e-7)
    }

    /// Rounds a degree position to 1e-7 degree.
    pub fn from_coord(c: Coord) -> Self {
        FixedCoord {
            lon: (c.lon * 1e7).round() as i32,
            lat: (c.lat * 1e7).round() as i32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_matches_known_distance() {
        // Paris (Notre-Dame) to Lyon (Bellecour): about 392 km.
        let d = Coord::new(2.3499, 48.8530).distance_m(&Coord::new(4.8320, 45.7578));
        assert!((d - 392_000.0).abs() < 3_000.0, "{d}");
    }

    #[test]
    fn xyz_round_trip() {
        let c = Coord::new(1.5213, 42.5063);
        let back = Coord::from_xyz(c.to_xyz());
        assert!((back.lon - c.lon).abs() < 1e-9 && (back.lat - c.lat).abs() < 1e-9);
    }

    #[test]
    fn validation_names_the_point() {
        let err = Coord::new(f64::NAN, 1.0).validate(7).unwrap_err();
        assert!(err.to_string().contains("point 7"), "{err}");
        assert!(Coord::new(181.0, 0.0).validate(0).is_err());
        assert!(Coord::new(0.0, -90.5).validate(0).is_err());
        assert!(Coord::new(-180.0, 90.0).validate(0).is_ok());
    }
}
