//! The care problem as the engine sees it: carers, visits, links between visits and a
//! travel matrix, all referring to places by index. Ids are strings so that every error
//! and every unassigned visit can be named; the domain layer (`tournee`) builds this from
//! coordinates, CSV/JSON files or the HHCRSP benchmark.
//!
//! Times are plain numbers in one unit chosen by the caller (the `tournee` crate uses
//! seconds since midnight, the HHCRSP benchmark minutes); travel times, durations,
//! windows, shifts and the [`Weights`](super::Weights) all use that unit.

use serde::{Deserialize, Serialize};

use super::error::CareError;
use super::weights::Weights;

/// Travel time and distance between every pair of places (row = from, column = to).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TravelMatrix {
    size: usize,
    time: Vec<f64>,
    distance: Vec<f64>,
}

impl TravelMatrix {
    /// Builds a matrix from row-major `time` and `distance` values (`size × size` each).
    ///
    /// ```
    /// use tournee_solver::care::TravelMatrix;
    /// let m = TravelMatrix::new(2, vec![0.0, 5.0, 6.0, 0.0], vec![0.0, 4.0, 4.0, 0.0]).unwrap();
    /// assert_eq!(m.time(1, 0), 6.0);
    /// ```
    pub fn new(size: usize, time: Vec<f64>, distance: Vec<f64>) -> Result<Self, CareError> {
        for (name, values) in [("time", &time), ("distance", &distance)] {
            if values.len() != size * size {
                return Err(CareError::MatrixShape {
                    matrix: name,
                    expected: size * size,
                    found: values.len(),
                });
            }
            if let Some(k) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(CareError::MatrixValue {
                    matrix: name,
                    from: k / size,
                    to: k % size,
                    value: values[k],
                });
            }
        }
        Ok(TravelMatrix {
            size,
            time,
            distance,
        })
    }

    /// Builds a matrix from rows; `distance` may be `None` (then distance = time).
    pub fn from_rows(time: &[Vec<f64>], distance: Option<&[Vec<f64>]>) -> Result<Self, CareError> {
        let size = time.len();
        let flat = |rows: &[Vec<f64>], name: &'static str| -> Result<Vec<f64>, CareError> {
            if let Some((row, r)) = rows.iter().enumerate().find(|(_, r)| r.len() != size) {
                return Err(CareError::MatrixRow {
                    matrix: name,
                    row,
                    found: r.len(),
                    expected: size,
                });
            }
            Ok(rows.iter().flatten().copied().collect())
        };
        let t = flat(time, "time")?;
        let d = match distance {
            Some(rows) => {
                if rows.len() != size {
                    return Err(CareError::MatrixShape {
                        matrix: "distance",
                        expected: size * size,
                        found: rows.len() * size,
                    });
                }
                flat(rows, "distance")?
            }
            None => t.clone(),
        };
        Self::new(size, t, d)
    }

    /// Number of places.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Travel time from place `from` to place `to`.
    #[inline]
    pub fn time(&self, from: usize, to: usize) -> f64 {
        self.time[from * self.size + to]
    }

    /// Travel distance from place `from` to place `to`.
    #[inline]
    pub fn distance(&self, from: usize, to: usize) -> f64 {
        self.distance[from * self.size + to]
    }
}

/// How late a visit may start.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Lateness {
    /// The visit must start by the window's close.
    Hard,
    /// The visit may start after the close; each time unit late costs
    /// `weight × Weights::total_lateness` (and counts towards the maximum lateness).
    Soft {
        /// Multiplier of the lateness cost for this visit (1 = normal).
        weight: f64,
    },
}

/// A time window on the start of a visit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Window {
    /// Earliest start (always hard: the carer waits).
    pub open: f64,
    /// Latest start (hard or soft, see [`Lateness`]).
    pub close: f64,
}

/// A break a carer takes during the shift, wherever the carer is at that time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Break {
    /// Name, for reports (`"lunch"`).
    pub id: String,
    /// Length of the break.
    pub duration: f64,
    /// The break starts inside this window (hard).
    pub window: Window,
}

/// A carer (nurse, aide, PSAD technician) and the vehicle they drive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Carer {
    /// Unique id.
    pub id: String,
    /// Skills held (free text, compared exactly).
    pub skills: Vec<String>,
    /// Shift: leaves `start_place` at `shift.open` at the earliest and should be back at
    /// `end_place` by `shift.close` (overtime after that, see `max_overtime`).
    pub shift: Window,
    /// Where the day starts (home or office), a place index.
    pub start_place: usize,
    /// Where the day ends, a place index.
    pub end_place: usize,
    /// Breaks, each taken once.
    pub breaks: Vec<Break>,
    /// Longest working time (leaving the start place to coming back), if limited (hard).
    pub max_working_time: Option<f64>,
    /// How long after `shift.close` the carer may come back (hard); each unit costs
    /// `Weights::overtime`.
    pub max_overtime: f64,
    /// Vehicle capacity per dimension (PSAD equipment); empty = unlimited.
    pub capacity: Vec<i64>,
    /// Depots where the van may reload during the round, if any.
    #[serde(default)]
    pub depots: Option<Depots>,
    /// Cost per unit of working time (leaving the start place to coming back), in the unit
    /// of the [`Weights`](super::Weights) (default 0): what a week's fairness charges a carer
    /// who has already worked more than colleagues of the same role.
    #[serde(default)]
    pub working_cost: f64,
}

