use super::*;
use crate::plan::{PlanError, TravelInput};
use tournee_solver::care::CareOptions;

fn week(orders: &str) -> Week {
    Week::from_json(&format!(
        r#"{{"days": ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10"],
            "carers": [{{"id": "n1", "start_index": 0,
                        "shifts": {{"mon": ["07:00", "12:00"], "tue": ["07:00", "12:00"],
                                    "wed": ["07:00", "12:00"], "2026-12-10": ["08:00", "11:00"]}}}}],
            "orders": {orders}}}"#
    ))
    .unwrap()
}

fn matrix() -> TravelInput {
    TravelInput::new(
        vec![vec![0.0, 600.0], vec![600.0, 0.0]],
        vec![vec![0.0, 9000.0], vec![9000.0, 0.0]],
    )
}

#[test]
fn orders_expand_to_their_days_with_spacing() {
    let w = week(
        r#"[{"id": "a", "location_index": 1, "duration_min": 10, "days": ["mon", "wed"]},
            {"id": "b", "location_index": 1, "duration_min": 10, "times": 2, "min_days_between": 2}]"#,
    );
    let h = Horizon::of(&w).unwrap();
    let occ = expand(&w, &h).unwrap();
    let ids: Vec<&str> = occ.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["a@2026-12-07", "a@2026-12-09", "b#1", "b#2"]);
    // b#1 on Mon or Tue (Wed would leave no day two days later), b#2 on Wed or Thu.
    assert_eq!(occ[2].days, vec![0, 1]);
    assert_eq!(occ[3].days, vec![2, 3]);
    let earliest = earliest_days(&h, &[&occ[2], &occ[3]], spacing(&w.orders[1]));
    assert_eq!(earliest, vec![0, 2]);
    // The Thursday shift comes from its date key.
    assert_eq!(h.shift(&w.carers[0], 3).unwrap()[0], "08:00");
}

#[test]
fn impossible_orders_are_errors_naming_the_order() {
    let cases = [
        (
            r#"[{"id": "x", "location_index": 1, "duration_min": 10, "times": 3, "min_days_between": 2}]"#,
            "order x",
        ),
        (
            r#"[{"id": "y", "location_index": 1, "duration_min": 10, "days": ["2026-12-20"]}]"#,
            "outside the horizon",
        ),
        (
            r#"[{"id": "z", "location_index": 1, "duration_min": 10, "days": ["someday"]}]"#,
            "neither a date",
        ),
        (
            r#"[{"id": "t", "location_index": 1, "duration_min": 10, "times": 0}]"#,
            "times is 0",
        ),
        (
            r#"[{"id": "r", "location_index": 1, "duration_min": 10, "referent": "nobody"}]"#,
            "nobody",
        ),
        (
            r#"[{"id": "m", "location_index": 1, "duration_min": 10, "min_days_between": 1}]"#,
            "need times",
        ),
    ];
    for (orders, needle) in cases {
        let err = WeekModel::new(&week(orders), Travel::Matrix(&matrix())).unwrap_err();
        assert!(err.to_string().contains(needle), "{orders}: {err}");
    }
    let mut w = week("[]");
    w.days = vec!["2026-12-08".into(), "2026-12-07".into()];
    assert!(matches!(Horizon::of(&w), Err(PlanError::BadWeek { .. })));
}

#[test]
fn gap_bounds_hold_exactly_for_narrow_windows() {
    // Windows 07:00–09:00: any start on day d+1 is at least 22 h after any start on day d,
    // and any start on day d is less than that after another on day d.
    let (min, max) = gap_bounds(1, Some(2), 7200.0).unwrap();
    assert_eq!(min, 86_400.0 - 7200.0);
    assert_eq!(max, 2.0 * 86_400.0 + 7200.0);
    assert!(7200.0 < min);
    // Too wide for the maximum: no gap keeps both.
    assert!(gap_bounds(1, Some(1), 86_400.0).is_none());
}

