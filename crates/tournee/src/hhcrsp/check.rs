//! The independent checker: validity and cost from the instance and a solution file only.

use std::collections::HashMap;

use serde::Serialize;

use super::{BenchSolution, Instance, Sync};

/// Times are compared with this tolerance (minutes), for decimal rounding in files.
const EPS: f64 = 1e-6;

/// What the checker found.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CheckReport {
    /// No violation.
    pub valid: bool,
    /// Every violation, naming the carer, patient and service.
    pub violations: Vec<String>,
    /// Total travel time of all carers (depot → stops → depot).
    pub distance: f64,
    /// Sum over (patient, service) of max(0, start − close).
    pub total_tardiness: f64,
    /// Largest single tardiness.
    pub max_tardiness: f64,
    /// (distance + total tardiness + max tardiness) / 3.
    pub cost: f64,
}

/// Checks `solution` against `instance`.
pub fn check(instance: &Instance, solution: &BenchSolution) -> CheckReport {
    let mut v: Vec<String> = Vec::new();
    let patient_index: HashMap<&str, usize> = instance
        .patients
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let abilities: HashMap<&str, &Vec<String>> = instance
        .carers
        .iter()
        .map(|(id, a)| (id.as_str(), a))
        .collect();
    let mut carers_seen: HashMap<&str, usize> = HashMap::new();
    // (patient, requirement index) → start times given.
    let mut starts: HashMap<(usize, usize), Vec<f64>> = HashMap::new();
    let mut distance = 0.0;

    for route in &solution.routes {
        let carer = route.caregiver_id.as_str();
        *carers_seen.entry(carer).or_default() += 1;
        let Some(can) = abilities.get(carer) else {
            v.push(format!("carer {carer} is not in the instance"));
            continue;
        };
        let (mut at, mut time) = (0usize, 0.0f64);
        for visit in &route.locations {
            let what = format!(
                "carer {carer}, patient {}, service {}",
                visit.patient_id, visit.service_id
            );
            let Some(&p) = patient_index.get(visit.patient_id.as_str()) else {
                v.push(format!("{what}: unknown patient"));
                continue;
            };
            let patient = &instance.patients[p];
            let Some(r) = patient
                .services
                .iter()
                .position(|s| s.service == visit.service_id)
            else {
                v.push(format!("{what}: the patient does not need this service"));
                continue;
            };
            if !can.contains(&visit.service_id) {
                v.push(format!("{what}: the carer cannot perform this service"));
            }
            let start = visit.arrival_time;
            let duration = patient.services[r].duration;
            if (visit.departure_time - start - duration).abs() > EPS {
                v.push(format!(
                    "{what}: lasts {} min, the service takes {duration}",
                    visit.departure_time - start
                ));
            }
            if start + EPS < patient.window.0 {
                v.push(format!(
                    "{what}: starts at {start}, before the window opens at {}",
                    patient.window.0
                ));
            }
            let leg = instance.travel[at][p + 1];
            if start + EPS < time + leg {
                v.push(format!(
                    "{what}: starts at {start} but the carer cannot arrive before {}",
                    time + leg
                ));
            }
            distance += leg;
            at = p + 1;
            time = visit.departure_time.max(start + duration);
            starts.entry((p, r)).or_default().push(start);
        }
        distance += instance.travel[at][0];
    }
    for (id, _) in &instance.carers {
        match carers_seen.get(id.as_str()) {
            None => v.push(format!("carer {id} is missing from the solution")),
            Some(k) if *k > 1 => v.push(format!("carer {id} has {k} routes")),
            _ => {}
        }
    }

    let (mut total_tardiness, mut max_tardiness) = (0.0f64, 0.0f64);
    for (p, patient) in instance.patients.iter().enumerate() {
        let mut first_starts = Vec::new();
        for (r, req) in patient.services.iter().enumerate() {
            match starts.get(&(p, r)).map(|s| s.as_slice()) {
                None | Some([]) => v.push(format!(
                    "patient {}: service {} is never given",
                    patient.id, req.service
                )),
                Some([s]) => {
                    let late = (s - patient.window.1).max(0.0);
                    total_tardiness += late;
                    max_tardiness = max_tardiness.max(late);
                    first_starts.push(*s);
                }
                Some(many) => v.push(format!(
                    "patient {}: service {} is given {} times",
                    patient.id,
                    req.service,
                    many.len()
                )),
            }
        }
        if let (Some(sync), [a, b]) = (&patient.sync, first_starts.as_slice()) {
            match sync {
                Sync::Simultaneous if (a - b).abs() > EPS => v.push(format!(
                    "patient {}: simultaneous services start at {a} and {b}",
                    patient.id
                )),
                Sync::Sequential { min, max } if b - a < min - EPS || b - a > max + EPS => {
                    v.push(format!(
                        "patient {}: the second service starts {} min after the first, outside [{min}, {max}]",
                        patient.id,
                        b - a
                    ))
                }
                _ => {}
            }
        }
    }
    CheckReport {
        valid: v.is_empty(),
        violations: v,
        distance,
        total_tardiness,
        max_tardiness,
        cost: (distance + total_tardiness + max_tardiness) / 3.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::hhcrsp::EXAMPLE_INSTANCE as INSTANCE;

    fn instance() -> Instance {
        Instance::parse(INSTANCE, "tiny").unwrap()
    }

    /// A valid plan: c1 serves p1 s1 (10–20), p2 s1 (34–39), p3 s1 (64–72); c2 serves p2 s2
    /// (49–54, 15 min after s1) and p3 s2 (64–72, simultaneous); c3 stays at the office.
    /// c2's stops use the published key spelling (`patient`, `service`).
    fn valid() -> BenchSolution {
        BenchSolution::parse(
            r#"{"routes": [
              {"caregiver_id": "c1", "locations": [
                {"patient_id": "p1", "service_id": "s1", "arrival_time": 10, "departure_time": 20},
                {"patient_id": "p2", "service_id": "s1", "arrival_time": 34, "departure_time": 39},
                {"patient_id": "p3", "service_id": "s1", "arrival_time": 64, "departure_time": 72}]},
              {"caregiver_id": "c2", "locations": [
                {"patient": "p2", "service": "s2", "arrival_time": 49, "departure_time": 54},
                {"patient": "p3", "service": "s2", "arrival_time": 64, "departure_time": 72}]},
              {"caregiver_id": "c3", "locations": []}
            ]}"#,
        )
        .unwrap()
    }

    #[test]
    fn valid_plan_and_cost() {
        let r = check(&instance(), &valid());
        assert!(r.valid, "{:?}", r.violations);
        // c1: 0→p1 10, p1→p2 14, p2→p3 10, p3→0 14 ; c2: 0→p2 10, p2→p3 10, p3→0 14.
        assert_eq!(r.distance, 48.0 + 34.0);
        assert_eq!(r.total_tardiness, 0.0);
        assert_eq!(r.cost, 82.0 / 3.0);
    }

    fn broken(edit: impl FnOnce(&mut BenchSolution)) -> Vec<String> {
        let mut s = valid();
        edit(&mut s);
        let r = check(&instance(), &s);
        assert!(!r.valid);
        r.violations
    }

    #[test]
    fn catches_every_kind_of_violation() {
        // A double-service patient given only one service.
        let v = broken(|s| {
            s.routes[1].locations.remove(0);
        });
        assert!(
            v.iter()
                .any(|m| m.contains("p2: service s2 is never given")),
            "{v:?}"
        );
        // A service given twice.
        let v = broken(|s| {
            let dup = s.routes[0].locations[0].clone();
            let mut later = dup.clone();
            later.arrival_time = 90.0;
            later.departure_time = 100.0;
            s.routes[2].locations.push(later);
        });
        assert!(
            v.iter()
                .any(|m| m.contains("p1: service s1 is given 2 times")),
            "{v:?}"
        );
        // Starting before the window opens.
        let v = broken(|s| {
            s.routes[0].locations[1].arrival_time = 15.0;
            s.routes[0].locations[1].departure_time = 20.0;
        });
        assert!(
            v.iter().any(|m| m.contains("before the window opens")),
            "{v:?}"
        );
        // A carer doing a service outside its abilities.
        let v = broken(|s| s.routes[1].caregiver_id = "c1".into());
        assert!(v.iter().any(|m| m.contains("cannot perform")), "{v:?}");
        // Broken synchronisation (simultaneous and sequential).
        let v = broken(|s| {
            s.routes[1].locations[1].arrival_time = 66.0;
            s.routes[1].locations[1].departure_time = 74.0;
        });
        assert!(v.iter().any(|m| m.contains("simultaneous")), "{v:?}");
        let v = broken(|s| {
            s.routes[1].locations[0].arrival_time = 30.0 + 34.0;
            s.routes[1].locations[0].departure_time = 69.0;
        });
        assert!(v.iter().any(|m| m.contains("outside [10, 20]")), "{v:?}");
        // Durations that do not match.
        let v = broken(|s| s.routes[0].locations[0].departure_time = 25.0);
        assert!(v.iter().any(|m| m.contains("lasts 15 min")), "{v:?}");
        // Travel time ignored, a missing carer.
        let v = broken(|s| {
            s.routes[0].locations[0].arrival_time = 5.0;
            s.routes[0].locations[0].departure_time = 15.0;
        });
        assert!(
            v.iter().any(|m| m.contains("cannot arrive before 10")),
            "{v:?}"
        );
        let v = broken(|s| {
            s.routes.pop();
        });
        assert!(v.iter().any(|m| m.contains("carer c3 is missing")), "{v:?}");
    }

    #[test]
    fn tardiness_counts_per_service() {
        let mut s = valid();
        // p3 closes at 80: starting both services at 85 makes each 5 min late.
        for r in [0, 1] {
            let l = s.routes[r].locations.last_mut().unwrap();
            l.arrival_time = 85.0;
            l.departure_time = 93.0;
        }
        let r = check(&instance(), &s);
        assert!(r.valid, "{:?}", r.violations);
        assert_eq!(r.total_tardiness, 10.0);
        assert_eq!(r.max_tardiness, 5.0);
        assert_eq!(r.cost, (82.0 + 10.0 + 5.0) / 3.0);
    }

    #[test]
    fn bad_instances_name_the_item() {
        let bad = INSTANCE.replace("[20, 60]", "[60, 20]");
        assert!(Instance::parse(&bad, "x")
            .unwrap_err()
            .contains("p2: window closes"));
        let bad = INSTANCE.replace("[[0, 10, 10, 14], ", "[");
        assert!(Instance::parse(&bad, "x").unwrap_err().contains("4×4"));
        let bad = INSTANCE.replace("\"id\": \"p3\"", "\"id\": \"p1\"");
        assert!(Instance::parse(&bad, "x")
            .unwrap_err()
            .contains("already used"));
        // What the engine used to panic on: each is refused at reading, naming the item.
        for (from, to, says) in [
            (
                "{\"id\": \"c2\"",
                "{\"id\": \"c1\"",
                "caregiver 1: id \"c1\" already used",
            ),
            (
                "\"duration\": 10}]}",
                "\"duration\": -10}]}",
                "p1: duration of service s1 is -10",
            ),
            (
                "\"duration\": 10}]}",
                "\"duration\": 1e300}]}",
                "p1: duration of service s1",
            ),
            ("[0, 100]", "[0, 1e308]", "p1: window closing"),
            ("[0, 100]", "[-5, 100]", "p1: window opening"),
            ("[10, 20]", "[-1e9, 20]", "p2: smallest gap"),
            (
                "[[0, 10, 10, 14]",
                "[[0, 1e200, 10, 14]",
                "distance [0][1] is 1e200",
            ),
            ("\"abilities\": [\"s2\"]}", "\"abilities\": []}", ""),
        ] {
            let bad = INSTANCE.replace(from, to);
            assert_ne!(bad, INSTANCE, "{from}");
            match Instance::parse(&bad, "x") {
                Err(e) => assert!(e.contains(says), "{e} / {says}"),
                // c2 without abilities: c3 still gives s2, the instance is fine.
                Ok(_) => assert!(says.is_empty(), "{to} accepted"),
            }
        }
        let no_carer = INSTANCE.replace(
            r#"[{"id": "c1", "abilities": ["s1"]}, {"id": "c2", "abilities": ["s2"]},
                     {"id": "c3", "abilities": ["s1", "s2"]}]"#,
            "[]",
        );
        assert!(Instance::parse(&no_carer, "x")
            .unwrap_err()
            .contains("no caregiver"));
        let nobody_for_s2 = INSTANCE
            .replace(r#""abilities": ["s2"]"#, r#""abilities": ["s1"]"#)
            .replace(r#""abilities": ["s1", "s2"]"#, r#""abilities": ["s1"]"#);
        assert!(Instance::parse(&nobody_for_s2, "x")
            .unwrap_err()
            .contains("p2: no caregiver can give service \"s2\""));
    }

    #[test]
    fn bad_options_are_a_typed_error() {
        let options = tournee_solver::care::CareOptions {
            time_limit: Some(f64::NAN),
            ..Default::default()
        };
        match super::super::solve(&instance(), &options) {
            Err(super::super::HhcrspError::Invalid { name, detail }) => {
                assert_eq!(name, "tiny");
                assert!(!detail.is_empty());
            }
            other => panic!("{:?}", other.map(|s| s.report.cost)),
        }
    }
}
