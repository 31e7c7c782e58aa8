//! The objective: serve visits first (by priority), then a weighted sum of the rest.

use serde::{Deserialize, Serialize};

/// Weights of the objective, all ≥ 0. The cost of a plan is
///
/// ```text
///   unassigned     × Σ priority of visits left out
/// + travel_time    × total driving time
/// + distance       × total distance
/// + total_lateness × Σ (visit lateness weight × time started after its window closed)
/// + max_lateness   × the largest single lateness
/// + continuity     × Σ (continuity weight of visits served by a carer the patient does not know)
/// + overtime       × Σ time carers come back after their shift
/// + moved          × visits started after their announced times (re-planning)
/// + moved_late     × Σ time those visits start after their announced times
/// + Σ over carers of their working_cost × working time (a week's fairness)
/// ```
///
/// `unassigned` should dwarf the rest so that serving visits always comes first.
///
/// Read from JSON, a field left out keeps its [`Weights::home_care`] value and an unknown
/// field is an error (a misspelt weight is never silently ignored):
///
/// ```
/// use tournee_solver::care::Weights;
/// let w: Weights = serde_json::from_str(r#"{"distance": 0}"#).unwrap();
/// assert_eq!(w, Weights { distance: 0.0, ..Weights::home_care() });
/// assert!(serde_json::from_str::<Weights>(r#"{"travel": 1}"#).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    /// Per priority unit of a visit left out.
    pub unassigned: f64,
    /// Per unit of driving time.
    pub travel_time: f64,
    /// Per unit of distance.
    pub distance: f64,
    /// Per unit of lateness, summed over visits.
    pub total_lateness: f64,
    /// Per unit of the largest lateness.
    pub max_lateness: f64,
    /// Per visit served outside the patient's known carers.
    pub continuity: f64,
    /// Per unit of overtime.
    pub overtime: f64,
    /// Per visit started after the close of its announced times
    /// ([`Visit::announced`](super::Visit::announced), set by re-planning): the patient must be
    /// told again.
    pub moved: f64,
    /// Per unit of time a visit starts after the close of its announced times.
    pub moved_late: f64,
}

impl Weights {
    /// Every weight with its field name, in declaration order (what the checks walk).
    pub fn fields(&self) -> [(&'static str, f64); 9] {
        [
            ("unassigned", self.unassigned),
            ("travel_time", self.travel_time),
            ("distance", self.distance),
            ("total_lateness", self.total_lateness),
            ("max_lateness", self.max_lateness),
            ("continuity", self.continuity),
            ("overtime", self.overtime),
            ("moved", self.moved),
            ("moved_late", self.moved_late),
        ]
    }

    /// The home-care default, with times in seconds and distances in metres: one second of
    /// lateness costs two of driving, the latest patient counts once more, a visit by a carer
    /// the patient does not know costs like an hour of driving (patients who ask for their
    /// nurse are rarely sent another to save a few minutes), overtime costs three times
    /// driving, and a kilometre costs like 6 s of driving (fuel). Re-planning: a visit that
    /// starts after its announced times (or, through its preferred carer, changes carer)
    /// costs like 1,000 s of driving (a phone call, a face or a time the patient did not
    /// expect) plus one second per second late. A visit left out costs 10⁷
    /// per priority unit.
    ///
    /// ```
    /// let w = tournee_solver::care::Weights::home_care();
    /// assert!(w.unassigned > 1e6);
    /// ```
    pub fn home_care() -> Weights {
        Weights {
            unassigned: 1e7,
            travel_time: 1.0,
            distance: 0.006,
            total_lateness: 2.0,
            max_lateness: 1.0,
            continuity: 3600.0,
            overtime: 3.0,
            moved: 1000.0,
            moved_late: 1.0,
        }
    }

    /// The HHCRSP benchmark (Mankowska et al. 2014): cost = (travel + total tardiness +
    /// maximum tardiness) / 3, every visit required.
    pub fn hhcrsp() -> Weights {
        Weights {
            unassigned: 1e7,
            travel_time: 1.0 / 3.0,
            distance: 0.0,
            total_lateness: 1.0 / 3.0,
            max_lateness: 1.0 / 3.0,
            continuity: 0.0,
            overtime: 0.0,
            moved: 0.0,
            moved_late: 0.0,
        }
    }
}

impl Default for Weights {
    fn default() -> Self {
        Weights::home_care()
    }
}
