//! The constant-time pricing of candidate routes must equal a fresh
//! evaluation of the built route, for every operator and mixed fleets.

use super::route::Route;
use super::*;
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
                            fresh.update(&inst);
                            assert_eq!(ls.evaluate(c), fresh.parts, "candidate {c:?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 100);
    }
}
