//! The incremental timing equals a full re-timing after any sequence of moves.

use super::super::compiled::Compiled;
use super::super::delta::Timing;
use super::super::model::*;
use super::super::schedule::Schedule;
use super::super::weights::Weights;
use super::state::Undo;
use super::{construct, random_move};
use crate::rng::Rng;

/// A random day with double visits (simultaneous and sequential), linked visits, breaks,
/// hard and soft windows, skills and capacities.
pub(crate) fn random_problem(seed: u64, visits: usize, carers: usize) -> CareProblem {
    let mut rng = Rng::new(seed);
    let places = visits + 2;
    let xy: Vec<(f64, f64)> = (0..places)
        .map(|_| (rng.unit() * 60.0, rng.unit() * 60.0))
        .collect();
    let mut time = Vec::new();
    for a in &xy {
        for b in &xy {
            time.push(((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().round());
        }
    }
    let travel = TravelMatrix::new(places, time.clone(), time).unwrap();
    let skills = ["nurse", "aide"];
    let carers: Vec<Carer> = (0..carers)
        .map(|k| {
            let mut c = Carer::new(
                &format!("c{k}"),
                if k % 3 == 0 {
                    &skills[..]
                } else {
                    &skills[k % 2..k % 2 + 1]
                },
                Window {
                    open: 0.0,
                    close: 600.0,
                },
                k % 2,
            );
            if k % 2 == 0 {
                c.breaks.push(Break {
                    id: "lunch".into(),
                    duration: 30.0,
                    window: Window {
                        open: 200.0,
                        close: 320.0,
                    },
                });
            }
            c.max_overtime = 120.0;
            c.capacity = vec![3];
            c
        })
        .collect();
    let mut vs = Vec::new();
    let mut links = Vec::new();
    for i in 0..visits {
        let open = (rng.unit() * 400.0).round();
        let mut v = Visit::new(
            &format!("v{i}"),
            2 + i,
            5.0 + (rng.unit() * 30.0).round(),
            Window {
                open,
                close: open + 60.0 + (rng.unit() * 120.0).round(),
            },
        );
        v.skills = vec![skills[rng.below(2)].to_string()];
        if rng.below(3) > 0 {
            v.lateness = Lateness::Soft { weight: 1.0 };
        }
        if rng.below(5) == 0 {
            v.delivery = vec![1];
        }
        vs.push(v);
    }
    for i in (0..visits.saturating_sub(1)).step_by(4) {
        let kind = match rng.below(3) {
            0 => LinkKind::Simultaneous,
            1 => LinkKind::StartGap {
                min: 10.0,
                max: 60.0,
            },
            _ => LinkKind::StartGap {
                min: 0.0,
                max: f64::INFINITY,
            },
        };
        links.push(Link {
            first: vs[i].id.clone(),
            second: vs[i + 1].id.clone(),
            kind,
            distinct_carers: rng.below(4) > 0,
        });
    }
    CareProblem {
        travel,
        carers,
        visits: vs,
        links,
        weights: Weights::hhcrsp(),
    }
}

#[test]
fn incremental_timing_equals_full_timing() {
    for seed in 0..40 {
        let p = random_problem(seed, 14 + seed as usize * 3, 3 + seed as usize % 4);
        let c = Compiled::new(&p).unwrap();
        let mut st = construct::initial(&c);
        let mut timing = Timing::new(&c, &st);
        let mut full = Schedule::new(&c);
        let mut rng = Rng::new(seed + 100);
        let mut undo = Undo::default();
        let same = |a: &super::Eval, b: &super::Eval, what: &str| {
            assert_eq!(a.cyclic, b.cyclic, "seed {seed} {what}: cyclic");
            if !a.cyclic {
                assert!(
                    (a.cost - b.cost).abs() < 1e-6,
                    "seed {seed} {what}: cost {} vs {}",
                    a.cost,
                    b.cost
                );
                assert!(
                    (a.violation - b.violation).abs() < 1e-6,
                    "seed {seed} {what}: violation {} vs {}",
                    a.violation,
                    b.violation
                );
                assert!((a.max_lateness - b.max_lateness).abs() < 1e-6);
            }
        };
        let mut checked = 0;
        for step in 0..3000 {
            undo.clear();
            if !random_move(&c, &mut st, &mut rng, &mut undo) {
                continue;
            }
            let inc = timing.propose(&c, &st, &undo);
            let reference = full.evaluate(&c, &st.routes, &st.route_of);
            same(&inc, &reference, &format!("step {step} proposed"));
            if !inc.cyclic {
                for t in 0..c.n_tasks() {
                    if st.route_of[t] != super::super::compiled::NONE {
                        assert!(
                            (timing.start(t) - full.start[t]).abs() < 1e-6,
                            "seed {seed} step {step}: task {t}"
                        );
                    }
                }
            }
            if !inc.cyclic && rng.below(2) == 0 {
                timing.accept();
            } else {
                undo.revert(&mut st);
                timing.reject(&st);
                let back = full.evaluate(&c, &st.routes, &st.route_of);
                same(
                    &timing.eval(&c, &st),
                    &back,
                    &format!("step {step} rejected"),
                );
            }
            checked += 1;
        }
        assert!(checked > 1000);
    }
}
