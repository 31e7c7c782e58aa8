//! Property tests on random small instances (every feature mixed): the
//! independent checker finds no violation, each job is served once or
//! reported unassigned with a reason, the reported cost equals the
//! recomputed one, and `feasible` tells the truth.

mod common;

use proptest::prelude::*;
use tournee_solver::checker::check;
use tournee_solver::{
    solve, Job, JobKind, Matrix, Objective, Problem, Profile, SolveOptions, TimeWindow,
    UnassignedReason, VehicleType,
};

/// (location, service, open, width, optional, penalty, skill mask, demand, gap to a second window)
type JobSpec = (usize, i64, i64, i64, bool, i64, u8, i64, i64);
/// (count, open start, open end, shift open, shift length, max duration, skill mask, fixed cost, cost per time, capacity)
type TypeSpec = (usize, bool, bool, i64, i64, Option<i64>, u8, i64, i64, i64);

#[derive(Debug, Clone)]
struct Spec {
    points: Vec<(i64, i64)>,
    jobs: Vec<JobSpec>,
    types: Vec<TypeSpec>,
    two_profiles: bool,
    dims: usize,
    minimise_vehicles: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    (2usize..10, 1usize..3, any::<bool>(), any::<bool>()).prop_flat_map(
        |(n, dims, two_profiles, minimise_vehicles)| {
            let locs = n + 2;
            (
                prop::collection::vec((0i64..100, 0i64..100), locs),
                prop::collection::vec(
                    (
                        1..locs,
                        0i64..10,
                        0i64..300,
                        0i64..200,
                        any::<bool>(),
                        0i64..40,
                        0u8..4,
                        0i64..6,
                        0i64..200,
                    ),
                    n,
                ),
                prop::collection::vec(
                    (
                        0usize..3,
                        any::<bool>(),
                        any::<bool>(),
                        0i64..50,
                        300i64..700,
                        prop::option::of(150i64..600),
                        0u8..4,
                        0i64..30,
                        0i64..3,
                        5i64..20,
                    ),
                    1..3,
                ),
                Just(two_profiles),
                Just(dims),
                Just(minimise_vehicles),
            )
                .prop_map(
                    |(points, jobs, types, two_profiles, dims, minimise_vehicles)| Spec {
                        points,
                        jobs,
                        types,
                        two_profiles,
                        dims,
                        minimise_vehicles,
                    },
                )
        },
    )
}

fn skills(mask: u8) -> Vec<String> {
    ["a", "b"]
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, s)| s.to_string())
        .collect()
}

fn build(s: &Spec) -> Problem {
    let base = common::euclid(&s.points);
    let n = s.points.len();
    let mut profiles = vec![Profile {
        durations: base.clone(),
        distances: base.clone(),
    }];
    if s.two_profiles {
        // Slower, asymmetric profile.
        let slow = Matrix::from_fn(n, |i, j| {
            base.get(i, j).unwrap_or(0) * 2 + if i < j { 3 } else { 0 }
        });
        profiles.push(Profile {
            durations: slow,
            distances: base,
        });
    }
    let jobs = s
        .jobs
        .iter()
        .enumerate()
        .map(
            |(k, &(loc, service, open, width, optional, penalty, skill, demand, gap))| {
                let mut windows = vec![TimeWindow::new(open, open + width)];
                if gap > 100 {
                    windows.push(TimeWindow::new(open + width + gap, open + width + gap + 50));
                }
                Job {
                    id: format!("job{k}"),
                    location: loc,
                    service,
                    time_windows: windows,
                    demand: vec![demand; s.dims],
                    skills: skills(skill & 1),
                    priority: (k % 3) as i64,
                    kind: if optional {
                        JobKind::Optional { penalty }
                    } else {
                        JobKind::Required
                    },
                    ..Job::default()
                }
            },
        )
        .collect();
    let vehicle_types = s
        .types
        .iter()
        .enumerate()
        .map(
            |(
                t,
                &(
                    count,
                    open_start,
                    open_end,
                    shift_open,
                    shift_len,
                    max_dur,
                    skill,
                    fixed,
                    per_time,
                    cap,
                ),
            )| VehicleType {
                id: format!("type{t}"),
                count,
                profile: if s.two_profiles { t % 2 } else { 0 },
                start: if open_start { None } else { Some(0) },
                end: if open_end { None } else { Some(n - 1) },
                shift: TimeWindow::new(shift_open, shift_open + shift_len),
                capacity: vec![cap; s.dims],
                skills: skills(skill),
                max_duration: max_dur,
                fixed_cost: fixed,
                cost_per_time: per_time,
                cost_per_distance: 1,
                ..VehicleType::default()
            },
        )
        .collect();
    Problem {
        profiles,
        vehicle_types,
        jobs,
        objective: Objective {
            minimise_vehicles: s.minimise_vehicles,
            vehicle_cost: 10_000,
            priority_weight: 5,
            ..Objective::default()
        },
        ..Problem::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]
    #[test]
    fn random_instances_give_checked_solutions(s in spec(), seed in 0u64..1000) {
        let problem = build(&s);
        // Odd seeds exercise the ruin-and-recreate search used on large instances.
        let params = tournee_solver::HgsParams { large_instance: if seed % 2 == 1 { 1 } else { 500 }, ..Default::default() };
        let options = SolveOptions { iteration_limit: Some(30), seed, params, ..Default::default() };
        let solution = solve(&problem, &options).expect("valid problem");
        let report = check(&problem, &solution);
        prop_assert!(report.violations.is_empty(), "violations: {:?}\nsolution: {:?}", report.violations, solution);
        prop_assert_eq!(report.cost, solution.cost);
        let served: usize = solution.routes.iter().map(|r| r.stops.len()).sum();
        prop_assert_eq!(served + solution.unassigned.len(), problem.jobs.len());
        let gave_up = solution.unassigned.iter().any(|u| u.reason == UnassignedReason::NoFeasiblePlanFound);
        prop_assert_eq!(solution.feasible, !gave_up);
        for u in &solution.unassigned {
            if u.reason == UnassignedReason::NotWorthServing {
                let optional = matches!(problem.jobs[u.job].kind, JobKind::Optional { .. });
                prop_assert!(optional);
            }
        }
    }
}

