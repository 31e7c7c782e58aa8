//! The checkers must reject broken solutions (so that tests relying on them can fail).

use super::vrptw::check_vrptw;
use crate::io::solomon::{parse_solomon, Rounding};

const TINY: &str = "TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
    0      0          0          0          0       100          0
    1      3          4          6          0        10          1
    2      6          8          6          0        20          1
    3      0          5          2         50        60          1
";

#[test]
fn accepts_a_valid_plan_and_recomputes_cost() {
    let inst = parse_solomon(TINY, "tiny").unwrap();
    let c = check_vrptw(&inst, &[vec![1, 3], vec![2]], Rounding::Exact);
    assert!(c.feasible, "{:?}", c.violations);
    // 5 + sqrt(9+1) + 5, then 10 + 10.
    let expected = 5.0 + 10f64.sqrt() + 5.0 + 20.0;
    assert!((c.cost - expected).abs() < 1e-9);
    assert_eq!(c.starts[0], vec![5.0, 50.0]);
}

#[test]
fn rejects_broken_plans() {
    let inst = parse_solomon(TINY, "tiny").unwrap();
    let bad = |routes: &[Vec<usize>]| {
        let c = check_vrptw(&inst, routes, Rounding::Exact);
        assert!(!c.feasible, "accepted {routes:?}");
    };
    bad(&[vec![1, 2, 3]]); // capacity 14 > 10 (and late)
    bad(&[vec![1, 3]]); // customer 2 missing
    bad(&[vec![1, 3], vec![2, 1]]); // customer 1 twice
    bad(&[vec![3, 1], vec![2]]); // 1 reached after its due date
    bad(&[vec![1], vec![2], vec![3]]); // three vehicles, two exist
    bad(&[vec![1, 3], vec![2, 9]]); // unknown customer
}

#[test]
fn parse_errors_name_the_line() {
    let broken = TINY.replace(
        "    2      6          8          6",
        "    2      6          x          6",
    );
    let e = parse_solomon(&broken, "tiny").unwrap_err().to_string();
    assert!(e.contains("line 11"), "{e}");
    assert!(parse_solomon("nothing here", "empty").is_err());
    let late = TINY.replace("50        60", "70        60");
    assert!(parse_solomon(&late, "tiny")
        .unwrap_err()
        .to_string()
        .contains("due date"));
}

// ------------------------------------------------------------- `check` on hand-made plans

use super::check;
use crate::model::{
    Job, Lateness, Link, LinkKind, Matrix, Problem, Profile, Reloads, Shipment, TimeWindow,
    VehicleBreak, VehicleType,
};
use crate::solution::{BreakStop, ReloadStop, RoutePlan, Solution, SolveStats, Stop, StopReason};

/// Depot 0 and locations 1..=3 on a line, 10 apart (distances = durations); one van of
/// capacity 10 reloading at the depot in 5, with a 10-long break in [0, 100]; jobs a (at 1)
/// and b (at 2) deliver 6 each.
fn reload_problem() -> Problem {
    let m = Matrix::from_fn(4, |i, j| 10 * (i as i64 - j as i64).abs());
    let mut van = VehicleType::new("van", 1, 0, TimeWindow::new(0, 1000), 10);
    van.breaks = vec![VehicleBreak {
        id: "pause".into(),
        duration: 10,
        window: TimeWindow::new(0, 100),
    }];
    van.reloads = Some(Reloads {
        depots: vec![0],
        duration: 5,
        max_stops: 1,
    });
    Problem {
        profiles: vec![Profile {
            durations: m.clone(),
            distances: m,
        }],
        vehicle_types: vec![van],
        jobs: vec![
            Job::new("a", 1, 0, TimeWindow::new(0, 100), 6),
            Job::new("b", 2, 0, TimeWindow::new(0, 100), 6),
        ],
        ..Problem::default()
    }
}

fn stop(job: usize, arrival: i64, start: i64, departure: i64) -> Stop {
    Stop {
        job,
        arrival,
        start,
        departure,
        lateness: 0,
    }
}