/// Depots where a van may stop during its round to load the next deliveries and unload the
/// pickups so far (loads of a [`Shipment`] stay on board).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Depots {
    /// Place indices of the depots.
    pub places: Vec<usize>,
    /// Time spent at a depot for one stop.
    pub duration: f64,
    /// Most depot stops in one round.
    pub max_stops: usize,
}

/// A load collected at one visit and delivered at another by the same carer, pickup first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shipment {
    /// Id of the visit where the load is collected.
    pub pickup: String,
    /// Id of the visit where it is delivered.
    pub delivery: String,
    /// The load, per capacity dimension.
    pub load: Vec<i64>,
}

impl Carer {
    /// A carer with the given skills and shift, starting and ending at `place`, no breaks,
    /// no overtime, no capacity limit.
    ///
    /// ```
    /// use tournee_solver::care::{Carer, Window};
    /// let c = Carer::new("nurse-1", &["nursing"], Window { open: 0.0, close: 480.0 }, 0);
    /// assert_eq!(c.end_place, 0);
    /// ```
    pub fn new(id: &str, skills: &[&str], shift: Window, place: usize) -> Carer {
        Carer {
            id: id.to_string(),
            skills: skills.iter().map(|s| s.to_string()).collect(),
            shift,
            start_place: place,
            end_place: place,
            breaks: Vec::new(),
            max_working_time: None,
            max_overtime: 0.0,
            capacity: Vec::new(),
            depots: None,
            working_cost: 0.0,
        }
    }
}

/// One visit: one carer giving one care at one place.
///
/// A patient needing two carers is two visits joined by a [`Link`] with
/// `distinct_carers = true`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Unique id.
    pub id: String,
    /// Patient, for reports and continuity of care (optional).
    pub patient: Option<String>,
    /// Place index in the travel matrix.
    pub place: usize,
    /// Care duration.
    pub duration: f64,
    /// Windows on the start, in increasing order; empty = any time within the shift.
    pub windows: Vec<Window>,
    /// What happens after a window closes.
    pub lateness: Lateness,
    /// Skills the carer must hold (all of them).
    pub skills: Vec<String>,
    /// Importance: a visit left out costs `priority × Weights::unassigned` (≥ 1).
    pub priority: f64,
    /// Carers the patient knows (continuity of care); being served by another costs
    /// `continuity_weight × Weights::continuity`. Empty = no preference.
    pub preferred_carers: Vec<String>,
    /// Multiplier of the continuity cost for this visit.
    pub continuity_weight: f64,
    /// Carers who must not do this visit (hard).
    pub refused_carers: Vec<String>,
    /// The carer this visit is already announced with (hard).
    pub pinned_carer: Option<String>,
    /// The start time already announced to the patient (hard, exact).
    pub pinned_start: Option<f64>,
    /// The start times announced to the patient before a re-plan, if any: the visit never
    /// starts before `open` (the carer waits) and starting after `close` costs
    /// `Weights::moved` once plus `Weights::moved_late` per time unit after it (soft).
    #[serde(default)]
    pub announced: Option<Window>,
    /// Earliest start whatever the windows say, if any (the carer waits): a re-planned day
    /// starts nothing before the re-plan time.
    #[serde(default)]
    pub not_before: Option<f64>,
    /// Equipment loaded at the carer's start place and left here (PSAD delivery), per dimension.
    pub delivery: Vec<i64>,
    /// Equipment collected here and brought to the carer's end place (PSAD pickup).
    pub pickup: Vec<i64>,
}

impl Visit {
    /// A visit with one hard window, no skill needed, priority 1 and no preference.
    ///
    /// ```
    /// use tournee_solver::care::{Visit, Window};
    /// let v = Visit::new("v1", 3, 20.0, Window { open: 60.0, close: 120.0 });
    /// assert_eq!(v.priority, 1.0);
    /// ```
    pub fn new(id: &str, place: usize, duration: f64, window: Window) -> Visit {
        Visit {
            id: id.to_string(),
            patient: None,
            place,
            duration,
            windows: vec![window],
            lateness: Lateness::Hard,
            skills: Vec::new(),
            priority: 1.0,
            preferred_carers: Vec::new(),
            continuity_weight: 1.0,
            refused_carers: Vec::new(),
            pinned_carer: None,
            pinned_start: None,
            announced: None,
            not_before: None,
            delivery: Vec::new(),
            pickup: Vec::new(),
        }
    }
}

/// How the starts of two linked visits relate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LinkKind {
    /// Both start at the same instant (two carers for a heavy transfer).
    Simultaneous,
    /// `second` starts between `min` and `max` after `first` starts (`max` may be infinite).
    StartGap {
        /// Smallest start-to-start gap.
        min: f64,
        /// Largest start-to-start gap.
        max: f64,
    },
}

/// A timing rule between two visits (double-staffed visits, linked visits of one patient).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Id of the first visit.
    pub first: String,
    /// Id of the second visit.
    pub second: String,
    /// Timing rule.
    pub kind: LinkKind,
    /// Two different carers, served together or not at all (a double-staffed visit).
    /// When `false` (linked visits across the day) the two may be served by anyone and one
    /// may be left out alone.
    pub distinct_carers: bool,
}

/// Everything the engine needs to plan a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareProblem {
    /// Travel between places.
    pub travel: TravelMatrix,
    /// Carers.
    pub carers: Vec<Carer>,
    /// Visits.
    pub visits: Vec<Visit>,
    /// Links between visits.
    pub links: Vec<Link>,
    /// Loads carried from one visit to another.
    #[serde(default)]
    pub shipments: Vec<Shipment>,
    /// Objective weights.
    pub weights: Weights,
}
