//! Unit tests of the planning layer on the generated canton.

use std::collections::HashMap;
use std::sync::OnceLock;

use tournee_roads::RoadNetwork;
use tournee_solver::care::{CareOptions, StopKind};

use super::*;

/// The generated canton, read once for all tests.
fn net() -> &'static RoadNetwork {
    static NET: OnceLock<RoadNetwork> = OnceLock::new();
    NET.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let pbf = tmp.path().join("canton.osm.pbf");
        default_map().osm.write(&pbf).unwrap();
        RoadNetwork::from_osm(&pbf).unwrap()
    })
}

fn options() -> CareOptions {
    CareOptions {
        iterations: Some(20_000),
        threads: 1,
        seed: 1,
        ..Default::default()
    }
}

/// The default day's plan, computed once.
fn default_plan() -> &'static Plan {
    static PLAN: OnceLock<Plan> = OnceLock::new();
    PLAN.get_or_init(|| plan_day(net(), &default_day(), &options()).unwrap())
}

fn stop<'a>(plan: &'a Plan, id: &str) -> (&'a PlanRound, &'a PlanStop) {
    plan.rounds
        .iter()
        .find_map(|r| r.stops.iter().find(|s| s.id == id).map(|s| (r, s)))
        .unwrap_or_else(|| panic!("{id} is not planned"))
}

/// A small valid day to break in the error tests.
fn small_day() -> Day {
    let mut day = default_day();
    day.visits.truncate(4);
    day.links.clear();
    day
}

fn error_of(day: &Day) -> String {
    let e = plan_day(net(), day, &options()).unwrap_err();
    // `validate` finds the same map-independent errors.
    if !matches!(e, PlanError::OutsideMap { .. } | PlanError::Engine { .. }) {
        assert_eq!(day.validate().unwrap_err().to_string(), e.to_string());
    }
    e.to_string()
}

#[test]
fn default_day_serves_every_visit_feasibly() {
    let plan = default_plan();
    let day = default_day();
    assert!(plan.feasible);
    assert!(plan.unassigned.is_empty(), "{:?}", plan.unassigned);
    assert_eq!(plan.totals.served, day.visits.len());
    let served: usize = plan.rounds.iter().map(|r| r.visits).sum();
    assert_eq!(served, day.visits.len());
    assert!(plan.totals.driving_share > 0.05 && plan.totals.driving_share < 0.6);
    assert!(plan.totals.distance_km > 50.0);
    for (r, c) in plan.rounds.iter().zip(&day.carers) {
        let open = parse_hhmm(&c.shift_start).unwrap();
        let close = parse_hhmm(&c.shift_end).unwrap() + c.max_overtime_min * 60.0;
        let mut previous_end = open;
        for s in &r.stops {
            assert!(s.arrival_s + 1e-6 >= previous_end, "{} {}", r.carer, s.id);
            assert!(s.start_s + 1e-6 >= s.arrival_s, "{} {}", r.carer, s.id);
            previous_end = s.end_s;
        }
        if r.visits > 0 {
            assert!(
                r.leave_s + 1e-6 >= open && r.back_s <= close + 1e-6,
                "{}",
                r.carer
            );
        }
    }
    // Every visit starts inside one of its windows and has a carer with its skills.
    let windows: HashMap<&str, &VisitInput> =
        day.visits.iter().map(|v| (v.id.as_str(), v)).collect();
    for (r, c) in plan.rounds.iter().zip(&day.carers) {
        for s in r.stops.iter().filter(|s| s.kind == StopKind::Visit) {
            let v = windows[s.id.as_str()];
            assert!(v.skills.iter().all(|k| c.skills.contains(k)), "{}", s.id);
            assert!(
                v.windows.is_empty()
                    || v.windows.iter().any(|w| {
                        let (a, b) = (parse_hhmm(&w[0]).unwrap(), parse_hhmm(&w[1]).unwrap());
                        s.start_s + 1e-6 >= a && s.start_s <= b + 1e-6
                    }),
                "{} starts at {}",
                s.id,
                s.start
            );
        }
    }
}

