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
        iterations: Some(100),
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
    // plan.html: a leg per GeoJSON leg, a marker and a timeline bar per visit, roads below.
    let page = plan_html(plan, Some(&default_day()), Some(&gj), Some(net()));
    assert_eq!(page.matches("<polyline class=\"leg\"").count(), lines.len());
    assert_eq!(
        page.matches("<circle class=\"visit").count(),
        plan.totals.served
    );
    assert_eq!(
        page.matches("<rect class=\"visit").count(),
        stops_of_kind(plan, StopKind::Visit)
    );
    assert!(page.contains("<g id=\"roads\"><polyline"));
    assert_eq!(
        page.matches("<rect class=\"visit double").count(),
        2,
        "the transfer"
    );
}

fn stops_of_kind(plan: &Plan, kind: StopKind) -> usize {
    plan.rounds
        .iter()
        .flat_map(|r| &r.stops)
        .filter(|s| s.kind == kind)
        .count()
}

#[test]
fn json_and_csv_read_back_the_same_day() {
    let day = default_day();
    assert_eq!(Day::from_json(&day.to_json()).unwrap(), day);
    let csv = day.to_csv();
    let back = Day::from_csv(
        &csv.visits,
        &csv.carers,
        Some(&csv.links),
        Some(&csv.shipments),
    )
    .unwrap();
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
    day.visits[1].location = Some([2.0, 48.85]); // Paris, far off the canton
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
    day.carers[0].start = Some([f64::NAN, 45.0]);
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

// --- days on the user's own matrix --------------------------------------------------------

/// A matrix between points on a line (km): 75.5 s and 1 200 m per km, zero diagonal.
fn line_matrix(xs: &[f64]) -> TravelInput {
    let table = |per: f64| -> Vec<Vec<f64>> {
        xs.iter()
            .map(|a| xs.iter().map(|b| (a - b).abs() * per).collect())
            .collect()
    };
    TravelInput::new(table(75.5), table(1200.0))
}

fn matrix_options() -> CareOptions {
    CareOptions {
        iterations: Some(200),
        threads: 1,
        seed: 2,
        ..Default::default()
    }
}

/// Every stop's travel is the matrix cell from the previous row; arrivals follow; each round's
/// driving time and distance are the sums along the stop order (way back included).
fn assert_follows(plan: &Plan, m: &TravelInput) {
    let cell = |t: &Vec<Vec<Option<f64>>>, i: usize, j: usize| t[i][j].unwrap();
    for r in plan.rounds.iter().filter(|r| r.visits > 0) {
        let mut row = r.start_index.unwrap();
        let mut end = r.leave_s;
        let (mut time, mut dist) = (0.0, 0.0);
        for s in &r.stops {
            let to = s.location_index.unwrap();
            let t = cell(&m.durations_s, row, to);
            assert!(
                (s.travel_min - t / 60.0).abs() < 0.006,
                "{} {}",
                r.carer,
                s.id
            );
            assert!((s.arrival_s - end - t).abs() < 1.0, "{} {}", r.carer, s.id);
            assert!(s.start_s + 1e-6 >= s.arrival_s);
            time += t;
            dist += cell(&m.distances_m, row, to);
            row = to;
            end = s.end_s;
        }
        let back = r.end_index.unwrap();
        time += cell(&m.durations_s, row, back);
        dist += cell(&m.distances_m, row, back);
        assert!((r.back_s - end - cell(&m.durations_s, row, back)).abs() < 0.01);
        assert!((r.driving_min - time / 60.0).abs() < 0.006, "{}", r.carer);
        assert!(
            (r.distance_km - dist / 1000.0).abs() < 0.0006,
            "{}",
            r.carer
        );
    }
}

fn matrix_day() -> Day {
    Day::from_json(
        r#"{
      "carers": [
        {"id": "n1", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "12:00",
         "start_index": 4, "breaks": [{"id": "coffee", "duration_min": 10, "window": ["09:00", "09:30"]}]},
        {"id": "n2", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "12:00",
         "start_index": 0, "end_index": 2}
      ],
      "visits": [
        {"id": "a", "location_index": 1, "duration_min": 20, "windows": [["07:00", "08:00"]], "skills": ["nursing"]},
        {"id": "b", "location_index": 3, "duration_min": 25, "windows": [["08:00", "10:00"]], "skills": ["nursing"]},
        {"id": "c", "location_index": 5, "duration_min": 30, "skills": ["nursing"]},
        {"id": "d", "location_index": 5, "duration_min": 15, "skills": ["nursing"]},
        {"id": "e", "location_index": 6, "duration_min": 40, "windows": [["10:00", "11:00"]]}
      ]
    }"#,
    )
    .unwrap()
}

