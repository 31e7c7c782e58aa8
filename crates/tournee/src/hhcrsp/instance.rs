//! Reading HHCRSP instance files.

use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;

use super::HhcrspError;

/// One service a patient needs.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Requirement {
    /// Service id (`s1`, …).
    pub service: String,
    /// Exact duration in minutes.
    pub duration: f64,
}

/// How the two services of a double-service patient are timed.
#[derive(Clone, Debug, PartialEq)]
pub enum Sync {
    /// Both start at the same instant.
    Simultaneous,
    /// The second starts between `min` and `max` minutes after the first starts.
    Sequential {
        /// Smallest start-to-start gap.
        min: f64,
        /// Largest start-to-start gap.
        max: f64,
    },
}

/// A patient (a visit, with one or two services).
#[derive(Clone, Debug, PartialEq)]
pub struct Patient {
    /// Patient id (`p1`, …).
    pub id: String,
    /// Window `[open, close]` in minutes; opening is hard, closing soft.
    pub window: (f64, f64),
    /// One or two services.
    pub services: Vec<Requirement>,
    /// Synchronisation of the two services (`None` with one service).
    pub sync: Option<Sync>,
}

/// An HHCRSP instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// Name (file stem).
    pub name: String,
    /// Patients in file order; patient `i` is row/column `i + 1` of `travel`.
    pub patients: Vec<Patient>,
    /// Carers with their abilities (service ids), in file order.
    pub carers: Vec<(String, Vec<String>)>,
    /// Travel times in minutes; index 0 is the depot.
    pub travel: Vec<Vec<f64>>,
}

#[derive(Deserialize)]
struct RawSync {
    #[serde(rename = "type")]
    kind: String,
    distance: Option<(f64, f64)>,
}

#[derive(Deserialize)]
struct RawPatient {
    id: String,
    time_window: (f64, f64),
    required_caregivers: Vec<Requirement>,
    synchronization: Option<RawSync>,
}

#[derive(Deserialize)]
struct RawCarer {
    id: String,
    abilities: Vec<String>,
}

#[derive(Deserialize)]
struct RawInstance {
    patients: Vec<RawPatient>,
    caregivers: Vec<RawCarer>,
    distances: Vec<Vec<f64>>,
}

/// A tiny instance in the format of [`Instance::parse`]: depot, p1 (one service s1), p2 (s1 then
/// s2, sequential gap [10, 20]), p3 (s1 + s2 simultaneous), three caregivers. Used by the
/// tests and as the seed of the HHCRSP fuzz target.
///
/// ```
/// let i = tournee::hhcrsp::Instance::parse(tournee::hhcrsp::EXAMPLE_INSTANCE, "tiny").unwrap();
/// assert_eq!(i.patients.len(), 3);
/// ```
pub const EXAMPLE_INSTANCE: &str = r#"{
      "patients": [
        {"id": "p1", "location": [0, 10], "time_window": [0, 100],
         "required_caregivers": [{"service": "s1", "duration": 10}]},
        {"id": "p2", "location": [10, 0], "time_window": [20, 60],
         "required_caregivers": [{"service": "s1", "duration": 5}, {"service": "s2", "duration": 5}],
         "synchronization": {"type": "sequential", "distance": [10, 20]}},
        {"id": "p3", "location": [10, 10], "time_window": [50, 80],
         "required_caregivers": [{"service": "s1", "duration": 8}, {"service": "s2", "duration": 8}],
         "synchronization": {"type": "simultaneous"}}
      ],
      "services": [{"id": "s1", "default_duration": 10}, {"id": "s2", "default_duration": 5}],
      "caregivers": [{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s2"]},
                     {"id": "c3", "abilities": ["s1", "s2"]}],
      "central_offices": [{"id": "d", "location": [0, 0]}],
      "distances": [[0, 10, 10, 14], [10, 0, 14, 10], [10, 14, 0, 10], [14, 10, 10, 0]]
    }"#;

/// Largest time, duration, gap or travel time accepted, in minutes (about 69 days): far
/// beyond any day, small enough that no sum inside the engine loses its meaning.
pub const MAX_MINUTES: f64 = 100_000.0;