#[test]
fn double_staffed_visits_have_two_carers_at_the_same_start() {
    let plan = default_plan();
    let (ra, a) = stop(plan, "transfer-besse-a");
    let (rb, b) = stop(plan, "transfer-besse-b");
    assert_ne!(ra.carer, rb.carer);
    assert!((a.start_s - b.start_s).abs() < 1e-6);
    let (rw, wash) = stop(plan, "wash-delmas");
    let (rd, dressing) = stop(plan, "dressing-delmas");
    assert_ne!(rw.carer, rd.carer);
    assert_eq!(rw.role, "aide");
    let gap = dressing.start_s - wash.start_s;
    assert!((-1e-6..=3600.0 + 1e-6).contains(&gap), "gap {gap}");
}

#[test]
fn linked_insulin_visits_are_ten_hours_apart() {
    let plan = default_plan();
    let mut pairs = 0;
    for l in default_day()
        .links
        .iter()
        .filter(|l| l.first.starts_with("insulin"))
    {
        let (_, am) = stop(plan, &l.first);
        let (_, pm) = stop(plan, &l.second);
        assert!(
            pm.start_s - am.start_s >= 600.0 * 60.0 - 1e-6,
            "{}",
            l.first
        );
        pairs += 1;
    }
    assert_eq!(pairs, 5);
}

#[test]
fn breaks_are_taken_inside_their_window() {
    let plan = default_plan();
    let day = default_day();
    for (r, c) in plan.rounds.iter().zip(&day.carers) {
        if r.visits == 0 {
            continue;
        }
        for b in &c.breaks {
            let s = r
                .stops
                .iter()
                .find(|s| s.kind == StopKind::Break && s.id == b.id)
                .unwrap_or_else(|| panic!("{} takes no {}", r.carer, b.id));
            let (open, close) = (
                parse_hhmm(&b.window[0]).unwrap(),
                parse_hhmm(&b.window[1]).unwrap(),
            );
            assert!(s.start_s + 1e-6 >= open && s.start_s <= close + 1e-6);
            assert!((s.end_s - s.start_s - b.duration_min * 60.0).abs() < 1e-6);
        }
    }
}

#[test]
fn pinned_preferred_and_capacity_hold() {
    let plan = default_plan();
    let (r, s) = stop(plan, "gp-visit-lacoste");
    assert_eq!(
        (r.carer.as_str(), s.start.as_str()),
        ("nurse-marc", "11:00")
    );
    let (r, s) = stop(plan, "palliative-vidal");
    assert_eq!(r.carer, "nurse-claire");
    assert!(!s.continuity_break);
    // The van: loaded with every delivery at the warehouse, never above [4, 1].
    let day = default_day();
    let loads: HashMap<&str, (&[i64], &[i64])> = day
        .visits
        .iter()
        .map(|v| (v.id.as_str(), (&v.delivery[..], &v.pickup[..])))
        .collect();
    let van = plan.rounds.iter().find(|r| r.role == "psad").unwrap();
    assert_eq!(van.visits, 6);
    let mut load = [0i64; 2];
    for s in van.stops.iter().filter(|s| s.kind == StopKind::Visit) {
        for (k, d) in loads[s.id.as_str()].0.iter().enumerate() {
            load[k] += d;
        }
    }
    for s in van.stops.iter().filter(|s| s.kind == StopKind::Visit) {
        let (d, p) = loads[s.id.as_str()];
        for k in 0..2 {
            load[k] += p.get(k).copied().unwrap_or(0) - d.get(k).copied().unwrap_or(0);
            assert!((0..=[4, 1][k]).contains(&load[k]), "{} {load:?}", s.id);
        }
    }
    // The first stop of a round is reached from the departure time.
    for r in plan.rounds.iter().filter(|r| r.visits > 0) {
        let first = &r.stops[0];
        assert!(
            (first.arrival_s - r.leave_s - first.travel_min * 60.0).abs() < 1.0,
            "{}",
            r.carer
        );
    }
}

