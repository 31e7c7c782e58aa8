//! The constant-time pricing of candidate routes must equal a fresh
//! evaluation of the built route, for every operator and mixed fleets.

use super::route::Route;
use super::*;
use crate::eval::CostEvaluator;
use crate::instance::Instance;
use crate::model::{Job, Matrix, Objective, Problem, Profile, TimeWindow, VehicleType};
use crate::rng::Rng;

fn problem(rng: &mut Rng) -> Problem {
    let n = 14;
    let pts: Vec<(i64, i64)> = (0..n + 2)
        .map(|_| (rng.below(100) as i64, rng.below(100) as i64))
        .collect();
    let d = |i: usize, j: usize| {
        let (dx, dy) = ((pts[i].0 - pts[j].0) as f64, (pts[i].1 - pts[j].1) as f64);
        (dx * dx + dy * dy).sqrt().round() as i64
    };
    let fast = Matrix::from_fn(n + 2, d);
    let slow = Matrix::from_fn(n + 2, |i, j| d(i, j) * 2 + (i > j) as i64 * 5);
    let mut a = VehicleType::new("a", 3, 0, TimeWindow::new(0, 300), 12);
    a.cost_per_time = 1;
    a.max_duration = Some(200);
    let mut b = VehicleType::new("b", 2, 0, TimeWindow::new(20, 400), 8);
    b.profile = 1;
    b.start = None;
    b.end = Some(n + 1);
    b.fixed_cost = 7;
    let jobs = (0..n)
        .map(|k| {
            let open = rng.below(200) as i64;
            Job::new(
                format!("{k}"),
                k + 1,
                rng.below(10) as i64,
                TimeWindow::new(open, open + 20 + rng.below(100) as i64),
                1 + rng.below(4) as i64,
            )
        })
        .collect();
    Problem {
        profiles: vec![
            Profile {
                durations: fast.clone(),
                distances: fast,
            },
            Profile {
                durations: slow.clone(),
                distances: slow,
            },
        ],
        vehicle_types: vec![a, b],
        jobs,
        objective: Objective::default(),
        ..Problem::default()
    }
}