#[test]
fn a_day_on_a_matrix_uses_its_rows() {
    let day = matrix_day();
    let m = line_matrix(&[0.0, 3.0, 5.5, 7.0, 12.0, 20.0, 26.0]);
    let built = build_on_matrix(&m, &day).unwrap();
    // Distinct rows only (c and d share row 5); place i is the matrix row `built.row(i)`.
    let rows: Vec<usize> = (0..built.places.len())
        .map(|i| built.row(i).unwrap())
        .collect();
    assert_eq!(rows, [4, 0, 2, 1, 3, 5, 6]);
    for (i, &a) in rows.iter().enumerate() {
        for (j, &b) in rows.iter().enumerate() {
            assert_eq!(
                built.problem.travel.time(i, j),
                m.durations_s[a][b].unwrap()
            );
        }
    }
    assert!(built.snaps.is_empty() && built.coordinate(0).is_none());
    let plan = built.solve(&day, &matrix_options()).unwrap();
    assert!(plan.feasible && plan.unassigned.is_empty(), "{plan:?}");
    assert_eq!(plan.totals.served, 5);
    assert_follows(&plan, &m);
    assert_eq!(plan.rounds[1].end_index, Some(2));
    assert_eq!(plan.rounds[0].end_index, Some(4));
    let (r, coffee) = stop(&plan, "coffee");
    assert_eq!((r.carer.as_str(), coffee.kind), ("n1", StopKind::Break));
    assert!(coffee.start_s >= 9.0 * 3600.0 - 1e-6 && coffee.start_s <= 9.5 * 3600.0 + 1e-6);
    // The same through plan_on_matrix; validate() accepts a day on a matrix.
    day.validate().unwrap();
    let again = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert_eq!(again.rounds, plan.rounds);
    // No map output without coordinates; straight legs with them.
    assert!(routes_geojson_straight(&plan).is_none());
    // Without coordinates plan.html has the timeline and the tables but no map.
    let page = plan_html(&plan, Some(&day), None, None);
    assert!(page.contains("No map") && !page.contains("<circle"));
    assert_eq!(
        page.matches("<rect class=\"visit").count(),
        stops_of_kind(&plan, StopKind::Visit)
    );
    let mut with_coords = m.clone();
    with_coords.coordinates = Some((0..7).map(|k| [2.0 + k as f64 * 0.01, 45.0]).collect());
    let plan = plan_on_matrix(&with_coords, &day, &matrix_options()).unwrap();
    let gj = routes_geojson_straight(&plan).unwrap();
    let points = gj["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point")
        .count();
    assert_eq!(points, 5 + 2);
    assert_eq!(plan.rounds[1].start, Some([2.0, 45.0]));
    let (_, e) = stop(&plan, "e");
    assert_eq!(e.location, Some([2.06, 45.0]));
    let csv = schedule_csv(&plan);
    assert!(
        csv.lines()
            .any(|l| l.starts_with("n2,0,start,start,,2,45,0,")),
        "{csv}"
    );
}