#[test]
fn outputs_are_well_formed() {
    let plan = default_plan();
    let json: serde_json::Value = serde_json::from_str(&plan.to_json()).unwrap();
    assert_eq!(json["totals"]["served"], 46);
    let back: Plan = serde_json::from_str(&plan.to_json()).unwrap();
    let ids = |p: &Plan| -> Vec<Vec<String>> {
        p.rounds
            .iter()
            .map(|r| r.stops.iter().map(|s| s.id.clone()).collect())
            .collect()
    };
    assert_eq!(ids(&back), ids(plan));
    assert_eq!(back.totals.served, plan.totals.served);
    let gj = routes_geojson(net(), plan).unwrap();
    assert_eq!(gj["type"], "FeatureCollection");
    let lines: Vec<_> = gj["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "LineString")
        .collect();
    let working = plan.rounds.iter().filter(|r| r.visits > 0).count();
    assert!(lines.len() >= working + plan.totals.served / 2);
    assert!(lines
        .iter()
        .all(|f| f["geometry"]["coordinates"].as_array().unwrap().len() >= 2));
    let road_km: f64 = lines
        .iter()
        .map(|f| f["properties"]["distance_m"].as_f64().unwrap())
        .sum::<f64>()
        / 1000.0;
    assert!((road_km - plan.totals.distance_km).abs() < 0.5, "{road_km}");
    let csv = schedule_csv(plan);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], SCHEDULE_COLUMNS);
    let stops: usize = plan.rounds.iter().map(|r| r.stops.len()).sum();
    assert_eq!(rows.len(), 1 + stops + 2 * working);
    let text = summary(plan);
    assert!(text.contains("46 / 46") && text.contains("every visit is planned"));
}

#[test]
fn json_and_csv_read_back_the_same_day() {
    let day = default_day();
    assert_eq!(Day::from_json(&day.to_json()).unwrap(), day);
    let csv = day.to_csv();
    let back = Day::from_csv(&csv.visits, &csv.carers, Some(&csv.links)).unwrap();
    assert_eq!(
        Day {
            name: day.name.clone(),
            ..back
        },
        day
    );
}

#[test]
fn a_skill_nobody_holds_leaves_the_visit_out_with_that_reason() {
    let mut day = small_day();
    day.visits[1].skills = vec!["radiotherapy".into()];
    let plan = plan_day(net(), &day, &options()).unwrap();
    assert_eq!(plan.unassigned.len(), 1);
    let u = &plan.unassigned[0];
    assert_eq!(
        (u.visit.as_str(), u.code.as_str()),
        (day.visits[1].id.as_str(), "unknown_skill")
    );
    assert!(u.message.contains("radiotherapy"));
    assert!(summary(&plan).contains("unknown_skill"));
    assert_eq!(plan.totals.served, 3);
}

#[test]
fn bad_times_and_windows_name_the_item() {
    let mut day = small_day();
    day.visits[2].windows = vec![["25:99".into(), "26:00".into()]];
    let e = error_of(&day);
    assert!(
        e.contains(&format!("visit {}", day.visits[2].id)) && e.contains("25:99"),
        "{e}"
    );

    let mut day = small_day();
    day.visits[0].windows = vec![["10:00".into(), "09:00".into()]];
    let e = error_of(&day);
    assert!(
        e.contains(&format!("visit {}", day.visits[0].id)) && e.contains("closes before it opens"),
        "{e}"
    );

    let mut day = small_day();
    day.carers[1].shift_end = "06:00".into();
    let e = error_of(&day);
    assert!(e.contains("carer nurse-marc") && e.contains("shift"), "{e}");

    let mut day = small_day();
    day.carers[0].breaks[0].window[1] = "12h".into();
    let e = error_of(&day);
    assert!(
        e.contains("carer nurse-claire") && e.contains("break lunch"),
        "{e}"
    );

    let mut day = small_day();
    day.visits[3].pinned_start = Some("7:5".into());
    let e = error_of(&day);
    assert!(e.contains("pinned_start") && e.contains("7:5"), "{e}");

    let mut day = small_day();
    day.visits[0].duration_min = -5.0;
    let e = error_of(&day);
    assert!(e.contains("duration_min"), "{e}");
}

