//! Re-planning: the frozen part stays, nothing is lost, the checker accepts the new plan, and
//! bad re-plans are refused naming the item.

use std::collections::{HashMap, HashSet};

use proptest::prelude::*;
use tournee_solver::care::{check_plan, solve_care, CareOptions, StopKind};

use super::*;

/// A matrix between points on a line (km): 90 s and 1 200 m per km, with the points'
/// coordinates (as a matrix from `tournee matrix` gives them).
fn line_matrix(xs: &[f64]) -> TravelInput {
    let table = |per: f64| -> Vec<Vec<f64>> {
        xs.iter()
            .map(|a| xs.iter().map(|b| (a - b).abs() * per).collect())
            .collect()
    };
    let mut m = TravelInput::new(table(90.0), table(1200.0));
    m.coordinates = Some(xs.iter().map(|x| [2.5 + x / 80.0, 45.0]).collect());
    m
}

fn options(seed: u64) -> CareOptions {
    CareOptions {
        iterations: Some(60),
        threads: 1,
        seed,
        ..Default::default()
    }
}

/// Plans `day` on `m` and checks the plan independently.
fn plan_checked(m: &TravelInput, day: &Day, seed: u64) -> Plan {
    let built = build_on_matrix(m, day).unwrap();
    let solution = solve_care(&built.problem, &options(seed)).unwrap();
    let check = check_plan(&built.problem, &solution);
    assert!(check.valid, "{:?}", check.violations);
    Plan::new(day, &built, &solution)
}

/// A day of `n` visits for three nurses on a line of 12 places, shaped by `seed`.
fn random_day(seed: u64, n: usize) -> Day {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = |k: u64| {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 33) % k
    };
    let carers: Vec<String> = (0..3)
        .map(|c| {
            let lunch = if c == 0 {
                r#", "breaks": [{"id": "coffee", "duration_min": 10, "window": ["09:30", "10:30"]}]"#
            } else {
                ""
            };
            format!(
                r#"{{"id": "n{c}", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "13:00", "start_index": {}{lunch}}}"#,
                c * 5
            )
        })
        .collect();
    let visits: Vec<String> = (0..n)
        .map(|i| {
            let open = 7 * 60 + next(300);
            let close = open + 30 + next(120);
            let window = if next(4) == 0 {
                String::new()
            } else {
                format!(
                    r#", "windows": [["{:02}:{:02}", "{:02}:{:02}"]]"#,
                    open / 60,
                    open % 60,
                    close / 60,
                    close % 60
                )
            };
            format!(
                r#"{{"id": "v{i}", "patient": "p{}", "location_index": {}, "duration_min": {}, "skills": ["nursing"]{window}}}"#,
                i / 2,
                1 + next(11),
                10 + next(30)
            )
        })
        .collect();
    let link = if n >= 4 {
        r#", "links": [{"first": "v0", "second": "v1", "kind": "sequential", "min_gap_min": 60}]"#
    } else {
        ""
    };
    Day::from_json(&format!(
        r#"{{"carers": [{}], "visits": [{}]{link}}}"#,
        carers.join(","),
        visits.join(",")
    ))
    .unwrap()
}

fn served(plan: &Plan) -> HashMap<String, (String, f64, f64)> {
    plan.rounds
        .iter()
        .flat_map(|r| {
            r.stops
                .iter()
                .filter(|s| s.kind == StopKind::Visit)
                .map(|s| (s.id.clone(), (r.carer.clone(), s.start_s, s.end_s)))
        })
        .collect()
}