#[test]
fn the_embedded_week_is_planned_checked_and_serves_at_least_what_day_by_day_serves() {
    let map = crate::plan::default_map();
    let dir = tempfile::tempdir().unwrap();
    let pbf = dir.path().join("canton.osm.pbf");
    map.osm.write(&pbf).unwrap();
    let net = crate::roads::RoadNetwork::from_osm(&pbf).unwrap();
    let w = default_week();
    let model = WeekModel::new(&w, Travel::Network(&net)).unwrap();
    let options = WeekOptions {
        care: CareOptions {
            iterations: Some(300),
            threads: 1,
            ..Default::default()
        },
    };
    let plan = plan_week_model(&model, &options).unwrap();
    assert!(plan.check.valid, "{:?}", plan.check.violations);
    assert_eq!(plan.days.len(), 7);
    let base = plan_day_by_day(&model, &options).unwrap();
    assert!(base.check.valid, "{:?}", base.check.violations);
    assert_eq!(plan.totals.visits, base.totals.visits);
    assert!(plan.totals.served >= base.totals.served);
    let csv = plan.calendar_csv();
    assert_eq!(csv.lines().count(), 1 + w.carers.len());
    assert!(plan.summary().contains("distinct carers per patient"));
    eprintln!(
        "week {} min driving, {} served; day by day {} min, {} served",
        plan.totals.driving_min, plan.totals.served, base.totals.driving_min, base.totals.served
    );
}

/// Two nurses of one role, one living among the patients and one 15 min away: without
/// fairness the near one does every visit; with it the far one takes days once the near one
/// is hours ahead, and the spread of working time shrinks (and the week stays within its rules).
#[test]
fn fairness_shares_the_work_between_carers_of_a_role() {
    let text = |fairness: f64| {
        format!(
            r#"{{"days": ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10"],
               "carers": [
                 {{"id": "near", "role": "nurse", "start_index": 1,
                  "shifts": {{"mon": ["07:00", "13:00"], "tue": ["07:00", "13:00"],
                             "wed": ["07:00", "13:00"], "thu": ["07:00", "13:00"]}}}},
                 {{"id": "far", "role": "nurse", "start_index": 0,
                  "shifts": {{"mon": ["07:00", "13:00"], "tue": ["07:00", "13:00"],
                             "wed": ["07:00", "13:00"], "thu": ["07:00", "13:00"]}}}}],
               "orders": [
                 {{"id": "a", "patient": "pa", "location_index": 1, "duration_min": 50, "windows": [["07:00", "12:00"]]}},
                 {{"id": "b", "patient": "pb", "location_index": 1, "duration_min": 50, "windows": [["07:00", "12:00"]]}},
                 {{"id": "c", "patient": "pc", "location_index": 1, "duration_min": 50, "windows": [["07:00", "12:00"]]}}],
               "week_weights": {{"continuity": 0, "fairness": {fairness}}}}}"#
        )
    };
    let spread = |fairness: f64| {
        let w = Week::from_json(&text(fairness)).unwrap();
        let m = matrix();
        let model = WeekModel::new(&w, Travel::Matrix(&m)).unwrap();
        let options = WeekOptions {
            care: CareOptions {
                iterations: Some(200),
                threads: 1,
                ..Default::default()
            },
        };
        let plan = plan_week_model(&model, &options).unwrap();
        assert!(plan.check.valid, "{:?}", plan.check.violations);
        assert_eq!(plan.totals.served, 12);
        plan.totals.working_spread_min["nurse"]
    };
    let (without, with) = (spread(0.0), spread(1.0));
    assert!(
        without >= 599.0,
        "the near nurse works every day: {without}"
    );
    assert!(with < without / 2.0, "fairness {with} vs {without}");
}