#[test]
fn duplicate_ids_are_errors() {
    let mut day = small_day();
    day.visits[3].id = day.visits[1].id.clone();
    let e = error_of(&day);
    assert!(
        e.contains("visit id") && e.contains(&day.visits[1].id),
        "{e}"
    );
    let mut day = small_day();
    day.carers[2].id = "nurse-claire".into();
    let e = error_of(&day);
    assert!(e.contains("carer id \"nurse-claire\""), "{e}");
    let mut day = small_day();
    day.visits[0].id = " ".into();
    assert!(error_of(&day).contains("empty id"));
}

#[test]
fn unknown_carers_and_visits_are_errors() {
    for field in ["pinned_carer", "preferred_carers", "refused_carers"] {
        let mut day = small_day();
        let v = &mut day.visits[2];
        match field {
            "pinned_carer" => v.pinned_carer = Some("nurse-zoe".into()),
            "preferred_carers" => v.preferred_carers = vec!["nurse-zoe".into()],
            _ => v.refused_carers = vec!["nurse-claire".into(), "nurse-zoe".into()],
        }
        let e = error_of(&day);
        assert!(
            e.contains(&format!("visit {}", day.visits[2].id))
                && e.contains(field)
                && e.contains("nurse-zoe"),
            "{e}"
        );
    }
    let mut day = default_day();
    day.links[5].second = "transfer-besse-c".into();
    let e = error_of(&day);
    assert!(
        e.contains("link 6") && e.contains("unknown visit \"transfer-besse-c\""),
        "{e}"
    );
    let mut day = default_day();
    day.links[0].max_gap_min = Some(30.0);
    let e = error_of(&day);
    assert!(e.contains("link 1") && e.contains("max_gap_min"), "{e}");
}

#[test]
fn places_outside_the_map_name_the_item() {
    let mut day = small_day();
    day.visits[1].location = [2.0, 48.85]; // Paris, far off the canton
    let e = error_of(&day);
    assert!(
        e.contains(&format!("visit {}", day.visits[1].id)) && e.contains("outside the map"),
        "{e}"
    );
    let mut day = small_day();
    day.carers[3].end = Some([2.0, 48.85]);
    let e = error_of(&day);
    assert!(e.contains("carer aide-julie (end)"), "{e}");
    let mut day = small_day();
    day.carers[0].start = [f64::NAN, 45.0];
    let e = error_of(&day);
    assert!(e.contains("carer nurse-claire (start)"), "{e}");
}

#[test]
fn engine_errors_are_wrapped_with_context() {
    let mut day = default_day();
    let k = day
        .visits
        .iter()
        .position(|v| !v.delivery.is_empty())
        .unwrap();
    day.visits[k].delivery = vec![1, 0, 0];
    let e = error_of(&day);
    assert!(e.contains("care engine") && e.contains("dimensions"), "{e}");
}

#[test]
fn json_errors_name_the_field() {
    let e = Day::from_json(r#"{"carers": [], "visits": [], "colour": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("colour") && e.contains("line 1"), "{e}");
    let e = Day::from_json(r#"{"carers": [], "visits": []}"#)
        .unwrap()
        .validate()
        .unwrap_err()
        .to_string();
    assert!(e.contains("no carer"), "{e}");
}
