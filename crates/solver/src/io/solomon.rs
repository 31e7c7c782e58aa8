//! Solomon and Gehring–Homberger VRPTW text files.
//!
//! Format: a name line, a `VEHICLE` section with `NUMBER CAPACITY`, then a
//! `CUSTOMER` section with one row per node (row 0 is the depot): id, x, y,
//! demand, ready time, due date, service time. Travel time equals Euclidean
//! distance. Conversion to the solver's integer model ([`SolomonInstance::to_problem`]):
//! - [`Rounding::Exact`]: real distances scaled by [`EXACT_SCALE`]; the
//!   distance matrix is rounded, the travel-time matrix is rounded *up*, so a
//!   schedule feasible in integers is feasible with real-valued times. Costs
//!   are reported in original units, recomputed in f64 from the routes.
//! - [`Rounding::Dimacs`]: each distance truncated to one decimal (DIMACS
//!   convention, used for the 1000-customer best-known values); scale 10, exact.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::model::{Job, Matrix, Objective, Problem, Profile, TimeWindow, VehicleType};

/// Scale of the integer model under [`Rounding::Exact`].
pub const EXACT_SCALE: f64 = 10_000.0;
/// Scale of the integer model under [`Rounding::Dimacs`].
pub const DIMACS_SCALE: f64 = 10.0;

/// How distances are computed from coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rounding {
    /// Real Euclidean distances.
    Exact,
    /// Euclidean distances truncated to one decimal.
    Dimacs,
}

impl Rounding {
    /// Integer scale of the model built with this rounding.
    pub fn scale(self) -> f64 {
        match self {
            Rounding::Exact => EXACT_SCALE,
            Rounding::Dimacs => DIMACS_SCALE,
        }
    }
}

impl std::str::FromStr for Rounding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "exact" => Ok(Rounding::Exact),
            "dimacs" => Ok(Rounding::Dimacs),
            _ => Err(format!("unknown rounding {s:?} (expected exact or dimacs)")),
        }
    }
}

/// One row of the customer section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolomonNode {
    /// Customer number as in the file (0 for the depot).
    pub id: usize,
    /// X coordinate.
    pub x: f64,
    /// Y coordinate.
    pub y: f64,
    /// Demand.
    pub demand: i64,
    /// Ready time (window opening).
    pub ready: f64,
    /// Due date (latest service start).
    pub due: f64,
    /// Service time.
    pub service: f64,
}

/// A parsed instance; `nodes[0]` is the depot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolomonInstance {
    /// Instance name (first line).
    pub name: String,
    /// Number of vehicles available.
    pub vehicles: usize,
    /// Capacity of each vehicle.
    pub capacity: i64,
    /// Depot then customers.
    pub nodes: Vec<SolomonNode>,
}

/// Reading or parsing failed.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// The text is not a Solomon instance.
    #[error("{name}: line {line}: {message}")]
    Parse {
        /// Instance name or path.
        name: String,
        /// 1-based line number (0 when not tied to a line).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads a Solomon / Gehring–Homberger file.
pub fn read_solomon(path: &Path) -> Result<SolomonInstance, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.display().to_string(),
        source,
    })?;
    parse_solomon(&text, &path.display().to_string())
}