/// Re-plans and checks every invariant; returns the re-plan.
fn replan_checked(
    m: &TravelInput,
    day: &Day,
    old: &Plan,
    at: &str,
    events: &Events,
    options: &ReplanOptions,
) -> Replan {
    let re = ReplanDay::new(day, old, at, events, options).unwrap();
    let at_s = parse_hhmm(at).unwrap();
    // The re-plan day reads back from its JSON as the same day.
    assert_eq!(Day::from_json(&re.day.to_json()).unwrap(), re.day);
    let built = build_on_matrix(m, &re.day).unwrap();
    let solution = solve_care(&built.problem, &self::options(3)).unwrap();
    let check = check_plan(&built.problem, &solution);
    assert!(check.valid, "{:?}", check.violations);
    let new = Plan::new(&re.day, &built, &solution);
    let replan = re.finish(old, new, &built).unwrap();
    let before = served(old);
    let after = served(&replan.plan);
    let changed: HashSet<&str> = events
        .events
        .iter()
        .filter_map(|e| match e {
            Event::DurationChanged { visit, .. } => Some(visit.as_str()),
            _ => None,
        })
        .collect();
    let delayed: HashSet<&str> = events
        .events
        .iter()
        .filter_map(|e| match e {
            Event::CarerDelayed { carer, .. } => Some(carer.as_str()),
            _ => None,
        })
        .collect();
    let cancelled: HashSet<&str> = events
        .events
        .iter()
        .filter_map(|e| match e {
            Event::VisitCancelled { visit } => Some(visit.as_str()),
            _ => None,
        })
        .collect();
    let left: HashSet<&str> = replan
        .plan
        .unassigned
        .iter()
        .map(|u| u.visit.as_str())
        .collect();
    for (id, (carer, start, end)) in &before {
        if *start < at_s {
            // Frozen: the same carer, start and (unless lengthened) end.
            let (c, s, e) = after
                .get(id)
                .unwrap_or_else(|| panic!("{id} frozen but lost"));
            assert_eq!(c, carer, "{id}");
            assert!((s - start).abs() < 1e-6, "{id}: {s} vs {start}");
            if !changed.contains(id.as_str()) && !delayed.contains(carer.as_str()) {
                assert!((e - end).abs() < 1e-6, "{id}");
            }
        }
    }
    // Nothing lost: every visit of the old plan is in the new one, cancelled, or left out
    // with a reason.
    for v in &day.visits {
        let id = v.id.as_str();
        assert!(
            after.contains_key(id) || cancelled.contains(id) || left.contains(id),
            "{id} lost"
        );
        assert!(!(cancelled.contains(id) && after.contains_key(id)), "{id}");
    }
    for u in &replan.plan.unassigned {
        assert!(!u.code.is_empty() && !u.message.is_empty());
    }
    // Nothing new starts before the re-plan time.
    for (id, (_, s, _)) in &after {
        if before.get(id).is_none_or(|(_, os, _)| *os >= at_s) {
            assert!(*s >= at_s - 1e-6, "{id} starts at {s} before {at_s}");
        }
    }
    // Breaks already taken stay (in rounds that keep a visit: an empty round has no break).
    for r in &old.rounds {
        let nr = replan
            .plan
            .rounds
            .iter()
            .find(|x| x.carer == r.carer)
            .unwrap();
        for b in r.stops.iter().filter(|s| s.kind == StopKind::Break) {
            if b.start_s < at_s && nr.visits > 0 {
                assert!(nr.stops.iter().any(|s| s.kind == StopKind::Break
                    && s.id == b.id
                    && (s.start_s - b.start_s).abs() < 1e-6));
            }
        }
    }
    replan
}