fn plan(routes: Vec<RoutePlan>) -> Solution {
    let cost = routes.iter().map(|r| r.cost).sum();
    Solution {
        routes,
        unassigned: Vec::new(),
        cost,
        travel_cost: cost,
        max_lateness_cost: 0,
        penalty_cost: 0,
        feasible: true,
        stats: SolveStats {
            iterations: 0,
            elapsed_seconds: 0.0,
            threads: 1,
            stop_reason: StopReason::Trivial,
        },
    }
}

/// 0 → a (10) → pause (10–20, at a) → reload (depot at 30, leaves 35) → b (55) → 0 (75).
fn reload_route() -> RoutePlan {
    RoutePlan {
        vehicle_type: 0,
        vehicle: 0,
        start_time: 0,
        end_time: 75,
        stops: vec![stop(0, 10, 10, 10), stop(1, 55, 55, 55)],
        breaks: vec![BreakStop {
            index: 0,
            after: 1,
            start: 10,
            end: 20,
        }],
        reloads: vec![ReloadStop {
            depot: 0,
            after: 1,
            arrival: 30,
            start: 30,
            departure: 35,
        }],
        distance: 60,
        travel_time: 60,
        duration: 75,
        overtime: 0,
        load: vec![6],
        cost: 60,
    }
}

fn violations(p: &Problem, s: &Solution) -> Vec<String> {
    check(p, s).violations
}

fn has(v: &[String], words: &[&str]) -> bool {
    v.iter().any(|v| words.iter().all(|w| v.contains(w)))
}

#[test]
fn a_break_comes_before_a_reload_with_the_same_after() {
    let p = reload_problem();
    let s = plan(vec![reload_route()]);
    let report = check(&p, &s);
    assert!(report.feasible, "{:?}", report.violations);
    assert_eq!(report.cost, 60);

    // The break after the reload (after = 2 counts the reload stop): other times.
    let mut t = s.clone();
    t.routes[0].breaks[0].after = 2;
    assert!(has(
        &violations(&p, &t),
        &["reload stop 0", "arrival 30 but recomputed 20"]
    ));

    // Both deliveries in one trip: 12 > 10 on leaving the start.
    let mut t = s.clone();
    t.routes[0].reloads[0].after = 2;
    let v = violations(&p, &t);
    assert!(
        has(
            &v,
            &["route 0", "load 12 above capacity 10", "leaving the start"]
        ),
        "{v:?}"
    );

    // Reported peak and cost must match.
    let mut t = s.clone();
    t.routes[0].load = vec![12];
    t.routes[0].cost = 61;
    t.cost = 61;
    t.travel_cost = 61;
    let v = violations(&p, &t);
    assert!(has(&v, &["reported load [12] but recomputed [6]"]), "{v:?}");
    assert!(
        has(&v, &["route 0: reported cost 61 but recomputed 60"]),
        "{v:?}"
    );
    assert!(has(&v, &["reported cost 61 but recomputed 60"]), "{v:?}");

    // A reload stop out of order.
    let mut t = s.clone();
    t.routes[0].reloads[0].after = 3;
    assert!(has(&violations(&p, &t), &["reload stop 0 has after = 3"]));
}

#[test]
fn pickups_and_shipments_ride_across_reloads() {
    let mut p = reload_problem();
    // a also collects 3, and a shipment of 4 goes from a to b: after a the van holds
    // 3 + 4, after the reload 4 + 6 = 10 (the pickup is left at the depot).
    p.jobs[0].pickup = vec![3];
    p.shipments.push(Shipment {
        pickup: 0,
        delivery: 1,
        amount: vec![4],
    });
    let mut route = reload_route();
    route.load = vec![10];
    let s = plan(vec![route]);
    let report = check(&p, &s);
    assert!(report.feasible, "{:?}", report.violations);
    // One more in the shipment does not fit after the reload.
    p.shipments[0].amount = vec![5];
    let v = violations(&p, &s);
    assert!(
        has(
            &v,
            &[
                "load 11 above capacity 10",
                "leaving reload stop 0 at depot 0"
            ]
        ),
        "{v:?}"
    );
}