/// Parses the text of a Solomon / Gehring–Homberger file (`origin` names it in errors).
pub fn parse_solomon(text: &str, origin: &str) -> Result<SolomonInstance, ReadError> {
    let err = |line: usize, message: String| ReadError::Parse {
        name: origin.to_string(),
        line,
        message,
    };
    let lines: Vec<&str> = text.lines().collect();
    let name = lines
        .iter()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .unwrap_or_default();
    let mut vehicles = None;
    let mut nodes = Vec::new();
    let mut section = "";
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let upper = t.to_ascii_uppercase();
        if upper.starts_with("VEHICLE") {
            section = "vehicle";
            continue;
        }
        if upper.starts_with("CUSTOMER") {
            section = "customer";
            continue;
        }
        let fields: Vec<&str> = t.split_whitespace().collect();
        if fields.is_empty()
            || !fields[0]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit() || c == '-')
        {
            continue;
        }
        match section {
            "vehicle" if vehicles.is_none() => {
                if fields.len() < 2 {
                    return Err(err(i + 1, "expected NUMBER CAPACITY".into()));
                }
                let n: usize = fields[0]
                    .parse()
                    .map_err(|_| err(i + 1, format!("bad vehicle number {:?}", fields[0])))?;
                let c: i64 = fields[1]
                    .parse()
                    .map_err(|_| err(i + 1, format!("bad capacity {:?}", fields[1])))?;
                vehicles = Some((n, c));
            }
            "customer" => {
                if fields.len() < 7 {
                    return Err(err(
                        i + 1,
                        format!("expected 7 fields, found {}", fields.len()),
                    ));
                }
                let f = |k: usize| -> Result<f64, ReadError> {
                    fields[k]
                        .parse::<f64>()
                        .map_err(|_| err(i + 1, format!("bad number {:?}", fields[k])))
                };
                let id = fields[0]
                    .parse::<usize>()
                    .map_err(|_| err(i + 1, format!("bad id {:?}", fields[0])))?;
                let demand = f(3)?;
                if demand < 0.0 || demand.fract() != 0.0 {
                    return Err(err(
                        i + 1,
                        format!("demand must be a non-negative integer, got {demand}"),
                    ));
                }
                let node = SolomonNode {
                    id,
                    x: f(1)?,
                    y: f(2)?,
                    demand: demand as i64,
                    ready: f(4)?,
                    due: f(5)?,
                    service: f(6)?,
                };
                if node.due < node.ready {
                    return Err(err(
                        i + 1,
                        format!(
                            "customer {id}: due date {} before ready time {}",
                            node.due, node.ready
                        ),
                    ));
                }
                nodes.push(node);
            }
            _ => {}
        }
    }
    let (vehicles, capacity) = vehicles.ok_or_else(|| err(0, "no VEHICLE section".into()))?;
    if nodes.is_empty() {
        return Err(err(0, "no CUSTOMER rows".into()));
    }
    Ok(SolomonInstance {
        name,
        vehicles,
        capacity,
        nodes,
    })
}

impl SolomonInstance {
    /// Distance between nodes `i` and `j` (indices into `nodes`) in original units.
    pub fn distance(&self, i: usize, j: usize, rounding: Rounding) -> f64 {
        let (a, b) = (&self.nodes[i], &self.nodes[j]);
        let d = ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
        match rounding {
            Rounding::Exact => d,
            Rounding::Dimacs => (d * 10.0 + 1e-9).floor() / 10.0,
        }
    }

    /// Index in `nodes` of each customer number (for reading solutions).
    pub fn index_of(&self, id: usize) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The solver model: location `i` is `nodes[i]`, job `k` is `nodes[k + 1]`,
    /// one vehicle type with the instance's fleet and capacity, distance objective.
    pub fn to_problem(&self, rounding: Rounding) -> Problem {
        let scale = rounding.scale();
        let n = self.nodes.len();
        let dist = Matrix::from_fn(n, |i, j| {
            (self.distance(i, j, rounding) * scale).round() as i64
        });
        let time = Matrix::from_fn(n, |i, j| match rounding {
            Rounding::Exact => (self.distance(i, j, rounding) * scale - 1e-7)
                .ceil()
                .max(0.0) as i64,
            Rounding::Dimacs => (self.distance(i, j, rounding) * scale).round() as i64,
        });
        let t = |v: f64| (v * scale).round() as i64;
        let depot = &self.nodes[0];
        let jobs = self.nodes[1..]
            .iter()
            .enumerate()
            .map(|(k, c)| {
                Job::new(
                    c.id.to_string(),
                    k + 1,
                    t(c.service),
                    TimeWindow::new(t(c.ready), t(c.due)),
                    c.demand,
                )
            })
            .collect();
        Problem {
            profiles: vec![Profile {
                durations: time,
                distances: dist,
            }],
            vehicle_types: vec![VehicleType::new(
                "vehicle",
                self.vehicles,
                0,
                TimeWindow::new(t(depot.ready), t(depot.due)),
                self.capacity,
            )],
            jobs,
            objective: Objective::default(),
            ..Problem::default()
        }
    }
}