#[test]
fn candidate_pricing_matches_fresh_evaluation() {
    let mut rng = Rng::new(3);
    for _ in 0..20 {
        let p = problem(&mut rng);
        let inst = Instance::build(&p).unwrap();
        let active: Vec<usize> = (0..inst.n_jobs).collect();
        let neighbours: Vec<Vec<usize>> = (0..inst.n_jobs)
            .map(|j| active.iter().copied().filter(|&k| k != j).collect())
            .collect();
        let mut ls = LocalSearch::new(&inst, &neighbours, active.clone());
        let mut jobs = active.clone();
        rng.shuffle(&mut jobs);
        let mut routes: Vec<(usize, Vec<usize>)> =
            (0..inst.vehicles.len()).map(|v| (v, Vec::new())).collect();
        for (k, j) in jobs.into_iter().enumerate() {
            routes[k % 4].1.push(j);
        }
        ls.load(&routes);
        let mut checked = 0;
        for u in 0..inst.n_jobs {
            for rv in 0..inst.vehicles.len() {
                for pv in 0..=ls.routes[rv].len() {
                    let moves = [
                        relocate::evaluate(&ls, u, rv, pv, 1),
                        relocate::evaluate(&ls, u, rv, pv, 2),
                        swap::evaluate(&ls, u, rv, pv, 1, 1),
                        swap::evaluate(&ls, u, rv, pv, 2, 1),
                        two_opt_star::evaluate(&ls, u, rv, pv),
                        two_opt::evaluate(&ls, u, rv, pv),
                    ];
                    for m in moves.into_iter().flatten() {
                        for c in &m.routes[..m.n] {
                            let mut fresh = Route::new(ls.routes[c.target].vehicle);
                            fresh.jobs = ls.build(c);
                            fresh.update(&inst, &ls.lower);
                            assert_eq!(ls.evaluate(c), fresh.parts, "candidate {c:?}");
                            assert_travel_bound(&inst, &ls, c);
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100);
    }
}

/// A random problem using every rule: soft and several windows, breaks, reload depots,
/// preferences, pickups, shipments, simultaneous and start-gap links, double staffing.
fn rich_problem(rng: &mut Rng, multi_window_links: bool) -> Problem {
    use crate::model::{JobKind, Lateness, Link, LinkKind, Reloads, Shipment, VehicleBreak};
    let n = 12;
    let pts: Vec<(i64, i64)> = (0..n + 2)
        .map(|_| (rng.below(60) as i64, rng.below(60) as i64))
        .collect();
    let d = |i: usize, j: usize| {
        let (dx, dy) = ((pts[i].0 - pts[j].0) as f64, (pts[i].1 - pts[j].1) as f64);
        (dx * dx + dy * dy).sqrt().round() as i64
    };
    let m = Matrix::from_fn(n + 2, d);
    let mut types = Vec::new();
    for t in 0..4 {
        let mut v = VehicleType::new(format!("v{t}"), 1, t % 2, TimeWindow::new(0, 400), 6);
        v.cost_per_travel_time = 1 + (t as i64 % 2);
        v.max_overtime = 40;
        v.overtime_cost = 3;
        if t % 2 == 0 {
            v.breaks.push(VehicleBreak {
                id: "b".into(),
                duration: 15,
                window: TimeWindow::new(100, 200),
            });
        }
        if t == 1 {
            v.reloads = Some(Reloads {
                depots: vec![0, n + 1],
                duration: 5,
                max_stops: 2,
            });
        }
        if t == 3 {
            v.max_duration = Some(300);
        }
        types.push(v);
    }
    let jobs: Vec<Job> = (0..n)
        .map(|k| {
            let open = rng.below(250) as i64;
            let mut windows = vec![TimeWindow::new(open, open + 30 + rng.below(80) as i64)];
            if rng.below(4) == 0 && (multi_window_links || k > 5) {
                let o2 = windows[0].close + 20 + rng.below(40) as i64;
                windows.push(TimeWindow::new(o2, o2 + 30));
            }
            Job {
                id: format!("{k}"),
                location: k + 1,
                service: 1 + rng.below(10) as i64,
                time_windows: windows,
                lateness: if rng.below(3) == 0 {
                    Lateness::Soft {
                        cost_per_unit: 1 + rng.below(3) as i64,
                    }
                } else {
                    Lateness::Hard
                },
                demand: vec![rng.below(3) as i64],
                pickup: vec![rng.below(2) as i64],
                preferred_vehicle_types: if rng.below(4) == 0 {
                    vec![rng.below(4)]
                } else {
                    vec![]
                },
                unpreferred_cost: 7,
                kind: JobKind::Optional { penalty: 500 },
                ..Job::default()
            }
        })
        .collect();
    Problem {
        profiles: vec![Profile {
            durations: m.clone(),
            distances: m,
        }],
        vehicle_types: types,
        jobs,
        links: vec![
            Link {
                first: 0,
                second: 1,
                kind: LinkKind::Simultaneous,
                distinct_vehicles: true,
            },
            Link {
                first: 2,
                second: 3,
                kind: LinkKind::StartGap {
                    min: 10,
                    max: Some(60),
                },
                distinct_vehicles: true,
            },
            Link {
                first: 4,
                second: 5,
                kind: LinkKind::StartGap { min: 30, max: None },
                distinct_vehicles: false,
            },
        ],
        shipments: vec![Shipment {
            pickup: 6,
            delivery: 7,
            amount: vec![2],
        }],
        objective: Objective {
            max_lateness_cost: 2,
            ..Objective::default()
        },
    }
}

/// Penalised cost of every route plus the largest-lateness term.
fn routes_cost(ls: &LocalSearch) -> i64 {
    ls.routes.iter().map(|r| r.cost(&ls.ce)).sum::<i64>()
        + ls.inst.max_lateness_cost * ls.max_lateness()
}

#[test]
fn move_prices_match_a_fresh_evaluation_with_every_rule() {
    // Linked jobs with one window each (the incremental cone) and with several (re-timing all).
    let extra: u64 = std::env::var("PRICE_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for k in 0..extra {
        prices_match(11 + 2 * k, false);
        prices_match(12 + 2 * k, true);
    }
}

fn prices_match(seed: u64, multi_window_links: bool) {
    let mut rng = Rng::new(seed);
    let mut priced = 0;
    let mut coupled = 0;
    for _ in 0..30 {
        let p = rich_problem(&mut rng, multi_window_links);
        let inst = Instance::build(&p).unwrap();
        let active: Vec<usize> = (0..inst.n_tasks()).collect();
        let neighbours: Vec<Vec<usize>> = (0..inst.n_tasks())
            .map(|j| active.iter().copied().filter(|&k| k != j).collect())
            .collect();
        let mut ls = LocalSearch::new(&inst, &neighbours, active.clone());
        ls.ce = CostEvaluator {
            load_penalty: 13,
            tw_penalty: 17,
        };
        let mut routes: Vec<(usize, Vec<usize>)> = (0..inst.vehicles.len())
            .map(|v| (v, inst.vehicles[v].breaks.clone()))
            .collect();
        for j in 0..inst.n_jobs {
            let v = rng.below(4);
            let at = rng.below(routes[v].1.len() + 1);
            routes[v].1.insert(at, j);
        }
        ls.load(&routes);
        for step in 0..300 {
            let u = rng.below(inst.n_tasks());
            if ls.route_of[u] == NONE {
                if let Some((d, m)) = insertion::best_insertion(&ls, u, true) {
                    check(&inst, &neighbours, &ls, &m, d);
                    priced += 1;
                    ls.apply(&m);
                    if let Some(c) = &ls.coupled {
                        assert!(c.borrow().matches_full(&inst), "after inserting {m:?}");
                    }
                }
                continue;
            }
            let rv = rng.below(4);
            let pv = rng.below(ls.routes[rv].len() + 1);
            let moves = [
                relocate::evaluate(&ls, u, rv, pv, 1 + rng.below(2)),
                swap::evaluate(&ls, u, rv, pv.max(1), 1, 1),
                two_opt_star::evaluate(&ls, u, rv, pv),
                two_opt::evaluate(&ls, u, rv, pv),
                Some(insertion::removal(&ls, u)),
            ];
            for m in moves.into_iter().flatten() {
                let d = ls.delta(&m);
                if let Some(c) = &ls.coupled {
                    assert!(c.borrow().matches_full(&inst), "wrong after pricing {m:?}");
                }
                if d >= FORBIDDEN {
                    continue;
                }
                if m.candidates()
                    .iter()
                    .any(|c| ls.routes[c.target].is_linked())
                {
                    coupled += 1;
                }
                check(&inst, &neighbours, &ls, &m, d);
                // The pruned pricing agrees: a move is improving exactly when its price is < 0.
                if ls.improving_delta(&m) != (d < 0).then_some(d) {
                    let mut after: Vec<(usize, Vec<usize>)> = ls.export();
                    for c in m.candidates() {
                        let v = ls.routes[c.target].vehicle;
                        after.retain(|x| x.0 != v);
                        after.push((v, ls.build(c)));
                    }
                    let active: Vec<usize> = (0..inst.n_tasks()).collect();
                    let mut f = LocalSearch::new(&inst, &neighbours, active);
                    f.ce = ls.ce;
                    f.load(&after);
                    for c in m.candidates() {
                        let r = &f.routes[c.target];
                        eprintln!(
                            "fresh route {} tasks {:?} visits {:?} timing {:?} parts {:?}",
                            c.target, r.jobs, r.visits, r.timing, r.parts
                        );
                    }
                    panic!("pruned an improving move {m:?} of price {d}");
                }
                priced += 1;
                if step % 3 == 0 {
                    let before_routes = ls.export();
                    if let Some(c) = &ls.coupled {
                        assert!(c.borrow().matches_full(&inst), "already wrong before {m:?}");
                    }
                    ls.apply(&m);
                    if let Some(c) = &ls.coupled {
                        if !c.borrow().matches_full(&inst) {
                            panic!(
                                "before {before_routes:?}\nmove {m:?}\nafter {:?}",
                                ls.export()
                            );
                        }
                    }
                    let fresh = fresh_cost(&inst, &neighbours, &ls.export(), ls.ce);
                    assert_eq!(routes_cost(&ls), fresh, "state after applying {m:?}");
                    if let Some(c) = &ls.coupled {
                        assert!(c.borrow().matches_full(&inst));
                    }
                    break;
                }
            }
        }
    }
    assert!(
        priced > 3000 && coupled > 500,
        "{priced} priced, {coupled} coupled"
    );
}

fn fresh_cost(
    inst: &Instance,
    neighbours: &[Vec<usize>],
    routes: &[(usize, Vec<usize>)],
    ce: CostEvaluator,
) -> i64 {
    let active: Vec<usize> = (0..inst.n_tasks()).collect();
    let mut fresh = LocalSearch::new(inst, neighbours, active);
    fresh.ce = ce;
    fresh.load(routes);
    routes_cost(&fresh)
}

/// The price of `m` equals the cost of the solution it gives, timed from scratch.
/// The travel bound of a candidate is exactly the fixed, distance and driving cost of the
/// route it describes (breaks, other profiles and cached ranges included).
fn assert_travel_bound(inst: &Instance, ls: &LocalSearch, c: &Candidate) {
    let vehicle = ls.routes[c.target].vehicle;
    let mut fresh = Route::new(vehicle);
    fresh.jobs = ls.build(c);
    fresh.update(inst, &ls.lower);
    let v = &inst.vehicles[vehicle];
    let real = fresh.pre_real[fresh.len()] as usize;
    let want = if real > 0 {
        v.fixed_cost
            + v.cost_per_distance * fresh.stat.distance
            + v.cost_per_travel_time * fresh.stat.travel
    } else {
        0
    };
    assert_eq!(ls.travel_bound(c), (want, real), "candidate {c:?}");
}

fn check(inst: &Instance, neighbours: &[Vec<usize>], ls: &LocalSearch, m: &Move, d: i64) {
    let before = routes_cost(ls);
    let mut after: Vec<(usize, Vec<usize>)> = (0..ls.routes.len())
        .map(|r| (ls.routes[r].vehicle, ls.routes[r].jobs.clone()))
        .collect();
    for c in m.candidates() {
        after[c.target].1 = ls.build(c);
    }
    for c in m.candidates() {
        assert_travel_bound(inst, ls, c);
    }
    let fresh = fresh_cost(inst, neighbours, &after, ls.ce);
    if d != fresh - before && ls.coupled.is_some() {
        let active: Vec<usize> = (0..inst.n_tasks()).collect();
        let mut f = LocalSearch::new(inst, neighbours, active);
        f.ce = ls.ce;
        f.load(&after);
        for r in 0..ls.routes.len() {
            eprintln!(
                "route {r} now {:?} {:?}\n      fresh {:?} {:?}",
                ls.routes[r].stat, ls.routes[r].timing, f.routes[r].stat, f.routes[r].timing
            );
        }
        for (r, s, t) in ls.debug_coupled(m) {
            eprintln!(
                "route {r}: priced {s:?} {t:?}\n        fresh  {:?} {:?}",
                f.routes[r].stat, f.routes[r].timing
            );
        }
    }
    assert_eq!(d, fresh - before, "move {m:?}\nroutes {after:?}");
}