fn hhmm(minutes: u64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_replans_keep_the_past_and_lose_nothing(
        seed in 0u64..10_000,
        n in 3usize..12,
        at in (7 * 60 + 30u64)..(12 * 60),
        absent in proptest::option::of((0usize..3, 0u64..90)),
        cancel in proptest::option::of(0usize..12),
        longer in proptest::option::of((0usize..12, 5u64..60)),
        delay in proptest::option::of((0usize..3, 1u64..40)),
        add in any::<bool>(),
        keep in any::<bool>(),
    ) {
        let xs: Vec<f64> = (0..12).map(|i| (i as f64 * 1.7) % 9.0).collect();
        let m = line_matrix(&xs);
        let day = random_day(seed, n);
        let old = plan_checked(&m, &day, seed);
        let at = hhmm(at);
        let started: HashSet<String> = served(&old)
            .into_iter()
            .filter(|(_, (_, s, _))| *s < parse_hhmm(&at).unwrap())
            .map(|(id, _)| id)
            .collect();
        let mut events = Vec::new();
        if let Some((c, later)) = absent {
            // From the re-plan time, or later in the day.
            let from = hhmm(parse_hhmm(&at).unwrap() as u64 / 60 + later);
            events.push(Event::CarerAbsent { carer: format!("n{c}"), from });
        }
        if let Some(v) = cancel.filter(|&v| v < n && !started.contains(&format!("v{v}"))) {
            events.push(Event::VisitCancelled { visit: format!("v{v}") });
        }
        if let Some((v, d)) = longer.filter(|&(v, _)| v < n) {
            let ended = served(&old).get(&format!("v{v}")).is_some_and(|(_, _, e)| *e <= parse_hhmm(&at).unwrap());
            if !ended && !events.iter().any(|e| matches!(e, Event::VisitCancelled { visit } if visit == &format!("v{v}"))) {
                events.push(Event::DurationChanged { visit: format!("v{v}"), duration_min: d as f64 });
            }
        }
        if let Some((c, d)) = delay {
            events.push(Event::CarerDelayed { carer: format!("n{c}"), minutes: d as f64 });
        }
        if add {
            events.push(Event::VisitAdded {
                visit: Box::new(VisitInput::from_json_value(serde_json::json!({
                    "id": "urgent", "patient": "p-new", "location_index": 7,
                    "duration_min": 20, "skills": ["nursing"],
                    "windows": [["10:00", "13:00"]], "priority": 5
                }))),
            });
        }
        let events = Events { events };
        let options = ReplanOptions { keep_announcements: keep, ..Default::default() };
        let replan = replan_checked(&m, &day, &old, &at, &events, &options);
        // Every change row names a visit of the day or an added one.
        for c in &replan.changes {
            prop_assert!(replan.day.visits.iter().any(|v| v.id == c.visit) || c.reason == "cancelled");
        }
    }
}

impl VisitInput {
    fn from_json_value(v: serde_json::Value) -> VisitInput {
        serde_json::from_value(v).unwrap()
    }
}

/// A day with two nurses and four visits on a line, planned once.
fn two_nurses() -> (TravelInput, Day, Plan) {
    let m = line_matrix(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    let day = Day::from_json(
        r#"{
      "carers": [
        {"id": "ann", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "13:00", "start_index": 0},
        {"id": "bob", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "13:00", "start_index": 5}
      ],
      "visits": [
        {"id": "a", "patient": "pa", "location_index": 1, "duration_min": 30, "windows": [["08:00", "08:30"]], "skills": ["nursing"]},
        {"id": "b", "patient": "pb", "location_index": 2, "duration_min": 30, "windows": [["09:30", "10:00"]], "skills": ["nursing"]},
        {"id": "c", "patient": "pc", "location_index": 4, "duration_min": 30, "windows": [["08:00", "08:30"]], "skills": ["nursing"]},
        {"id": "d", "patient": "pd", "location_index": 3, "duration_min": 30, "windows": [["10:00", "11:00"]], "skills": ["nursing"]}
      ]
    }"#,
    )
    .unwrap();
    let plan = plan_checked(&m, &day, 1);
    assert_eq!(plan.totals.served, 4);
    (m, day, plan)
}