/// Links between orders hold on every day both happen, two-carer visits and order links are
/// in the days written out (what a re-plan reads), a pinned start is kept on every day, and
/// bad links are refused naming them.
#[test]
fn order_links_and_pinned_starts_hold_every_day() {
    let text = |links: &str| {
        format!(
            r#"{{"days": ["2026-12-07", "2026-12-08", "2026-12-09"],
               "carers": [
                 {{"id": "n1", "start_index": 0, "shifts": {{"mon": ["07:00", "13:00"], "tue": ["07:00", "13:00"], "wed": ["07:00", "13:00"]}}}},
                 {{"id": "n2", "start_index": 0, "shifts": {{"mon": ["07:00", "13:00"], "tue": ["07:00", "13:00"], "wed": ["07:00", "13:00"]}}}}],
               "orders": [
                 {{"id": "wash", "patient": "p", "location_index": 1, "duration_min": 30, "windows": [["07:00", "12:00"]]}},
                 {{"id": "dressing", "patient": "p", "location_index": 1, "duration_min": 20, "windows": [["07:00", "12:00"]]}},
                 {{"id": "transfer", "patient": "q", "location_index": 1, "duration_min": 20, "carers": 2, "windows": [["08:00", "12:00"]]}},
                 {{"id": "gp", "patient": "r", "location_index": 1, "duration_min": 15, "pinned_start": "09:00"}},
                 {{"id": "blood", "patient": "s", "location_index": 1, "duration_min": 10, "times": 1}}],
               "links": [{links}]}}"#
        )
    };
    let link = r#"{"first": "wash", "second": "dressing", "kind": "sequential", "min_gap_min": 40, "max_gap_min": 60, "distinct_carers": true}"#;
    let w = Week::from_json(&text(link)).unwrap();
    let m = matrix();
    let model = WeekModel::new(&w, Travel::Matrix(&m)).unwrap();
    let options = WeekOptions {
        care: CareOptions {
            iterations: Some(100),
            threads: 1,
            ..Default::default()
        },
    };
    let plan = plan_week_model(&model, &options).unwrap();
    assert!(plan.check.valid, "{:?}", plan.check.violations);
    assert_eq!(plan.totals.served, plan.totals.visits);
    for day in &plan.days {
        let start = |prefix: &str| -> (String, f64) {
            day.plan
                .rounds
                .iter()
                .find_map(|r| {
                    r.stops
                        .iter()
                        .find(|s| s.id.starts_with(prefix))
                        .map(|s| (r.carer.clone(), s.start_s))
                })
                .unwrap()
        };
        let (wash_carer, wash) = start("wash@");
        let (dressing_carer, dressing) = start("dressing@");
        let gap = dressing - wash;
        assert!(
            (2400.0 - 1e-6..=3600.0 + 1e-6).contains(&gap),
            "{}: {gap}",
            day.date
        );
        assert_ne!(wash_carer, dressing_carer, "{}", day.date);
        assert_eq!(start("gp@").1, 9.0 * 3600.0, "{}", day.date);
        let input = day.day.as_ref().unwrap();
        assert!(input.links.iter().any(|l| l.first.starts_with("wash@")));
        assert!(input
            .links
            .iter()
            .any(|l| l.first.starts_with("transfer@") && l.needs_distinct_carers()));
    }
    // Bad links are named.
    for (links, words) in [
        (
            r#"{"first": "wash", "second": "bath", "kind": "sequential"}"#,
            "unknown order \"bath\"",
        ),
        (
            r#"{"first": "wash", "second": "blood", "kind": "sequential"}"#,
            "links join orders of fixed days",
        ),
        (
            r#"{"first": "wash", "second": "wash", "kind": "simultaneous"}"#,
            "itself",
        ),
        (
            r#"{"first": "wash", "second": "dressing", "kind": "sequential", "min_gap_min": 50, "max_gap_min": 20}"#,
            "max_gap_min",
        ),
    ] {
        let w = Week::from_json(&text(links)).unwrap();
        let e = WeekModel::new(&w, Travel::Matrix(&m))
            .unwrap_err()
            .to_string();
        assert!(e.contains("link 1") && e.contains(words), "{e}");
    }
}

mod properties {
    use super::super::*;
    use crate::plan::TravelInput;
    use crate::week::replan_week;
    use proptest::prelude::*;
    use tournee_solver::care::CareOptions;

    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// An order: allowed weekdays (bit mask), times (0: fixed days), spacing, window start.
    #[derive(Debug, Clone)]
    struct OrderSpec {
        days: u8,
        times: usize,
        min_days: u32,
        max_days: Option<u32>,
        window_hour: u32,
    }

