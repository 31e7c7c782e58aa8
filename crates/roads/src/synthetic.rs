//! A generated rural road network: villages, lanes and the roads between them.
//!
//! For demos, hermetic tests and benchmarks that must run offline: [`rural_network`] lays out
//! villages on a jittered grid, gives each a small street grid (residential, one one-way street,
//! a living street), links neighbouring villages with secondary or unclassified roads (a few
//! with a `maxspeed`), and runs a primary road with a roundabout across the area. The same
//! options always give the same map.

use crate::geo::Coord;
use crate::osm::{OsmNode, OsmWay, PbfWriter};

/// Shape of the generated map.
#[derive(Clone, Debug, PartialEq)]
pub struct RuralOptions {
    /// Seed of the deterministic generator.
    pub seed: u64,
    /// Villages per row and per column.
    pub grid: usize,
    /// Distance between neighbouring villages in km (before jitter).
    pub spacing_km: f64,
    /// South-west corner of the area.
    pub origin: Coord,
}

impl Default for RuralOptions {
    fn default() -> Self {
        RuralOptions {
            seed: 7,
            grid: 4,
            spacing_km: 6.0,
            // A quiet corner of the Cantal (Auvergne): a typical "désert médical".
            origin: Coord::new(2.55, 45.05),
        }
    }
}

/// A village of the generated map.
#[derive(Clone, Debug, PartialEq)]
pub struct Village {
    /// Its name.
    pub name: String,
    /// Its centre (on a street).
    pub centre: Coord,
}

/// The generated map: the extract to write and the villages it holds.
#[derive(Clone, Debug)]
pub struct RuralMap {
    /// Nodes and ways, ready to write as `.osm.pbf`.
    pub osm: PbfWriter,
    /// Villages, row by row from the south-west.
    pub villages: Vec<Village>,
}

/// SplitMix64: small, fast, good enough for layouts.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    fn signed(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

const NAMES: [&str; 16] = [
    "Saint-Martin",
    "Lavergne",
    "Montbrun",
    "Le Bourg",
    "Fontanges",
    "Cheylade",
    "Ségur",
    "Valuéjols",
    "Lascelle",
    "Marmanhac",
    "Jussac",
    "Naucelles",
    "Reilhac",
    "Crandelles",
    "Ytrac",
    "Tournemire",
];

struct Builder {
    osm: PbfWriter,
    next_node: i64,
    next_way: i64,
}

impl Builder {
    fn node(&mut self, c: Coord, tags: &[(&str, &str)]) -> i64 {
        self.next_node += 1;
        self.osm.nodes.push(OsmNode {
            id: self.next_node,
            lon: c.lon,
            lat: c.lat,
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        });
        self.next_node
    }

    fn way(&mut self, nodes: Vec<i64>, tags: &[(&str, &str)]) {
        self.next_way += 1;
        self.osm.ways.push(OsmWay {
            id: self.next_way,
            nodes,
            tags: tags
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        });
    }

    /// A road from node `a` to node `b` with intermediate bends every ~300 m.
    fn road(&mut self, rng: &mut Rng, a: (i64, Coord), b: (i64, Coord), tags: &[(&str, &str)]) {
        let km = a.1.distance_m(&b.1) / 1000.0;
        let bends = (km / 0.3).ceil().max(1.0) as usize;
        let mut ids = vec![a.0];
        for k in 1..bends {
            let f = k as f64 / bends as f64;
            let wiggle = 0.0015 * (f * std::f64::consts::PI).sin();
            let c = Coord::new(
                a.1.lon + (b.1.lon - a.1.lon) * f + wiggle * rng.signed(),
                a.1.lat + (b.1.lat - a.1.lat) * f + wiggle * rng.signed(),
            );
            ids.push(self.node(c, &[]));
        }
        ids.push(b.0);
        self.way(ids, tags);
    }
}