#[test]
fn bad_matrices_are_refused_naming_the_cell() {
    let ok = line_matrix(&[0.0, 1.0, 2.0]);
    let err = |m: &TravelInput| m.check("my-matrix.json").unwrap_err().to_string();
    let set = |table: usize, i: usize, j: usize, x: f64| {
        let mut m = ok.clone();
        let t = if table == 0 {
            &mut m.durations_s
        } else {
            &mut m.distances_m
        };
        t[i][j] = Some(x);
        m
    };
    assert_eq!(
        err(&set(0, 1, 2, f64::NAN)),
        "my-matrix.json: durations_s[1][2] is NaN (must be finite, ≥ 0 and at most 1e8)"
    );
    assert!(err(&set(1, 2, 0, f64::INFINITY)).contains("distances_m[2][0] is inf"));
    assert!(err(&set(0, 0, 1, f64::NEG_INFINITY)).contains("durations_s[0][1] is -inf"));
    assert!(err(&set(1, 0, 2, -3.0))
        .contains("distances_m[0][2] is -3 (must be finite, ≥ 0 and at most 1e8)"));
    let mut m = ok.clone();
    m.durations_s[1].pop();
    assert!(
        err(&m).contains("durations_s row 1 has 2 values, expected 3 (the matrix must be square)")
    );
    let mut m = ok.clone();
    m.distances_m.pop();
    assert!(err(&m).contains("distances_m has 2 rows, durations_s has 3"));
    let mut m = ok.clone();
    m.durations_s[2][2] = None;
    assert!(err(&m).contains("durations_s[2][2] is null"));
    let mut m = ok.clone();
    m.coordinates = Some(vec![[2.0, 45.0]]);
    assert!(err(&m).contains("coordinates has 1 entries, expected 3"));
    assert!(err(&TravelInput::new(vec![], vec![])).contains("empty"));
    assert!(matches!(
        set(0, 1, 1, -1.0).check("x"),
        Err(PlanError::BadMatrix { path, .. }) if path == "x"
    ));
    // From JSON: decimals and extra keys are fine; strings are not, and name the text.
    let m = TravelInput::from_json_named(
        r#"{"durations_s": [[0, 1.5], [2.25, 0]], "distances_m": [[0, 10], [11, 0]], "sources": [1]}"#,
        "m.json",
    )
    .unwrap();
    assert_eq!(m.durations_s[1][0], Some(2.25));
    let e = TravelInput::from_json_named(
        r#"{"durations_s": [[0, "1"], [2, 0]], "distances_m": [[0, 10], [11, 0]]}"#,
        "m.json",
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("m.json: invalid type: string \"1\""), "{e}");
    let e = TravelInput::from_json_named(
        r#"{"durations_s": [[0, 1], [2, 0]], "distances_m": [[0, -10], [11, 0]]}"#,
        "m.json",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "m.json: distances_m[0][1] is -10 (must be finite, ≥ 0 and at most 1e8)"
    );
    // build_on_matrix checks the matrix too.
    let e = build_on_matrix(&set(0, 0, 1, f64::NAN), &matrix_day()).unwrap_err();
    assert!(e.to_string().contains("durations_s[0][1] is NaN"), "{e}");
}

#[test]
fn matrix_places_name_the_item() {
    let m = line_matrix(&[0.0, 3.0, 5.5, 7.0, 12.0, 20.0, 26.0]);
    let err = |edit: &dyn Fn(&mut Day)| {
        let mut day = matrix_day();
        edit(&mut day);
        build_on_matrix(&m, &day).unwrap_err()
    };
    let e = err(&|d| d.visits[2].location_index = Some(7));
    assert!(
        matches!(&e, PlanError::IndexOutOfRange { item, index: 7, size: 7 } if item == "visit c"),
        "{e}"
    );
    let e = err(&|d| d.carers[1].end_index = Some(70)).to_string();
    assert_eq!(
        e,
        "carer n2 (end): index 70 is outside the travel matrix (7 rows)"
    );
    let e = err(&|d| d.visits[0].location = Some([2.6, 45.1])).to_string();
    assert_eq!(
        e,
        "visit a: gives both location and location_index (give one)"
    );
    let e = err(&|d| {
        d.visits[4].location_index = None;
        d.visits[4].location = Some([2.6, 45.1]);
    })
    .to_string();
    assert_eq!(
        e,
        "visit e: gives location as coordinates; a day on a matrix needs location_index"
    );
    let e = err(&|d| d.carers[0].start_index = None).to_string();
    assert!(e.starts_with("carer n1 (start): has no start_index"), "{e}");
    let e = err(&|d| {
        d.carers[0].reloads = Some(ReloadsInput {
            depots: vec![],
            depot_indices: vec![3, 8],
            at_start: true,
            duration_min: 15.0,
            max_stops: 6,
        })
    })
    .to_string();
    assert_eq!(
        e,
        "carer n1 (reload depot index 2): index 8 is outside the travel matrix (7 rows)"
    );
    // On a map, an index is refused naming the visit (without the map: validate).
    let mut day = small_day();
    day.visits[2].location = None;
    day.visits[2].location_index = Some(1);
    let e = build(net(), &day).unwrap_err().to_string();
    assert!(
        e.contains(&format!("visit {}", day.visits[2].id)) && e.contains("--matrix"),
        "{e}"
    );
}