    fn order_spec() -> impl Strategy<Value = OrderSpec> {
        (
            1u8..128,
            0usize..4,
            1u32..3,
            prop::option::of(2u32..5),
            7u32..11,
        )
            .prop_map(|(days, times, min_days, max_days, window_hour)| OrderSpec {
                days,
                times,
                min_days,
                max_days,
                window_hour,
            })
    }

    /// The week of `orders`, carer `a` with a weekly working-time limit when given (minutes).
    fn week_json(orders: &[OrderSpec], limit: Option<u32>) -> String {
        let limit = limit
            .map(|m| format!(r#", "max_week_working_time_min": {m}"#))
            .unwrap_or_default();
        let orders: Vec<String> = orders
            .iter()
            .enumerate()
            .map(|(k, o)| {
                let days: Vec<String> = (0..7)
                    .filter(|d| o.days & (1 << d) != 0)
                    .map(|d| format!("\"{}\"", WEEKDAYS[d]))
                    .collect();
                let mut fields = format!(
                    r#""id": "o{k}", "patient": "p{}", "location_index": {}, "duration_min": 15,
                       "windows": [["{:02}:00", "{:02}:00"]], "days": [{}]"#,
                    k % 4,
                    1 + k % 3,
                    o.window_hour,
                    o.window_hour + 2,
                    days.join(", ")
                );
                if o.times > 0 {
                    fields += &format!(
                        r#", "times": {}, "min_days_between": {}"#,
                        o.times, o.min_days
                    );
                    if let Some(m) = o.max_days {
                        fields += &format!(r#", "max_days_between": {}"#, m.max(o.min_days));
                    }
                }
                format!("{{{fields}}}")
            })
            .collect();
        format!(
            r#"{{"days": ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10",
                         "2026-12-11", "2026-12-12", "2026-12-13"],
                "carers": [{{"id": "a", "start_index": 0{limit},
                            "shifts": {{"mon": ["07:00", "13:00"], "tue": ["07:00", "13:00"],
                                        "wed": ["07:00", "13:00"], "thu": ["07:00", "13:00"],
                                        "fri": ["07:00", "13:00"]}}}},
                           {{"id": "b", "start_index": 0,
                            "shifts": {{"wed": ["07:00", "13:00"], "sat": ["07:00", "13:00"],
                                        "sun": ["07:00", "13:00"]}}}}],
                "orders": [{}]}}"#,
            orders.join(",\n")
        )
    }

