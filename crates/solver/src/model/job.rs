use serde::{Deserialize, Serialize};

use super::TimeWindow;

/// Whether a job must be served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobKind {
    /// Must be served whenever a feasible plan can serve it; if not, it is
    /// reported unassigned with a reason.
    Required,
    /// May be left out at the given cost (added to the objective).
    Optional {
        /// Cost of leaving the job out (same unit as travel cost).
        penalty: i64,
    },
}

/// What happens when a job starts after its last time window closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Lateness {
    /// The job must start within a window (a hard rule).
    #[default]
    Hard,
    /// The job may start after its last window closes; each time unit late costs
    /// `cost_per_unit` (and counts towards [`Objective::max_lateness_cost`](super::Objective)).
    Soft {
        /// Cost per time unit of lateness (≥ 0).
        cost_per_unit: i64,
    },
}

/// The latest start announced to a client, and what starting later costs (a re-planned day
/// keeps the times already given; see `tournee::plan::replan`). Every cost grows with the
/// start, so the earliest schedule stays the cheapest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announced {
    /// Latest start without a cost.
    pub latest: i64,
    /// Cost of starting after `latest` at all (≥ 0).
    pub cost: i64,
    /// Cost per time unit after `latest` (≥ 0).
    #[serde(default)]
    pub cost_per_unit: i64,
}

impl Announced {
    /// What a start at `start` costs.
    ///
    /// ```
    /// use tournee_solver::model::Announced;
    /// let a = Announced { latest: 600, cost: 1000, cost_per_unit: 2 };
    /// assert_eq!(a.cost_at(600), 0);
    /// assert_eq!(a.cost_at(610), 1020);
    /// ```
    #[inline]
    pub fn cost_at(&self, start: i64) -> i64 {
        if start > self.latest {
            self.cost
                .saturating_add(self.cost_per_unit.saturating_mul(start - self.latest))
        } else {
            0
        }
    }
}

/// A visit to perform at one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    /// Caller's identifier, reported back in errors and in unassigned jobs.
    pub id: String,
    /// Location index (row/column of the matrices).
    pub location: usize,
    /// Service duration spent at the location.
    pub service: i64,
    /// Allowed service *start* windows, sorted and disjoint (at least one).
    pub time_windows: Vec<TimeWindow>,
    /// Hard or soft closing of the windows.
    #[serde(default)]
    pub lateness: Lateness,
    /// A start announced to the client before a re-plan: starting after `latest` costs
    /// [`Announced::cost`] once plus [`Announced::cost_per_unit`] per time unit after it (`None`:
    /// no announcement).
    #[serde(default)]
    pub announced: Option<Announced>,
    /// Earliest start whatever the windows say (`None`: the windows alone): the vehicle
    /// waits. A re-planned day starts nothing before the re-plan time.
    #[serde(default)]
    pub not_before: Option<i64>,
    /// Load delivered here, brought from the route's start (or from the last reload depot),
    /// in each capacity dimension (same length as vehicle capacities).
    pub demand: Vec<i64>,
    /// Load collected here and brought to the route's end (or to the next reload depot);
    /// empty means zero in every dimension.
    #[serde(default)]
    pub pickup: Vec<i64>,
    /// Skills a vehicle must all have to serve this job.
    pub skills: Vec<String>,
    /// Vehicle types allowed to serve this job (`None`: every type with the skills). Refused
    /// and pinned carers are expressed here.
    #[serde(default)]
    pub allowed_vehicle_types: Option<Vec<usize>>,
    /// Vehicle types the job prefers (continuity of care): served by any other type costs
    /// `unpreferred_cost`. Empty: no preference.
    #[serde(default)]
    pub preferred_vehicle_types: Vec<usize>,
    /// Cost of being served by a vehicle type outside `preferred_vehicle_types`.
    #[serde(default)]
    pub unpreferred_cost: i64,
    /// Priority (≥ 0) of an optional job: leaving it out costs
    /// `penalty + priority * Objective::priority_weight`. Ignored for required jobs.
    pub priority: i64,
    /// Required or optional.
    pub kind: JobKind,
}

impl Default for Job {
    /// A required job at location 0 with no service, no window (set at least one), no demand.
    fn default() -> Self {
        Job {
            id: String::new(),
            location: 0,
            service: 0,
            time_windows: Vec::new(),
            lateness: Lateness::Hard,
            announced: None,
            not_before: None,
            demand: Vec::new(),
            pickup: Vec::new(),
            skills: Vec::new(),
            allowed_vehicle_types: None,
            preferred_vehicle_types: Vec::new(),
            unpreferred_cost: 0,
            priority: 0,
            kind: JobKind::Required,
        }
    }
}

impl Job {
    /// A required job with one time window, no skills and a one-dimensional demand.
    pub fn new(
        id: impl Into<String>,
        location: usize,
        service: i64,
        window: TimeWindow,
        demand: i64,
    ) -> Self {
        Job {
            id: id.into(),
            location,
            service,
            time_windows: vec![window],
            demand: vec![demand],
            ..Job::default()
        }
    }
}