/// `Day::validate` guesses a matrix day from its first index: a map day with one visit given
/// as an index must still be reported as that visit, as `build` and `plan_day` do.
#[test]
fn validate_names_the_visit_given_as_an_index_on_a_map_day() {
    let mut day = small_day();
    day.visits[2].location = None;
    day.visits[2].location_index = Some(1);
    let e = error_of(&day);
    assert!(e.contains(&format!("visit {}", day.visits[2].id)), "{e}");
}

/// A PSAD van (capacity 2) with five deliveries and a pickup on a matrix; depots at `rows`.
fn psad_day(at_start: bool, depot_indices: Vec<usize>) -> Day {
    let mut day = Day::from_json(
        r#"{
      "carers": [{"id": "van", "role": "psad", "shift_start": "08:00", "shift_end": "18:00",
                  "start_index": 0, "capacity": [2]}],
      "visits": [
        {"id": "o1", "location_index": 1, "duration_min": 15, "delivery": [1]},
        {"id": "o2", "location_index": 2, "duration_min": 15, "delivery": [1]},
        {"id": "o3", "location_index": 3, "duration_min": 15, "delivery": [1]},
        {"id": "o4", "location_index": 4, "duration_min": 15, "delivery": [1]},
        {"id": "o5", "location_index": 5, "duration_min": 15, "delivery": [1]},
        {"id": "back", "location_index": 6, "duration_min": 15, "pickup": [1]}
      ]
    }"#,
    )
    .unwrap();
    day.carers[0].reloads = Some(ReloadsInput {
        depots: vec![],
        depot_indices,
        at_start,
        duration_min: 8.0,
        max_stops: 5,
    });
    day
}

/// Load on board along `round`: each trip leaves with its deliveries and the shipments still
/// on board; a depot unloads pickups but not shipments. Panics above `cap`; gives the trips.
fn assert_trip_loads(day: &Day, round: &PlanRound, cap: i64) -> usize {
    let visit = |id: &str| day.visits.iter().find(|v| v.id == id).unwrap();
    let sum = |l: &[i64]| l.iter().sum::<i64>();
    let mut shipped = 0; // shipment loads on board
    let mut trips = 0;
    let stops: Vec<&PlanStop> = round
        .stops
        .iter()
        .filter(|s| s.kind != StopKind::Break)
        .collect();
    for trip in stops.split(|s| s.kind == StopKind::Reload) {
        trips += 1;
        let mut load: i64 = trip
            .iter()
            .map(|s| sum(&visit(&s.id).delivery))
            .sum::<i64>()
            + shipped;
        assert!(load <= cap, "trip {trips} leaves with {load}");
        for s in trip {
            let v = visit(&s.id);
            load += sum(&v.pickup) - sum(&v.delivery);
            for sh in &day.shipments {
                if sh.pickup == s.id {
                    load += sum(&sh.load);
                    shipped += sum(&sh.load);
                }
                if sh.delivery == s.id {
                    load -= sum(&sh.load);
                    shipped -= sum(&sh.load);
                }
            }
            assert!((0..=cap).contains(&load), "{load} on board after {}", s.id);
        }
    }
    assert_eq!(shipped, 0, "a shipment is still on board at the end");
    trips
}