#[test]
fn same_seed_same_result_and_threads_cooperate() {
    let problem = common::line_problem(12, 4);
    let o = SolveOptions {
        iteration_limit: Some(60),
        seed: 7,
        ..Default::default()
    };
    let a = solve(&problem, &o).unwrap();
    let b = solve(&problem, &o).unwrap();
    assert_eq!(a.routes, b.routes);
    let o2 = SolveOptions {
        threads: 2,
        ..o.clone()
    };
    let c = solve(&problem, &o2).unwrap();
    let d = solve(&problem, &o2).unwrap();
    assert_eq!(c.routes, d.routes);
    assert_eq!(c.stats.threads, 2);
    assert!(check(&problem, &c).violations.is_empty());
}

#[test]
fn cancellation_and_progress() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let problem = common::line_problem(10, 3);
    let token = tournee_solver::CancelToken::new();
    token.cancel();
    let o = SolveOptions {
        cancel: Some(token),
        iteration_limit: Some(1_000_000),
        ..Default::default()
    };
    let s = solve(&problem, &o).unwrap();
    assert_eq!(s.stats.stop_reason, tournee_solver::StopReason::Cancelled);
    assert!(
        s.feasible,
        "a cancelled solve still returns its first educated solution"
    );
    let calls = Arc::new(AtomicUsize::new(0));
    let c2 = calls.clone();
    let o = SolveOptions {
        iteration_limit: Some(30),
        progress: Some(Arc::new(move |p: &tournee_solver::Progress| {
            assert!(p.best_cost.is_some());
            c2.fetch_add(1, Ordering::Relaxed);
        })),
        params: tournee_solver::HgsParams {
            exchange_interval: 10,
            ..Default::default()
        },
        ..Default::default()
    };
    solve(&problem, &o).unwrap();
    assert_eq!(calls.load(Ordering::Relaxed), 3);
}

#[test]
fn target_cost_stops_early() {
    let problem = common::line_problem(8, 8);
    let o = SolveOptions {
        iteration_limit: Some(100_000),
        target_cost: Some(1_000_000),
        ..Default::default()
    };
    let s = solve(&problem, &o).unwrap();
    assert_eq!(s.stats.stop_reason, tournee_solver::StopReason::TargetCost);
    assert!(s.stats.iterations < 100_000);
}

#[test]
fn batch_solves_each_problem() {
    let problems: Vec<Problem> = (3..7).map(|n| common::line_problem(n, 2)).collect();
    let o = SolveOptions {
        iteration_limit: Some(20),
        threads: 2,
        ..Default::default()
    };
    let out = tournee_solver::solve_batch(&problems, &o);
    assert_eq!(out.len(), 4);
    for (p, s) in problems.iter().zip(out) {
        let s = s.unwrap();
        assert!(check(p, &s).violations.is_empty());
        assert_eq!(
            s.cost,
            2 * 10 * p.jobs.len() as i64,
            "one trip to the far end and back"
        );
    }
}

#[test]
fn ruin_and_recreate_mode_is_deterministic_and_good() {
    let problem = common::line_problem(15, 5);
    let params = tournee_solver::HgsParams {
        large_instance: 10,
        ..Default::default()
    };
    let o = SolveOptions {
        iteration_limit: Some(200),
        seed: 3,
        params,
        ..Default::default()
    };
    let a = solve(&problem, &o).unwrap();
    let b = solve(&problem, &o).unwrap();
    assert_eq!(a.routes, b.routes);
    assert!(check(&problem, &a).violations.is_empty());
    assert!(a.feasible);
    // One trip to the far end and back is optimal on a line (no capacity issue: 15 <= 100).
    assert_eq!(a.cost, 2 * 10 * 15);
}