#[test]
fn an_absent_nurse_hands_over_what_she_has_not_started() {
    let (m, day, old) = two_nurses();
    let carer_of = |p: &Plan, v: &str| served(p).get(v).map(|x| x.0.clone());
    let d_carer = carer_of(&old, "d").unwrap();
    let other = if d_carer == "ann" { "bob" } else { "ann" };
    let events = Events::from_json(&format!(
        r#"{{"events": [{{"kind": "carer_absent", "carer": "{d_carer}", "from": "09:45"}}]}}"#
    ))
    .unwrap();
    let replan = replan_checked(&m, &day, &old, "09:45", &events, &ReplanOptions::default());
    assert_eq!(carer_of(&replan.plan, "d").as_deref(), Some(other));
    let change = replan.changes.iter().find(|c| c.visit == "d").unwrap();
    assert_eq!(change.reason, "carer_absent");
    assert_eq!(change.old_carer.as_deref(), Some(d_carer.as_str()));
    assert_eq!(change.new_carer.as_deref(), Some(other));
    assert!(change.is_announcement_change());
    assert_eq!(replan.frozen, 3);
    let csv = changes_csv(&replan.changes);
    assert!(csv.starts_with(CHANGES_COLUMNS));
    assert!(csv.contains(",carer_absent"));
}

#[test]
fn added_cancelled_longer_and_delayed() {
    let (m, day, old) = two_nurses();
    let (b_carer, b_start, _) = served(&old)["b"].clone();
    // Five to six minutes into b.
    let at = format_hhmm(((b_start + 360.0) / 60.0).floor() * 60.0);
    let events = Events::from_json(&format!(
        r#"{{"events": [
        {{"kind": "visit_added", "visit": {{"id": "u", "patient": "pu", "location_index": 2,
          "duration_min": 15, "windows": [["10:00", "12:00"]], "skills": ["nursing"]}}}},
        {{"kind": "visit_cancelled", "visit": "d"}},
        {{"kind": "duration_changed", "visit": "b", "duration_min": 50}},
        {{"kind": "carer_delayed", "carer": "{b_carer}", "minutes": 10}}
    ]}}"#
    ))
    .unwrap();
    let replan = replan_checked(&m, &day, &old, &at, &events, &ReplanOptions::default());
    let after = served(&replan.plan);
    assert!(after.contains_key("u"), "the urgent visit is served");
    assert!(!after.contains_key("d"));
    // b started before the re-plan: it lasts 50 min, plus the 10 min delay.
    let (_, start, end) = after["b"];
    assert!((end - start - 60.0 * 60.0).abs() < 1e-6, "{start} {end}");
    let reasons: HashMap<&str, &str> = replan
        .changes
        .iter()
        .map(|c| (c.visit.as_str(), c.reason.as_str()))
        .collect();
    assert_eq!(reasons["u"], "added");
    assert_eq!(reasons["d"], "cancelled");
    // The new plan is a plan of the updated day: it can be re-planned again later.
    assert!(replan.updated_day.visits.iter().any(|v| v.id == "u"));
    assert!(!replan.updated_day.visits.iter().any(|v| v.id == "d"));
    let again = replan_checked(
        &m,
        &replan.updated_day,
        &replan.plan,
        "11:30",
        &Events::default(),
        &ReplanOptions::default(),
    );
    assert_eq!(again.plan.totals.visits, replan.plan.totals.visits);
}

#[test]
fn a_delay_between_stops_holds_the_carer_back() {
    let (m, day, old) = two_nurses();
    // At 09:05 every morning visit is over (they start by 08:30 and last 30 min) and b
    // (09:30 to 10:00) has not started.
    let b_carer = served(&old)["b"].0.clone();
    let events = Events::from_json(&format!(
        r#"{{"events": [{{"kind": "carer_delayed", "carer": "{b_carer}", "minutes": 40}}]}}"#
    ))
    .unwrap();
    let replan = replan_checked(&m, &day, &old, "09:05", &events, &ReplanOptions::default());
    let carer = replan.day.carers.iter().find(|c| c.id == b_carer).unwrap();
    assert_eq!(carer.shift_start, "09:45:00");
    // Whoever does b now, the delayed carer starts nothing before 09:45.
    let round = replan
        .plan
        .rounds
        .iter()
        .find(|r| r.carer == b_carer)
        .unwrap();
    for s in &round.stops {
        assert!(
            s.start_s < 9.0 * 3600.0 + 300.0 || s.start_s >= 9.75 * 3600.0,
            "{}",
            s.id
        );
    }
    assert!(served(&replan.plan).contains_key("b"));
}