/// Checks a number of minutes: finite, within `[lo, MAX_MINUTES]`.
fn minutes(what: String, v: f64, lo: f64) -> Result<f64, String> {
    if v.is_finite() && (lo..=MAX_MINUTES).contains(&v) {
        Ok(v)
    } else {
        Err(format!(
            "{what} is {v:?}: it must be a number of minutes between {lo} and {MAX_MINUTES}"
        ))
    }
}

impl Instance {
    /// Reads an instance file.
    pub fn read(path: &Path) -> Result<Instance, HhcrspError> {
        let text = std::fs::read_to_string(path).map_err(|source| HhcrspError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        Self::parse(&text, &name).map_err(|detail| HhcrspError::Format {
            path: path.display().to_string(),
            detail,
        })
    }

    /// Parses an instance from JSON text; the error names the offending item.
    pub fn parse(text: &str, name: &str) -> Result<Instance, String> {
        let raw: RawInstance = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let n = raw.patients.len();
        if raw.distances.len() != n + 1 || raw.distances.iter().any(|r| r.len() != n + 1) {
            return Err(format!(
                "distances must be a {0}×{0} matrix (depot + {n} patients)",
                n + 1
            ));
        }
        if let Some((i, j)) = (0..=n)
            .flat_map(|i| (0..=n).map(move |j| (i, j)))
            .find(|&(i, j)| {
                let d = raw.distances[i][j];
                !(d.is_finite() && (0.0..=MAX_MINUTES).contains(&d))
            })
        {
            return Err(format!(
                "distance [{i}][{j}] is {:?}: it must be a number of minutes between 0 and \
                 {MAX_MINUTES}",
                raw.distances[i][j]
            ));
        }
        if raw.caregivers.is_empty() {
            return Err("the instance has no caregiver".into());
        }
        let mut carer_ids = HashMap::new();
        for (k, c) in raw.caregivers.iter().enumerate() {
            if let Some(first) = carer_ids.insert(c.id.as_str(), k) {
                return Err(format!(
                    "caregiver {k}: id {:?} already used by caregiver {first}",
                    c.id
                ));
            }
        }
        let mut seen = HashMap::new();
        let mut patients = Vec::with_capacity(n);
        for (i, p) in raw.patients.into_iter().enumerate() {
            if let Some(first) = seen.insert(p.id.clone(), i) {
                return Err(format!(
                    "patient {i}: id {:?} already used by patient {first}",
                    p.id
                ));
            }
            minutes(
                format!("patient {}: window opening", p.id),
                p.time_window.0,
                0.0,
            )?;
            minutes(
                format!("patient {}: window closing", p.id),
                p.time_window.1,
                0.0,
            )?;
            if p.time_window.1 < p.time_window.0 {
                return Err(format!("patient {}: window closes before it opens", p.id));
            }
            for r in &p.required_caregivers {
                minutes(
                    format!("patient {}: duration of service {}", p.id, r.service),
                    r.duration,
                    0.0,
                )?;
                if !raw
                    .caregivers
                    .iter()
                    .any(|c| c.abilities.contains(&r.service))
                {
                    return Err(format!(
                        "patient {}: no caregiver can give service {:?}",
                        p.id, r.service
                    ));
                }
            }
            let sync = match (p.required_caregivers.len(), p.synchronization) {
                (1, _) => None,
                (2, Some(s)) if s.kind == "simultaneous" => Some(Sync::Simultaneous),
                (
                    2,
                    Some(RawSync {
                        kind,
                        distance: Some((min, max)),
                    }),
                ) if kind == "sequential" && min <= max => {
                    minutes(format!("patient {}: smallest gap", p.id), min, -MAX_MINUTES)?;
                    minutes(format!("patient {}: largest gap", p.id), max, -MAX_MINUTES)?;
                    Some(Sync::Sequential { min, max })
                }
                (k, _) => {
                    return Err(format!(
                        "patient {}: {k} services without a valid synchronisation",
                        p.id
                    ))
                }
            };
            patients.push(Patient {
                id: p.id,
                window: p.time_window,
                services: p.required_caregivers,
                sync,
            });
        }
        Ok(Instance {
            name: name.to_string(),
            patients,
            carers: raw
                .caregivers
                .into_iter()
                .map(|c| (c.id, c.abilities))
                .collect(),
            travel: raw.distances,
        })
    }
}