#[test]
fn a_van_reloads_at_its_depots_only() {
    let m = line_matrix(&[0.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 22.5]);
    // At a depot among the patients only (not the warehouse it starts from).
    let day = psad_day(false, vec![7]);
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert!(
        plan.feasible && plan.unassigned.is_empty(),
        "{:?}",
        plan.unassigned
    );
    let van = &plan.rounds[0];
    let reloads: Vec<&PlanStop> = van
        .stops
        .iter()
        .filter(|s| s.kind == StopKind::Reload)
        .collect();
    assert!((2..=5).contains(&reloads.len()), "{:?}", van.stops);
    for r in &reloads {
        assert_eq!((r.id.as_str(), r.location_index), ("reload", Some(7)));
        assert!((r.end_s - r.start_s - 8.0 * 60.0).abs() < 1e-6);
    }
    assert_eq!(assert_trip_loads(&day, van, 2), reloads.len() + 1);
    assert_follows(&plan, &m);
    let csv = schedule_csv(&plan);
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("van,") && l.contains(",reload,reload,,,,7,"))
            .count(),
        reloads.len(),
        "{csv}"
    );
    // At the start place only (the default): reloads go back to row 0.
    let day = psad_day(true, vec![]);
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert!(plan.unassigned.is_empty());
    let van = &plan.rounds[0];
    assert!(van.stops.iter().any(|s| s.kind == StopKind::Reload));
    assert!(van
        .stops
        .iter()
        .filter(|s| s.kind == StopKind::Reload)
        .all(|s| s.location_index == Some(0)));
    assert_trip_loads(&day, van, 2);
    // max_stops 1: one reload, four deliveries; the fifth is left out.
    let mut day = psad_day(false, vec![7]);
    day.carers[0].reloads.as_mut().unwrap().max_stops = 1;
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    let van = &plan.rounds[0];
    assert_eq!(
        van.stops
            .iter()
            .filter(|s| s.kind == StopKind::Reload)
            .count(),
        1
    );
    assert_eq!(plan.unassigned.len(), 1, "{:?}", plan.unassigned);
    assert_trip_loads(&day, van, 2);
}

#[test]
fn a_shipment_stays_on_board_across_a_reload() {
    let m = line_matrix(&[0.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 22.5]);
    let mut day = psad_day(true, vec![7]);
    // A bed from o1's home to o5's, one of the van's two places while on board.
    day.visits.push(VisitInput {
        id: "bed-out".into(),
        location_index: Some(6),
        delivery: vec![],
        pickup: vec![],
        ..day.visits[0].clone()
    });
    day.visits.push(VisitInput {
        id: "bed-in".into(),
        location_index: Some(1),
        delivery: vec![],
        pickup: vec![],
        ..day.visits[0].clone()
    });
    day.shipments.push(ShipmentInput {
        pickup: "bed-out".into(),
        delivery: "bed-in".into(),
        load: vec![1],
    });
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert!(
        plan.feasible && plan.unassigned.is_empty(),
        "{:?}",
        plan.unassigned
    );
    let (_, out) = stop(&plan, "bed-out");
    let (_, into) = stop(&plan, "bed-in");
    assert!(out.seq < into.seq && out.end_s <= into.start_s + 1e-6);
    assert_trip_loads(&day, &plan.rounds[0], 2);
    assert_follows(&plan, &m);
    // Read back through JSON and CSV unchanged.
    assert_eq!(Day::from_json(&day.to_json()).unwrap(), day);
    let csv = day.to_csv();
    let back = Day::from_csv(&csv.visits, &csv.carers, None, Some(&csv.shipments)).unwrap();
    assert_eq!(back, day);
    assert_eq!(
        plan_on_matrix(&m, &back, &matrix_options()).unwrap().rounds,
        plan.rounds
    );
}

