//! Tiny instances (≤ 7 jobs): the solver's cost equals the optimum found by
//! enumerating every assignment of jobs to vehicles and orders.

mod common;

use proptest::prelude::*;
use tournee_solver::{
    solve, Job, JobKind, Objective, Problem, Profile, SolveOptions, TimeWindow, VehicleType,
};

/// Cost of one route, or `None` if infeasible (earliest schedule, waiting allowed).
fn route_cost(p: &Problem, vt: usize, jobs: &[usize]) -> Option<i64> {
    if jobs.is_empty() {
        return Some(0);
    }
    let v = &p.vehicle_types[vt];
    let prof = &p.profiles[v.profile];
    let mut t = v.shift.open;
    let mut loc = v.start;
    let mut dist = 0;
    let mut load = 0;
    for &j in jobs {
        let job = &p.jobs[j];
        if !job.skills.iter().all(|s| v.skills.contains(s)) {
            return None;
        }
        let (tt, dd) = match loc {
            Some(l) => (
                prof.durations.get(l, job.location)?,
                prof.distances.get(l, job.location)?,
            ),
            None => (0, 0),
        };
        let arrive = t + tt;
        let w = job.time_windows[0];
        if arrive > w.close {
            return None;
        }
        t = arrive.max(w.open) + job.service;
        dist += dd;
        load += job.demand[0];
        loc = Some(job.location);
    }
    if let (Some(l), Some(e)) = (loc, v.end) {
        t += prof.durations.get(l, e)?;
        dist += prof.distances.get(l, e)?;
    }
    if t > v.shift.close || load > v.capacity[0] {
        return None;
    }
    Some(v.fixed_cost + v.cost_per_distance * dist)
}

/// Optimal cost over all assignments (`None` if no plan serves every required job).
fn brute_force(p: &Problem) -> Option<i64> {
    let vehicles: Vec<usize> = p
        .vehicle_types
        .iter()
        .enumerate()
        .flat_map(|(t, v)| std::iter::repeat_n(t, v.count))
        .collect();
    let mut routes: Vec<Vec<usize>> = vec![Vec::new(); vehicles.len()];
    let mut best = None;
    fn rec(
        p: &Problem,
        vehicles: &[usize],
        routes: &mut Vec<Vec<usize>>,
        j: usize,
        left_out: i64,
        best: &mut Option<i64>,
    ) {
        if j == p.jobs.len() {
            let mut total = left_out;
            for (r, jobs) in routes.iter().enumerate() {
                match route_cost(p, vehicles[r], jobs) {
                    Some(c) => total += c,
                    None => return,
                }
            }
            if best.is_none_or(|b| total < b) {
                *best = Some(total);
            }
            return;
        }
        if let JobKind::Optional { penalty } = p.jobs[j].kind {
            rec(p, vehicles, routes, j + 1, left_out + penalty, best);
        }
        for r in 0..routes.len() {
            for pos in 0..=routes[r].len() {
                routes[r].insert(pos, j);
                rec(p, vehicles, routes, j + 1, left_out, best);
                routes[r].remove(pos);
            }
        }
    }
    rec(p, &vehicles, &mut routes, 0, 0, &mut best);
    best
}

fn tiny() -> impl Strategy<Value = Problem> {
    (2usize..=7).prop_flat_map(|n| {
        let max_vehicles = if n >= 6 { 2 } else { 3 };
        (
            prop::collection::vec((0i64..60, 0i64..60), n + 1),
            prop::collection::vec(
                (
                    0i64..150,
                    20i64..200,
                    0i64..8,
                    1i64..5,
                    any::<bool>(),
                    0i64..80,
                    any::<bool>(),
                ),
                n,
            ),
            1usize..=max_vehicles,
            0i64..40,
            5i64..14,
            any::<bool>(),
        )
            .prop_map(|(pts, jobs, count, fixed, cap, skilled)| {
                let m = common::euclid(&pts);
                let mut special = VehicleType::new("special", 1, 0, TimeWindow::new(0, 400), cap);
                special.skills = vec!["s".into()];
                special.fixed_cost = fixed + 10;
                let mut plain = VehicleType::new(
                    "plain",
                    count.saturating_sub(1).max(1),
                    0,
                    TimeWindow::new(0, 400),
                    cap,
                );
                plain.fixed_cost = fixed;
                Problem {
                    profiles: vec![Profile {
                        durations: m.clone(),
                        distances: m,
                    }],
                    vehicle_types: if skilled && count > 1 {
                        vec![plain, special]
                    } else {
                        vec![plain]
                    },
                    jobs: jobs
                        .into_iter()
                        .enumerate()
                        .map(
                            |(k, (open, width, service, demand, optional, penalty, needs))| {
                                let mut j = Job::new(
                                    format!("j{k}"),
                                    k + 1,
                                    service,
                                    TimeWindow::new(open, open + width),
                                    demand,
                                );
                                if optional {
                                    j.kind = JobKind::Optional { penalty };
                                }
                                if skilled && needs && k % 3 == 0 {
                                    j.skills = vec!["s".into()];
                                }
                                j
                            },
                        )
                        .collect(),
                    objective: Objective::default(),
                    ..Problem::default()
                }
            })
    })
}

proptest! {
    // A heuristic may in principle miss an optimum on a rare hard case, so the cases are drawn
    // from a fixed seed: CI runs the same 24 instances every time (change the seed to explore).
    #![proptest_config(ProptestConfig {
        cases: 24,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_122),
        ..ProptestConfig::default()
    })]
    #[test]
    fn tiny_instances_are_solved_to_optimality(p in tiny(), seed in 0u64..100) {
        let optimum = brute_force(&p);
        prop_assume!(optimum.is_some());
        let s = solve(&p, &SolveOptions { iteration_limit: Some(500), seed, ..Default::default() }).unwrap();
        prop_assert!(s.feasible, "infeasible: {:?}", s);
        prop_assert_eq!(Some(s.cost), optimum, "solution {:?}", s);
    }
}