#[test]
fn bad_replans_name_the_item() {
    let (_, day, old) = two_nurses();
    let opts = ReplanOptions::default();
    let err = |at: &str, events: &str| {
        ReplanDay::new(&day, &old, at, &Events::from_json(events).unwrap(), &opts)
            .unwrap_err()
            .to_string()
    };
    let none = r#"{"events": []}"#;
    assert!(
        err("05:00", none).contains("outside the day"),
        "{}",
        err("05:00", none)
    );
    assert!(err("25:00", none).contains("at"));
    let e = err(
        "09:00",
        r#"{"events": [{"kind": "carer_absent", "carer": "zoe", "from": "09:00"}]}"#,
    );
    assert!(
        e.contains("event 1 (carer_absent)") && e.contains("zoe"),
        "{e}"
    );
    let e = err(
        "09:00",
        r#"{"events": [{"kind": "visit_cancelled", "visit": "zz"}]}"#,
    );
    assert!(e.contains("unknown visit \"zz\""), "{e}");
    let e = err(
        "09:00",
        r#"{"events": [{"kind": "visit_cancelled", "visit": "a"}]}"#,
    );
    assert!(e.contains("started at"), "{e}");
    let e = err(
        "09:00",
        r#"{"events": [{"kind": "duration_changed", "visit": "a", "duration_min": 40}]}"#,
    );
    assert!(e.contains("ended at"), "{e}");
    let e = err(
        "09:00",
        r#"{"events": [{"kind": "visit_added", "visit": {"id": "a", "duration_min": 5, "location_index": 1}}]}"#,
    );
    assert!(e.contains("already has"), "{e}");
    let e = err(
        "09:00",
        r#"{"events": [{"kind": "carer_delayed", "carer": "ann", "minutes": -5}]}"#,
    );
    assert!(e.contains("minutes"), "{e}");
    // A misspelt kind or field is named.
    let e = Events::from_json(r#"{"events": [{"kind": "carer_sick", "carer": "ann"}]}"#)
        .unwrap_err()
        .to_string();
    assert!(e.contains("carer_sick"), "{e}");
    let e = Events::from_json(
        r#"{"events": [{"kind": "carer_absent", "carer": "ann", "form": "09:00"}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("form"), "{e}");
    // A plan of another day.
    let mut other = day.clone();
    other.visits.retain(|v| v.id != "c");
    let e = ReplanDay::new(&other, &old, "09:00", &Events::default(), &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("visit c") && e.contains("another day"), "{e}");
    let mut other = day.clone();
    other.visits.push(other.visits[0].clone());
    other.visits.last_mut().unwrap().id = "x".into();
    let e = ReplanDay::new(&other, &old, "09:00", &Events::default(), &opts)
        .unwrap_err()
        .to_string();
    assert!(e.contains("visit x") && e.contains("neither"), "{e}");
}

#[test]
fn announcements_keep_carers_and_times_where_they_can() {
    // Nobody is absent and nothing happened: a re-plan that keeps the announcements changes
    // nothing, whatever else the search would prefer.
    let (m, day, old) = two_nurses();
    let replan = replan_checked(
        &m,
        &day,
        &old,
        "08:10",
        &Events::default(),
        &ReplanOptions::default(),
    );
    assert_eq!(replan.announcements_changed(), 0, "{:?}", replan.changes);
    assert_eq!(replan.plan.cost.moved, 0);
}