#[test]
fn shipments_pair_two_visits_of_one_carer() {
    // Two carers at the two ends of a line; the pickup is next to n2's start, the delivery
    // next to n1's: only the shipment keeps them on one round, pickup first.
    let m = line_matrix(&[0.0, 1.0, 9.0, 10.0]);
    let mut day = Day::from_json(
        r#"{
      "carers": [
        {"id": "n1", "shift_start": "08:00", "shift_end": "16:00", "start_index": 0, "capacity": [1]},
        {"id": "n2", "shift_start": "08:00", "shift_end": "16:00", "start_index": 3, "capacity": [1]}
      ],
      "visits": [
        {"id": "in", "location_index": 1, "duration_min": 20},
        {"id": "out", "location_index": 2, "duration_min": 20}
      ]
    }"#,
    )
    .unwrap();
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert_eq!(
        (
            stop(&plan, "in").0.carer.as_str(),
            stop(&plan, "out").0.carer.as_str()
        ),
        ("n1", "n2")
    );
    day.shipments.push(ShipmentInput {
        pickup: "out".into(),
        delivery: "in".into(),
        load: vec![1],
    });
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert!(plan.feasible && plan.unassigned.is_empty());
    let (r_out, s_out) = stop(&plan, "out");
    let (r_in, s_in) = stop(&plan, "in");
    assert_eq!(r_out.carer, r_in.carer);
    assert!(s_out.seq < s_in.seq);
    // Too heavy for every van: both left out, one for its partner.
    day.shipments[0].load = vec![2];
    let plan = plan_on_matrix(&m, &day, &matrix_options()).unwrap();
    assert_eq!(plan.unassigned.len(), 2, "{:?}", plan.unassigned);
    assert!(plan
        .unassigned
        .iter()
        .all(|u| u.code == "capacity_exceeded"));
}

#[test]
fn bad_shipments_name_the_shipment() {
    let base = || {
        let mut day = psad_day(true, vec![]);
        day.shipments.push(ShipmentInput {
            pickup: "back".into(),
            delivery: "o1".into(),
            load: vec![1],
        });
        day
    };
    base().validate().unwrap();
    let m = line_matrix(&[0.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0]);
    let err = |edit: &dyn Fn(&mut Day)| {
        let mut day = base();
        edit(&mut day);
        let e = day.validate().unwrap_err().to_string();
        assert_eq!(build_on_matrix(&m, &day).unwrap_err().to_string(), e);
        e
    };
    assert_eq!(
        err(&|d| d.shipments[0].delivery = "o9".into()),
        "shipment 1 (back → o9): unknown visit \"o9\""
    );
    assert_eq!(
        err(&|d| d.shipments[0].pickup = "nowhere".into()),
        "shipment 1 (nowhere → o1): unknown visit \"nowhere\""
    );
    assert_eq!(
        err(&|d| d.shipments[0].load = vec![]),
        "shipment 1 (back → o1): has no load (one number per capacity dimension)"
    );
    assert_eq!(
        err(&|d| d.shipments[0].load = vec![-2]),
        "shipment 1: load is -2 (must be between 0 and 1e9)"
    );
    assert_eq!(
        err(&|d| d.shipments.push(ShipmentInput {
            pickup: "o2".into(),
            delivery: "o1".into(),
            load: vec![1],
        })),
        "shipment 2 (o2 → o1): visit \"o1\" is already in shipment 1"
    );
    let e = err(&|d| {
        d.links.push(LinkInput {
            first: "o1".into(),
            second: "o2".into(),
            kind: LinkKindInput::Simultaneous,
            min_gap_min: 0.0,
            max_gap_min: None,
            distinct_carers: None,
        })
    });
    assert_eq!(
        e,
        "shipment 1 (back → o1): visit \"o1\" is double-staffed; a shipment is one carer's"
    );
    // From CSV: the file, line and column of a bad cell.
    let csv = base().to_csv();
    let e = Day::from_csv(
        &csv.visits,
        &csv.carers,
        None,
        Some("pickup,delivery,load\nback,o1,x\n"),
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "shipments.csv, line 2, column load: \"x\" is not a whole number"
    );
    let e = Day::from_csv(
        &csv.visits,
        &csv.carers,
        None,
        Some("pickup,load\nback,1\n"),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("shipments.csv, line 1, column delivery"),
        "{e}"
    );
}

/// A shipment from a visit to itself says so (not "already in shipment 1", its own number).
#[test]
fn a_shipment_from_a_visit_to_itself_says_so() {
    let mut day = psad_day(true, vec![]);
    day.shipments.push(ShipmentInput {
        pickup: "o1".into(),
        delivery: "o1".into(),
        load: vec![1],
    });
    let e = day.validate().unwrap_err().to_string();
    assert_eq!(
        e,
        "shipment 1 (o1 → o1): collects and delivers at the same visit"
    );
}