    fn matrix() -> TravelInput {
        let d = |a: usize, b: usize| (a as f64 - b as f64).abs() * 600.0;
        TravelInput::new(
            (0..4).map(|a| (0..4).map(|b| d(a, b)).collect()).collect(),
            (0..4)
                .map(|a| (0..4).map(|b| d(a, b) * 12.0).collect())
                .collect(),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every order expands to one visit per allowed day (fixed) or `times` visits whose
        /// every spaced choice exists (flexible), or is refused naming it; a planned week is
        /// accepted by the checker, every visit once, spacing kept.
        #[test]
        fn weeks_expand_and_plan_within_their_rules(
            orders in prop::collection::vec(order_spec(), 1..6),
            limit in proptest::option::of(30u32..900),
        ) {
            let week = Week::from_json(&week_json(&orders, limit)).unwrap();
            let m = matrix();
            let model = match WeekModel::new(&week, Travel::Matrix(&m)) {
                Ok(model) => model,
                Err(e) => {
                    // Only an order whose frequency no spaced choice of its days allows.
                    let text = e.to_string();
                    prop_assert!(text.contains("order o"), "{text}");
                    return Ok(());
                }
            };
            for (k, o) in orders.iter().enumerate() {
                let occ: Vec<&Occurrence> =
                    model.occurrences.iter().filter(|x| x.order == k).collect();
                let allowed: Vec<usize> = (0..7).filter(|d| o.days & (1 << d) != 0).collect();
                if o.times == 0 {
                    prop_assert_eq!(occ.len(), allowed.len());
                    for (x, d) in occ.iter().zip(&allowed) {
                        prop_assert_eq!(&x.days, &vec![*d]);
                    }
                } else {
                    prop_assert_eq!(occ.len(), o.times);
                    for x in &occ {
                        prop_assert!(x.days.iter().all(|d| allowed.contains(d)));
                    }
                    // The earliest choice keeps the spacing.
                    let s = spacing(&week.orders[k]);
                    let first = earliest_days(&model.horizon, &occ, s);
                    for w in first.windows(2) {
                        prop_assert!(w[1] as i64 - w[0] as i64 >= i64::from(s.min_days));
                        if let Some(mx) = s.max_days {
                            prop_assert!(w[1] as i64 - w[0] as i64 <= i64::from(mx));
                        }
                    }
                }
            }
            let options = WeekOptions {
                care: CareOptions { iterations: Some(20), threads: 1, ..Default::default() },
            };
            for plan in [plan_week_model(&model, &options).unwrap(), plan_day_by_day(&model, &options).unwrap()] {
                prop_assert!(plan.check.valid, "{:?}", plan.check.violations);
                // The weekly limit holds (the checker says so too).
                if let Some(m) = limit {
                    let a = plan.carers.iter().find(|c| c.carer == "a").unwrap();
                    prop_assert!(a.working_min <= f64::from(m) + 0.01, "{} > {m}", a.working_min);
                }
                prop_assert_eq!(plan.totals.visits, model.occurrences.len());
                prop_assert_eq!(plan.totals.served + plan.totals.unassigned, plan.totals.visits);
            }
        }

        /// A random week re-planned from a random day and time with a carer absent: the days
        /// before are as they were, so is every stop before the time on that day, the carer
        /// takes nothing from then on, and no visit is lost.
        #[test]
        fn random_week_replans_keep_the_past(
            orders in prop::collection::vec(order_spec(), 1..5),
            day in 0usize..7,
            minute in (7 * 60u64)..(13 * 60),
            who in 0usize..2,
        ) {
            let week = Week::from_json(&week_json(&orders, None)).unwrap();
            let m = matrix();
            let Ok(model) = WeekModel::new(&week, Travel::Matrix(&m)) else { return Ok(()) };
            let options = WeekOptions {
                care: CareOptions { iterations: Some(20), threads: 1, ..Default::default() },
            };
            let old = plan_week_model(&model, &options).unwrap();
            let carer = ["a", "b"][who];
            let at = format!("{:02}:{:02}", minute / 60, minute % 60);
            let date = old.days[day].date.clone();
            let events = crate::plan::Events {
                events: vec![crate::plan::Event::CarerAbsent { carer: carer.into(), from: at.clone() }],
            };
            let solve = |d: &crate::plan::Day| {
                let built = crate::plan::build_on_matrix(&m, d)?;
                let plan = built.solve(d, &options.care)?;
                Ok((built, plan))
            };
            let new = match replan_week(&old, &date, &at, &events, &crate::plan::ReplanOptions::default(), &solve) {
                Ok(new) => new,
                Err(e) => {
                    // Only a carer who works on no day from that date, or a time outside it.
                    let text = e.to_string();
                    prop_assert!(text.contains("works on no day") || text.contains("outside the day"), "{text}");
                    return Ok(());
                }
            };
            prop_assert_eq!(new.totals.visits, old.totals.visits);
            prop_assert_eq!(new.totals.served + new.totals.unassigned, new.totals.visits);
            let at_s = crate::plan::parse_hhmm(&at).unwrap();
            for (k, (n, o)) in new.days.iter().zip(&old.days).enumerate() {
                if k < day {
                    prop_assert_eq!(&n.plan, &o.plan);
                    continue;
                }
                for r in &o.plan.rounds {
                    let nr = n.plan.rounds.iter().find(|x| x.carer == r.carer).unwrap();
                    for s in r.stops.iter().filter(|s| k == day && s.start_s < at_s) {
                        prop_assert!(nr.stops.iter().any(|x| x.id == s.id && (x.start_s - s.start_s).abs() < 1e-6), "{} {}", n.date, s.id);
                    }
                    if r.carer == carer {
                        let limit = if k == day { at_s } else { 0.0 };
                        for s in nr.stops.iter().filter(|s| s.kind == tournee_solver::care::StopKind::Visit) {
                            prop_assert!(s.start_s < limit, "{} works on {} at {}", carer, n.date, s.start);
                        }
                    }
                }
            }
        }
    }
}