/// Generates the map.
///
/// ```
/// use tournee_roads::synthetic::{rural_network, RuralOptions};
/// let map = rural_network(&RuralOptions::default());
/// assert_eq!(map.villages.len(), 16);
/// assert!(map.osm.ways.len() > 50);
/// ```
pub fn rural_network(options: &RuralOptions) -> RuralMap {
    let mut rng = Rng(options.seed ^ 0x7072_6f6a_6574);
    let mut b = Builder {
        osm: PbfWriter::default(),
        next_node: 0,
        next_way: 0,
    };
    let g = options.grid.max(2);
    let deg_lat = options.spacing_km / 111.2;
    let deg_lon = deg_lat / options.origin.lat.to_radians().cos();
    let street = 0.0018; // ~200 m between village streets
    let mut villages = Vec::new();
    // centre node and the 4 outer corners of each village, by grid position
    let mut anchors: Vec<[(i64, Coord); 5]> = Vec::new();
    for row in 0..g {
        for col in 0..g {
            let i = row * g + col;
            let centre = Coord::new(
                options.origin.lon + (col as f64 + 0.5 + 0.25 * rng.signed()) * deg_lon,
                options.origin.lat + (row as f64 + 0.5 + 0.25 * rng.signed()) * deg_lat,
            );
            // 3 × 3 street grid around the centre.
            let mut ids = [[0i64; 3]; 3];
            let mut coords = [[centre; 3]; 3];
            for (y, row_ids) in ids.iter_mut().enumerate() {
                for (x, id) in row_ids.iter_mut().enumerate() {
                    let c = Coord::new(
                        centre.lon
                            + (x as f64 - 1.0) * street / options.origin.lat.to_radians().cos(),
                        centre.lat + (y as f64 - 1.0) * street,
                    );
                    coords[y][x] = c;
                    let tags: &[(&str, &str)] = if x == 1 && y == 1 && i % 3 == 0 {
                        &[("highway", "traffic_signals")]
                    } else {
                        &[]
                    };
                    *id = b.node(c, tags);
                }
            }
            for (y, row_ids) in ids.iter().enumerate() {
                let tags: &[(&str, &str)] = match y {
                    0 => &[("highway", "residential"), ("oneway", "yes")],
                    2 => &[("highway", "living_street")],
                    _ => &[("highway", "residential"), ("maxspeed", "FR:zone30")],
                };
                b.way(row_ids.to_vec(), tags);
            }
            for x in 0..3 {
                b.way(
                    ids.iter().map(|r| r[x]).collect(),
                    &[("highway", "residential"), ("maxspeed", "30")],
                );
            }
            let name = if i < NAMES.len() {
                NAMES[i].to_string()
            } else {
                format!("Hameau {}", i + 1)
            };
            villages.push(Village {
                name,
                centre: coords[1][1],
            });
            anchors.push([
                (ids[1][1], coords[1][1]),
                (ids[1][2], coords[1][2]), // east
                (ids[2][1], coords[2][1]), // north
                (ids[1][0], coords[1][0]), // west
                (ids[0][1], coords[0][1]), // south
            ]);
        }
    }
    // Roads between neighbouring villages: east-west secondary, north-south unclassified.
    for row in 0..g {
        for col in 0..g {
            let i = row * g + col;
            if col + 1 < g {
                let tags: &[(&str, &str)] = if (row + col) % 2 == 0 {
                    &[("highway", "secondary"), ("maxspeed", "FR:rural")]
                } else {
                    &[("highway", "secondary")]
                };
                b.road(&mut rng, anchors[i][1], anchors[i + 1][3], tags);
            }
            if row + 1 < g {
                let tags: &[(&str, &str)] = if col % 2 == 0 {
                    &[("highway", "unclassified")]
                } else {
                    &[("highway", "tertiary"), ("surface", "asphalt")]
                };
                b.road(&mut rng, anchors[i][2], anchors[i + g][4], tags);
            }
        }
    }
    // A primary road across the area, diagonal, with a roundabout half-way and farm tracks
    // (not routable by default) leaving it.
    let sw = anchors[0][4];
    let ne = anchors[g * g - 1][2];
    let mid = Coord::new((sw.1.lon + ne.1.lon) / 2.0, (sw.1.lat + ne.1.lat) / 2.0);
    let r = 0.0006;
    let ring: Vec<i64> = (0..6)
        .map(|k| {
            let a = k as f64 * std::f64::consts::PI / 3.0;
            b.node(
                Coord::new(mid.lon + r * a.cos() * 1.4, mid.lat + r * a.sin()),
                &[],
            )
        })
        .collect();
    let ring_coord = |k: usize| {
        let a = k as f64 * std::f64::consts::PI / 3.0;
        Coord::new(mid.lon + r * a.cos() * 1.4, mid.lat + r * a.sin())
    };
    let mut closed = ring.clone();
    closed.push(ring[0]);
    b.way(
        closed,
        &[("highway", "primary"), ("junction", "roundabout")],
    );
    b.road(
        &mut rng,
        sw,
        (ring[4], ring_coord(4)),
        &[("highway", "primary"), ("maxspeed", "80")],
    );
    b.road(
        &mut rng,
        (ring[1], ring_coord(1)),
        ne,
        &[("highway", "primary"), ("maxspeed", "80")],
    );
    let farm = b.node(Coord::new(mid.lon + 0.01, mid.lat - 0.004), &[]);
    b.road(
        &mut rng,
        (ring[0], ring_coord(0)),
        (farm, Coord::new(mid.lon + 0.01, mid.lat - 0.004)),
        &[("highway", "track")],
    );
    RuralMap {
        osm: b.osm,
        villages,
    }
}