#[test]
fn bad_reloads_name_the_carer() {
    let m = line_matrix(&[0.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0]);
    let err = |edit: &dyn Fn(&mut ReloadsInput)| {
        let mut day = psad_day(true, vec![]);
        edit(day.carers[0].reloads.as_mut().unwrap());
        build_on_matrix(&m, &day).unwrap_err().to_string()
    };
    assert_eq!(
        err(&|r| r.at_start = false),
        "carer van (reloads): names no depot (give depots or depot_indices, or at_start)"
    );
    assert_eq!(
        err(&|r| r.duration_min = -1.0),
        "carer van: reloads duration_min is -1 (must be ≥ 0)"
    );
    assert_eq!(
        err(&|r| r.depots = vec![[2.6, 45.1]]),
        "carer van (reload depot 1): gives depots as coordinates; a day on a matrix needs depot_indices"
    );
    // And on a map, depot rows are refused.
    let mut day = small_day();
    day.carers[0].reloads = Some(ReloadsInput {
        depots: vec![],
        depot_indices: vec![1],
        at_start: true,
        duration_min: 15.0,
        max_stops: 6,
    });
    let e = build(net(), &day).unwrap_err().to_string();
    assert!(
        e.starts_with("carer nurse-claire (reload depot index 1)") && e.contains("--matrix"),
        "{e}"
    );
}

/// Every bounded number of a day is accepted at its bound and refused one step past it, with
/// an error naming the item and the field (docs/plan-input.md, "Ranges of numbers").
#[test]
fn day_numbers_are_accepted_at_their_bounds_and_refused_past_them() {
    type Set = fn(&mut Day, f64);
    let cases: [(&str, Set, f64, f64); 7] = [
        (
            "duration_min",
            |d, x| d.visits[0].duration_min = x,
            MAX_MINUTES,
            1.0,
        ),
        ("priority", |d, x| d.visits[0].priority = x, 1000.0, 1.0),
        (
            "continuity_weight",
            |d, x| d.visits[0].continuity_weight = x,
            1e9,
            1e3,
        ),
        (
            "max_overtime_min",
            |d, x| d.carers[0].max_overtime_min = x,
            MAX_MINUTES,
            1.0,
        ),
        (
            "max_working_time_min",
            |d, x| d.carers[0].max_working_time_min = Some(x),
            MAX_MINUTES,
            1.0,
        ),
        (
            "capacity",
            |d, x| {
                d.carers[0].capacity = vec![x as i64];
                d.visits[0].delivery = vec![x as i64];
            },
            1e9,
            1.0,
        ),
        (
            "duration_min 1e300",
            |d, x| d.visits[0].duration_min = x,
            MAX_MINUTES,
            1e300,
        ),
    ];
    for (field, set, bound, step) in cases {
        let mut day = small_day();
        for c in &mut day.carers {
            c.capacity.clear();
        }
        for v in &mut day.visits {
            v.delivery.clear();
            v.pickup.clear();
        }
        set(&mut day, bound);
        assert!(
            day.validate().is_ok(),
            "{field} at {bound}: {:?}",
            day.validate()
        );
        set(&mut day, bound + step);
        let e = day.validate().unwrap_err().to_string();
        let name = field.split(' ').next().unwrap();
        assert!(e.contains(name) && e.contains("must be"), "{field}: {e}");
        assert!(e.len() < 200, "the message stays readable: {e}");
    }
}

#[test]
fn matrix_values_and_coordinates_are_bounded() {
    let rows = |x: f64| vec![vec![0.0, x], vec![x, 0.0]];
    assert!(TravelInput::new(rows(1e8), rows(1e8))
        .check("m.json")
        .is_ok());
    let e = TravelInput::new(rows(1e8 + 1.0), rows(0.0))
        .check("m.json")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("m.json") && e.contains("durations_s[0][1]") && e.contains("at most 1e8"),
        "{e}"
    );
    let e = TravelInput::new(rows(1.0), rows(1e300))
        .check("m.json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("distances_m[0][1] is 1e300"), "{e}");
    let mut m = TravelInput::new(rows(1.0), rows(1.0));
    m.coordinates = Some(vec![[2.0, 45.0], [2.0, 91.0]]);
    let e = m.check("m.json").unwrap_err().to_string();
    assert!(e.contains("coordinates[1]"), "{e}");
}
