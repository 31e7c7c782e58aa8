//! The benchmark's solution format.

use serde::{Deserialize, Serialize};

/// One service given: patient, service, start (`arrival_time`) and end (`departure_time`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Patient id (published solutions spell the key `patient`).
    #[serde(alias = "patient")]
    pub patient_id: String,
    /// Service id (published solutions spell the key `service`).
    #[serde(alias = "service")]
    pub service_id: String,
    /// Start of service in minutes.
    pub arrival_time: f64,
    /// Start + duration.
    pub departure_time: f64,
}

/// One carer's day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarerRoute {
    /// Carer id.
    pub caregiver_id: String,
    /// Services in order.
    pub locations: Vec<Visit>,
}

/// A solution file: every carer, in any order (an unused carer has an empty route).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchSolution {
    /// The routes.
    pub routes: Vec<CarerRoute>,
}

impl BenchSolution {
    /// Parses a solution file's text (either key spelling).
    pub fn parse(text: &str) -> Result<BenchSolution, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    /// The benchmark's JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("solution serialises")
    }
}
