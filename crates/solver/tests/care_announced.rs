//! Announced times and earliest starts (the rules a re-planned day adds): priced and kept by
//! the engine, recomputed by the independent checker.

use tournee_solver::care::{
    check_plan, solve_care, CareOptions, CareProblem, Carer, TravelMatrix, Visit, Weights, Window,
};

fn options() -> CareOptions {
    CareOptions {
        iterations: Some(50),
        threads: 1,
        seed: 1,
        ..Default::default()
    }
}

/// One carer at place 0, visits at places 1 and 2 (100 s from the start and from each other).
fn problem(visits: Vec<Visit>) -> CareProblem {
    let t = vec![
        vec![0.0, 100.0, 100.0],
        vec![100.0, 0.0, 100.0],
        vec![100.0, 100.0, 0.0],
    ];
    CareProblem {
        travel: TravelMatrix::from_rows(&t, None).unwrap(),
        carers: vec![Carer::new(
            "c",
            &[],
            Window {
                open: 0.0,
                close: 10_000.0,
            },
            0,
        )],
        visits,
        links: Vec::new(),
        shipments: Vec::new(),
        weights: Weights::home_care(),
    }
}

fn start(p: &CareProblem, id: &str) -> f64 {
    let s = solve_care(p, &options()).unwrap();
    let check = check_plan(p, &s);
    assert!(check.valid, "{:?}", check.violations);
    s.rounds[0]
        .stops
        .iter()
        .find(|x| x.id == id)
        .map(|x| x.start)
        .unwrap()
}

#[test]
fn nothing_starts_before_its_earliest_start() {
    let mut v = Visit::new(
        "v",
        1,
        60.0,
        Window {
            open: 0.0,
            close: 5_000.0,
        },
    );
    assert_eq!(start(&problem(vec![v.clone()]), "v"), 100.0);
    v.not_before = Some(1_234.0);
    assert_eq!(start(&problem(vec![v]), "v"), 1_234.0);
}

#[test]
fn a_start_after_its_announced_times_costs_and_is_counted() {
    // `a` must come first (its window), so `b`, announced for [0, 150], starts at 260.
    let a = Visit::new(
        "a",
        1,
        60.0,
        Window {
            open: 0.0,
            close: 100.0,
        },
    );
    let mut b = Visit::new(
        "b",
        2,
        60.0,
        Window {
            open: 0.0,
            close: 5_000.0,
        },
    );
    b.announced = Some(Window {
        open: 0.0,
        close: 150.0,
    });
    let p = problem(vec![a.clone(), b.clone()]);
    let s = solve_care(&p, &options()).unwrap();
    let check = check_plan(&p, &s);
    assert!(check.valid, "{:?}", check.violations);
    assert_eq!(s.cost.moved, 1);
    assert_eq!(check.moved, 1);
    let w = Weights::home_care();
    let late = 260.0 - 150.0;
    let without = {
        let mut q = p.clone();
        q.visits[1].announced = None;
        solve_care(&q, &options()).unwrap().cost.total
    };
    assert!(
        (s.cost.total - without - w.moved - w.moved_late * late).abs() < 1e-6,
        "{} vs {without}",
        s.cost.total
    );
    // The checker catches a report that hides the move.
    let mut forged = s.clone();
    forged.cost.moved = 0;
    assert!(check_plan(&p, &forged)
        .violations
        .iter()
        .any(|v| v.contains("moved")));
    // Announced times never let a visit start before they open: the carer waits.
    b.announced = Some(Window {
        open: 900.0,
        close: 1_000.0,
    });
    assert_eq!(start(&problem(vec![a, b]), "b"), 900.0);
}

#[test]
fn bad_announcements_are_refused_naming_the_visit() {
    let mut v = Visit::new(
        "late-one",
        1,
        60.0,
        Window {
            open: 0.0,
            close: 500.0,
        },
    );
    v.announced = Some(Window {
        open: 600.0,
        close: 700.0,
    });
    let e = solve_care(&problem(vec![v.clone()]), &options())
        .unwrap_err()
        .to_string();
    assert!(e.contains("late-one") && e.contains("announced"), "{e}");
    v.announced = None;
    v.not_before = Some(f64::NAN);
    let e = solve_care(&problem(vec![v]), &options())
        .unwrap_err()
        .to_string();
    assert!(e.contains("late-one") && e.contains("not_before"), "{e}");
}
