//! What the engine returns: per carer the ordered stops with their times, totals, the cost
//! split into its parts, and every visit left out with its reason.

use serde::{Deserialize, Serialize};

use crate::StopReason;

/// Why a visit is not in the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum UnassignedCause {
    /// No carer holds these skills at all.
    UnknownSkill {
        /// The skills nobody has.
        skills: Vec<String>,
    },
    /// Every skill is held by someone, but no carer holds all of them.
    NoCarerWithSkills {
        /// The skills required together.
        skills: Vec<String>,
    },
    /// Every carer with the skills is refused by the patient.
    AllCarersRefused,
    /// The pinned carer lacks a skill or is refused.
    PinnedCarerCannot {
        /// The pinned carer.
        carer: String,
    },
    /// The equipment does not fit in any allowed carer's vehicle.
    CapacityExceeded,
    /// No allowed carer can arrive before the (hard) window closes and be back within the shift.
    WindowUnreachable,
    /// No allowed carer can start the visit at its pinned time.
    PinnedTimeUnreachable,
    /// A double-staffed visit with no two different allowed carers.
    NoDoubleStaffing,
    /// The visit served together with this one (the other half of a double-staffed visit, or
    /// the other end of a shipment) cannot be served.
    PartnerCannotBeServed {
        /// The other visit.
        visit: String,
    },
    /// The search found no place for the visit that keeps every hard rule (windows, shifts,
    /// breaks, capacity, synchronisation) for the other visits of the plan.
    NotFitted,
}

impl UnassignedCause {
    /// Short stable code (`"unknown_skill"`, `"window_unreachable"`, …).
    pub fn code(&self) -> &'static str {
        match self {
            UnassignedCause::UnknownSkill { .. } => "unknown_skill",
            UnassignedCause::NoCarerWithSkills { .. } => "no_carer_with_skills",
            UnassignedCause::AllCarersRefused => "all_carers_refused",
            UnassignedCause::PinnedCarerCannot { .. } => "pinned_carer_cannot",
            UnassignedCause::CapacityExceeded => "capacity_exceeded",
            UnassignedCause::WindowUnreachable => "window_unreachable",
            UnassignedCause::PinnedTimeUnreachable => "pinned_time_unreachable",
            UnassignedCause::NoDoubleStaffing => "no_double_staffing",
            UnassignedCause::PartnerCannotBeServed { .. } => "partner_cannot_be_served",
            UnassignedCause::NotFitted => "not_fitted",
        }
    }

    /// A sentence for people.
    pub fn message(&self) -> String {
        match self {
            UnassignedCause::UnknownSkill { skills } => {
                format!("no carer has the skill(s) {}", skills.join(", "))
            }
            UnassignedCause::NoCarerWithSkills { skills } => {
                format!("no carer has all of the skills {}", skills.join(", "))
            }
            UnassignedCause::AllCarersRefused => {
                "every carer with the skills is refused by the patient".into()
            }
            UnassignedCause::PinnedCarerCannot { carer } => {
                format!("the pinned carer {carer} lacks a skill or is refused")
            }
            UnassignedCause::CapacityExceeded => {
                "the equipment does not fit in any allowed carer's vehicle".into()
            }
            UnassignedCause::WindowUnreachable => {
                "no allowed carer can reach it within its window and shift".into()
            }
            UnassignedCause::PinnedTimeUnreachable => {
                "no allowed carer can start it at its pinned time".into()
            }
            UnassignedCause::NoDoubleStaffing => {
                "a double-staffed visit needs two different allowed carers".into()
            }
            UnassignedCause::PartnerCannotBeServed { visit } => {
                format!("{visit}, served together with this visit (double visit or shipment), cannot be served")
            }
            UnassignedCause::NotFitted => {
                "no place found that keeps every hard rule (windows, shifts, breaks, capacity, synchronisation)".into()
            }
        }
    }
}

/// A visit left out, with the reason.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnassignedVisit {
    /// Visit id.
    pub visit: String,
    /// Why.
    pub cause: UnassignedCause,
}

/// What a stop is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StopKind {
    /// A visit to a patient.
    Visit,
    /// A break, taken where the carer is.
    Break,
    /// A stop at a depot to reload the van (PSAD).
    Reload,
}

/// One stop of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareStop {
    /// Visit or break.
    pub kind: StopKind,
    /// Visit id, break id, or `"reload"`.
    pub id: String,
    /// Place index (the previous place for a break, the depot for a reload).
    pub place: usize,
    /// Arrival (end of the previous stop + travel).
    pub arrival: f64,
    /// Waiting before the start.
    pub waiting: f64,
    /// Start of care (or of the break).
    pub start: f64,
    /// End of care.
    pub end: f64,
    /// Travel time from the previous place.
    pub travel_time: f64,
    /// Travel distance from the previous place.
    pub travel_distance: f64,
    /// Time started after the window closed (0 when on time).
    pub lateness: f64,
    /// Served by a carer the patient does not know (continuity broken).
    pub continuity_break: bool,
}

/// One carer's round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarerRound {
    /// Carer id.
    pub carer: String,
    /// Stops in order.
    pub stops: Vec<CareStop>,
    /// When the carer leaves the start place (as late as the first stop allows).
    pub leave: f64,
    /// When the carer is back at the end place.
    pub back: f64,
    /// Total driving time, including the way back.
    pub driving_time: f64,
    /// Total distance, including the way back.
    pub distance: f64,
    /// `back − leave` (0 for an empty round).
    pub working_time: f64,
    /// Share of the working time spent driving (0 for an empty round).
    pub driving_share: f64,
    /// Time back after the shift closed.
    pub overtime: f64,
}

/// The cost of a plan and its parts (see [`Weights`](super::Weights)).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CareCost {
    /// The weighted total.
    pub total: f64,
    /// Total driving time.
    pub travel_time: f64,
    /// Total distance.
    pub distance: f64,
    /// Σ lateness over visits (unweighted).
    pub total_lateness: f64,
    /// Largest lateness.
    pub max_lateness: f64,
    /// Visits served by a carer the patient does not know.
    pub continuity_breaks: usize,
    /// Σ overtime.
    pub overtime: f64,
    /// Visits left out.
    pub unassigned: usize,
    /// Visits started after the close of their announced times (re-planning).
    #[serde(default)]
    pub moved: usize,
}

/// How the search went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareStats {
    /// Moves tried, over all threads.
    pub iterations: u64,
    /// Wall time in seconds.
    pub elapsed_seconds: f64,
    /// Threads used.
    pub threads: usize,
    /// Why the search stopped.
    pub stop: StopReason,
}

/// A planned day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CareSolution {
    /// One round per carer, in the problem's carer order (empty rounds included).
    pub rounds: Vec<CarerRound>,
    /// Visits left out, with reasons.
    pub unassigned: Vec<UnassignedVisit>,
    /// Cost and its parts.
    pub cost: CareCost,
    /// Every hard rule holds. A visit that would break one is left out, so this is false only
    /// when a carer's breaks cannot all be kept even with an empty round.
    pub feasible: bool,
    /// Search statistics.
    pub stats: CareStats,
}
