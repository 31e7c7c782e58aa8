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

/// Largest magnitude of a coordinate, time or service duration in a Solomon file (10⁷; the
/// benchmark's own stay below 10⁴).
pub const MAX_SOLOMON_VALUE: f64 = 1e7;
/// Largest demand or vehicle capacity in a Solomon file.
pub const MAX_SOLOMON_QUANTITY: i64 = 1_000_000_000;
/// Most nodes (depot and customers) in a Solomon file: the matrices are dense, 10,000 nodes
/// take 3.2 GB (the largest Gehring–Homberger instances have 1,001).
pub const MAX_SOLOMON_NODES: usize = 10_000;

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
                if n > crate::model::MAX_VEHICLES {
                    return Err(err(
                        i + 1,
                        format!(
                            "{n} vehicles, at most {} are supported",
                            crate::model::MAX_VEHICLES
                        ),
                    ));
                }
                if !(0..=MAX_SOLOMON_QUANTITY).contains(&c) {
                    return Err(err(
                        i + 1,
                        format!("capacity {c} must be between 0 and {MAX_SOLOMON_QUANTITY}"),
                    ));
                }
                vehicles = Some((n, c));
            }
            "customer" => {
                if fields.len() < 7 {
                    return Err(err(
                        i + 1,
                        format!("expected 7 fields, found {}", fields.len()),
                    ));
                }
                const NAMES: [&str; 7] = [
                    "id",
                    "x",
                    "y",
                    "demand",
                    "ready time",
                    "due date",
                    "service time",
                ];
                let f = |k: usize| -> Result<f64, ReadError> {
                    let v = fields[k]
                        .parse::<f64>()
                        .map_err(|_| err(i + 1, format!("bad number {:?}", fields[k])))?;
                    let max = if k == 3 {
                        MAX_SOLOMON_QUANTITY as f64
                    } else {
                        MAX_SOLOMON_VALUE
                    };
                    if !(v.is_finite() && v.abs() <= max) || (k >= 3 && v < 0.0) {
                        return Err(err(
                            i + 1,
                            format!(
                                "{} {:?} must be a finite number{} of magnitude at most {max:e}",
                                NAMES[k],
                                fields[k],
                                if k >= 3 { " ≥ 0" } else { "" }
                            ),
                        ));
                    }
                    Ok(v)
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
                if nodes.len() == MAX_SOLOMON_NODES {
                    return Err(err(
                        i + 1,
                        format!("more than {MAX_SOLOMON_NODES} nodes (the matrices are dense)"),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(vehicles: &str, rows: &[&str]) -> String {
        format!(
            "T\n\nVEHICLE\nNUMBER     CAPACITY\n  {vehicles}\n\nCUSTOMER\nCUST NO. XCOORD. YCOORD. DEMAND READY DUE SERVICE\n{}\n",
            rows.join("\n")
        )
    }

    const DEPOT: &str = "0 40 50 0 0 1236 0";

    fn error(text: &str) -> String {
        parse_solomon(text, "t.txt").unwrap_err().to_string()
    }

    #[test]
    fn numbers_are_bounded_and_errors_name_the_line() {
        let ok = file("2 200", &[DEPOT, "1 45 68 10 912 967 90"]);
        assert!(parse_solomon(&ok, "t.txt")
            .unwrap()
            .to_problem(Rounding::Exact)
            .validate()
            .is_ok());
        let at = file(
            "2 200",
            &[DEPOT, "1 10000000 -10000000 1000000000 0 10000000 10000000"],
        );
        assert!(parse_solomon(&at, "t.txt").is_ok());
        for (row, what) in [
            ("1 nan 68 10 912 967 90", "x \"nan\""),
            ("1 45 inf 10 912 967 90", "y \"inf\""),
            ("1 45 68 10 912 967 1e300", "service time \"1e300\""),
            ("1 45 68 10 -5 967 90", "ready time \"-5\""),
            ("1 45 68 1000000001 912 967 90", "demand"),
            ("1 10000001 68 10 912 967 90", "x \"10000001\""),
        ] {
            let e = error(&file("2 200", &[DEPOT, row]));
            assert!(
                e.starts_with("t.txt: line 10: ") && e.contains(what),
                "{row}: {e}"
            );
        }
        let e = error(&file("65537 200", &[DEPOT]));
        assert!(e.contains("line 5:") && e.contains("65537 vehicles"), "{e}");
        let e = error(&file("2 -1", &[DEPOT]));
        assert!(e.contains("capacity -1"), "{e}");
    }

    #[test]
    fn files_with_more_nodes_than_supported_are_refused() {
        let rows: Vec<String> = (0..=MAX_SOLOMON_NODES)
            .map(|k| format!("{k} {} 0 1 0 1000 0", k % 100))
            .collect();
        let refs: Vec<&str> = rows.iter().map(String::as_str).collect();
        let e = error(&file("2 200", &refs));
        assert!(e.contains("more than 10000 nodes"), "{e}");
    }
}