#[test]
fn open_routes_start_at_their_first_stop() {
    let mut p = reload_problem();
    let vt = &mut p.vehicle_types[0];
    vt.start = None;
    vt.end = None;
    vt.breaks.clear();
    vt.reloads = None;
    vt.cost_per_time = 1;
    p.jobs[1].demand = vec![0];
    p.jobs[1].time_windows = vec![TimeWindow::new(40, 50)];
    // At a at 5, b reached at 15, waits until 40.
    let route = RoutePlan {
        vehicle_type: 0,
        vehicle: 0,
        start_time: 5,
        end_time: 40,
        stops: vec![stop(0, 5, 5, 5), stop(1, 15, 40, 40)],
        breaks: Vec::new(),
        reloads: Vec::new(),
        distance: 10,
        travel_time: 10,
        duration: 35,
        overtime: 0,
        load: vec![6],
        cost: 45,
    };
    let s = plan(vec![route]);
    let report = check(&p, &s);
    assert!(report.feasible, "{:?}", report.violations);

    // Starting b before its window opens, or before arriving.
    let mut t = s.clone();
    t.routes[0].stops[1].start = 30;
    t.routes[0].stops[1].departure = 30;
    let v = violations(&p, &t);
    assert!(
        has(
            &v,
            &[
                "job 1 (\"b\")",
                "starts at 30, outside its time windows [40, 50]"
            ]
        ),
        "{v:?}"
    );
    let mut t = s.clone();
    t.routes[0].stops[1].arrival = 10;
    let v = violations(&p, &t);
    assert!(
        has(
            &v,
            &["job 1 (\"b\")", "reported arrival 10 but recomputed 15"]
        ),
        "{v:?}"
    );

    // Soft closing: b may start at 60, 10 late.
    p.jobs[1].lateness = Lateness::Soft { cost_per_unit: 2 };
    p.objective.max_lateness_cost = 3;
    let mut t = s.clone();
    let r = &mut t.routes[0];
    r.stops[1].start = 60;
    r.stops[1].departure = 60;
    r.stops[1].lateness = 10;
    r.end_time = 60;
    r.duration = 55;
    r.cost = 10 + 55 + 2 * 10;
    t.travel_cost = r.cost;
    t.max_lateness_cost = 30;
    t.cost = t.travel_cost + 30;
    let report = check(&p, &t);
    assert!(report.feasible, "{:?}", report.violations);
    assert_eq!(report.cost, 10 + 55 + 20 + 30);
}

#[test]
fn links_and_double_staffing() {
    let mut p = reload_problem();
    p.vehicle_types[0].breaks.clear();
    p.vehicle_types[0].reloads = None;
    p.vehicle_types[0].count = 2;
    p.vehicle_types[0].capacity = vec![100];
    p.jobs[1].location = 1;
    p.links.push(Link {
        first: 0,
        second: 1,
        kind: LinkKind::Simultaneous,
        distinct_vehicles: true,
    });
    let route = |vehicle, job| RoutePlan {
        vehicle_type: 0,
        vehicle,
        start_time: 0,
        end_time: 20,
        stops: vec![stop(job, 10, 10, 10)],
        breaks: Vec::new(),
        reloads: Vec::new(),
        distance: 20,
        travel_time: 20,
        duration: 20,
        overtime: 0,
        load: vec![6],
        cost: 20,
    };
    let s = plan(vec![route(0, 0), route(1, 1)]);
    let report = check(&p, &s);
    assert!(report.feasible, "{:?}", report.violations);

    // The same vehicle twice (so one vehicle serves both halves).
    let mut t = s.clone();
    t.routes[1].vehicle = 0;
    let v = violations(&p, &t);
    assert!(has(&v, &["vehicle 0 of type 0 used twice"]), "{v:?}");
    assert!(has(&v, &["link 0", "two different vehicles"]), "{v:?}");

    // A start gap of at least 5: starting together breaks it.
    p.links[0].kind = LinkKind::StartGap { min: 5, max: None };
    let v = violations(&p, &s);
    assert!(
        has(
            &v,
            &["link 0", "job 1 (\"b\") starts at 10, 0 after", "[5, ∞]"]
        ),
        "{v:?}"
    );
}
