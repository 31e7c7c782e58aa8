//! Solving HHCRSP instances with the care engine, under the benchmark's rules.

use std::collections::HashMap;

use tournee_solver::care::{
    solve_care, CareOptions, CareProblem, CareSolution, CareStats, Carer, Lateness, Link, LinkKind,
    TravelMatrix, Visit as CareVisit, Weights, Window,
};

use super::{check, BenchSolution, CarerRoute, CheckReport, HhcrspError, Instance, Sync, Visit};

/// A shift end far beyond any instance's day: the benchmark has no shift limit.
const NO_SHIFT_END: f64 = 1e7;

/// Visit id of service `r` of patient `p` in the care problem.
fn visit_id(instance: &Instance, p: usize, r: usize) -> String {
    format!(
        "{}/{}",
        instance.patients[p].id, instance.patients[p].services[r].service
    )
}

/// The care problem of an instance: place 0 is the depot, patient `i` is place `i + 1`; each
/// (patient, service) is a visit needing that service as a skill, with a window whose opening
/// is hard and closing soft; double services are [`Link`]s between two distinct carers;
/// carers leave the depot at time 0; weights [`Weights::hhcrsp`].
pub fn care_problem(instance: &Instance) -> CareProblem {
    let travel = TravelMatrix::from_rows(&instance.travel, None)
        .expect("the instance reader checked the matrix");
    let carers = instance
        .carers
        .iter()
        .map(|(id, abilities)| {
            let skills: Vec<&str> = abilities.iter().map(|s| s.as_str()).collect();
            Carer::new(
                id,
                &skills,
                Window {
                    open: 0.0,
                    close: NO_SHIFT_END,
                },
                0,
            )
        })
        .collect();
    let mut visits = Vec::new();
    let mut links = Vec::new();
    for (p, patient) in instance.patients.iter().enumerate() {
        for (r, req) in patient.services.iter().enumerate() {
            let mut v = CareVisit::new(
                &visit_id(instance, p, r),
                p + 1,
                req.duration,
                Window {
                    open: patient.window.0,
                    close: patient.window.1,
                },
            );
            v.patient = Some(patient.id.clone());
            v.lateness = Lateness::Soft { weight: 1.0 };
            v.skills = vec![req.service.clone()];
            visits.push(v);
        }
        if let Some(sync) = &patient.sync {
            links.push(Link {
                first: visit_id(instance, p, 0),
                second: visit_id(instance, p, 1),
                kind: match *sync {
                    Sync::Simultaneous => LinkKind::Simultaneous,
                    Sync::Sequential { min, max } => LinkKind::StartGap { min, max },
                },
                distinct_carers: true,
            });
        }
    }
    CareProblem {
        travel,
        carers,
        visits,
        links,
        shipments: Vec::new(),
        weights: Weights::hhcrsp(),
    }
}

/// Writes a care plan of `instance` in the benchmark's solution format (every carer listed).
pub fn to_bench_solution(instance: &Instance, plan: &CareSolution) -> BenchSolution {
    let mut names: HashMap<String, (String, String)> = HashMap::new();
    for (p, patient) in instance.patients.iter().enumerate() {
        for (r, req) in patient.services.iter().enumerate() {
            names.insert(
                visit_id(instance, p, r),
                (patient.id.clone(), req.service.clone()),
            );
        }
    }
    BenchSolution {
        routes: plan
            .rounds
            .iter()
            .map(|round| CarerRoute {
                caregiver_id: round.carer.clone(),
                locations: round
                    .stops
                    .iter()
                    .map(|s| {
                        let (patient_id, service_id) = names[&s.id].clone();
                        Visit {
                            patient_id,
                            service_id,
                            arrival_time: s.start,
                            departure_time: s.end,
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// A solved instance: the solution file, what the independent checker says of it, and how
/// the search went.
#[derive(Clone, Debug)]
pub struct Solved {
    /// The solution in the benchmark's format.
    pub solution: BenchSolution,
    /// The checker's verdict and cost, computed from the instance and `solution` only.
    pub report: CheckReport,
    /// Search statistics.
    pub stats: CareStats,
}

/// Solves `instance` and checks the written solution with the independent [`check`]er. An
/// instance the engine refuses, or bad options (a time limit that is not a positive number…),
/// give [`HhcrspError::Invalid`] naming the item.
///
/// ```no_run
/// use tournee::hhcrsp::{solve, Instance};
/// use tournee_solver::care::CareOptions;
/// let instance = Instance::read("InstanzCPLEX_HCSRP_10_1.json".as_ref()).unwrap();
/// let options = CareOptions { time_limit: Some(5.0), threads: 2, ..Default::default() };
/// let solved = solve(&instance, &options).unwrap();
/// assert!(solved.report.valid);
/// println!("{} {}", solved.report.cost, solved.solution.to_json());
/// ```
pub fn solve(instance: &Instance, options: &CareOptions) -> Result<Solved, HhcrspError> {
    let problem = care_problem(instance);
    let plan = solve_care(&problem, options).map_err(|e| HhcrspError::Invalid {
        name: instance.name.clone(),
        detail: e.to_string(),
    })?;
    let solution = to_bench_solution(instance, &plan);
    let report = check(instance, &solution);
    Ok(Solved {
        solution,
        report,
        stats: plan.stats,
    })
}
