//! Properties of the home-care engine, judged by the independent checker
//! [`check_plan`](tournee_solver::care::check_plan):
//! - random valid days (with links, windows, skills, breaks, equipment, reload depots and
//!   shipments) are planned without breaking any rule, and every visit is served once or
//!   reported left out with a cause; reload stops, shipments and loads per trip are also
//!   checked here, apart from the checker;
//! - random invalid days give a [`CareError`], never a panic;
//! - each kind of bad input gives its error, naming the offending item;
//! - each kind of visit that cannot be served is reported with its cause.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;
use tournee_solver::care::*;

const SKILLS: [&str; 3] = ["nurse", "aide", "psad"];

fn skills_of(mask: u8) -> Vec<String> {
    (0..SKILLS.len())
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| SKILLS[i].to_string())
        .collect()
}

/// A carer before it is tied to the day.
#[derive(Clone, Debug)]
struct CarerSpec {
    skills: u8,
    start: Index,
    end: Index,
    open: f64,
    length: f64,
    /// Break: where its window opens in the shift (a fraction of the room left), window
    /// width, duration.
    brk: Option<(f64, f64, f64)>,
    max_overtime: f64,
    max_working_time: Option<f64>,
    capacity: Option<i64>,
    /// Reload depots: first place, a second place, duration, most stops, and the van's
    /// capacity (small, so that reloading matters; it replaces `capacity`).
    depots: Option<DepotSpec>,
}

/// Reload depots of a carer before they are tied to the day.
type DepotSpec = (Index, Option<Index>, f64, usize, i64);

/// A visit before it is tied to the day.
#[derive(Clone, Debug)]
struct VisitSpec {
    place: Index,
    duration: f64,
    open: f64,
    width: f64,
    /// A second window: gap after the first closes, width.
    second: Option<(f64, f64)>,
    /// Soft lateness with this weight.
    soft: Option<f64>,
    skills: u8,
    priority: f64,
    preferred: Option<Index>,
    refused: Option<Index>,
    pinned_carer: Option<Index>,
    /// Pinned start, as a fraction of the first window.
    pinned_start: Option<f64>,
    delivery: i64,
    pickup: i64,
    /// Announced times (a re-plan): offset of the opening in the first window, width.
    announced: Option<(f64, f64)>,
    /// Earliest start, as an offset from the first window's opening.
    not_before: Option<f64>,
}

/// A link before it is tied to the day: first, second, kind, two carers.
type LinkSpec = (Index, Index, u8, bool);

/// A shipment before it is tied to the day: pickup visit, delivery visit, load.
type ShipmentSpec = (Index, Index, i64);

#[derive(Clone, Debug)]
struct DaySpec {
    places: Vec<(f64, f64)>,
    /// Whole travel times (else fractional).
    whole: bool,
    carers: Vec<CarerSpec>,
    visits: Vec<VisitSpec>,
    links: Vec<LinkSpec>,
    shipments: Vec<ShipmentSpec>,
    weights: u8,
}

fn carer_spec() -> impl Strategy<Value = CarerSpec> {
    (
        (
            1u8..8,
            any::<Index>(),
            any::<Index>(),
            0.0..120.0f64,
            300.0..600.0f64,
        ),
        (
            proptest::option::weighted(0.5, (0.0..1.0f64, 20.0..120.0f64, 10.0..40.0f64)),
            prop_oneof![Just(0.0), 10.0..90.0f64],
            proptest::option::weighted(0.2, 250.0..600.0f64),
            proptest::option::weighted(0.4, 1i64..5),
            proptest::option::weighted(
                0.35,
                (
                    any::<Index>(),
                    proptest::option::weighted(0.5, any::<Index>()),
                    prop_oneof![Just(0.0), 1.0..20.0f64],
                    1usize..=3,
                    1i64..4,
                ),
            ),
        ),
    )
        .prop_map(
            |((skills, start, end, open, length), (brk, max_overtime, mwt, capacity, depots))| {
                CarerSpec {
                    skills,
                    start,
                    end,
                    open: open.round(),
                    length: length.round(),
                    brk: brk.map(|(a, b, c)| (a, b.round(), c.round())),
                    max_overtime: max_overtime.round(),
                    max_working_time: mwt.map(f64::round),
                    capacity,
                    depots: depots.map(|(a, b, d, n, c)| (a, b, d.round(), n, c)),
                }
            },
        )
}

fn visit_spec() -> impl Strategy<Value = VisitSpec> {
    (
        (
            any::<Index>(),
            5.0..45.0f64,
            0.0..550.0f64,
            15.0..200.0f64,
            proptest::option::weighted(0.3, (10.0..150.0f64, 15.0..100.0f64)),
            proptest::option::weighted(0.5, prop_oneof![Just(1.0), 0.0..3.0f64]),
            prop_oneof![3 => Just(0u8), 2 => 1u8..8],
            prop_oneof![Just(1.0), 1.0..4.0f64],
        ),
        (
            proptest::option::weighted(0.3, any::<Index>()),
            proptest::option::weighted(0.15, any::<Index>()),
            proptest::option::weighted(0.08, any::<Index>()),
            proptest::option::weighted(0.08, 0.0..1.0f64),
            prop_oneof![3 => Just(0i64), 1 => 1i64..4],
            prop_oneof![3 => Just(0i64), 1 => 1i64..4],
        ),
        (
            proptest::option::weighted(0.15, (0.0..1.0f64, 0.0..40.0f64)),
            proptest::option::weighted(0.1, 0.0..120.0f64),
        ),
    )
        .prop_map(
            |(
                (place, duration, open, width, second, soft, skills, priority),
                (preferred, refused, pinned_carer, pinned_start, delivery, pickup),
                (announced, not_before),
            )| VisitSpec {
                place,
                duration: duration.round(),
                open: open.round(),
                width: width.round(),
                second: second.map(|(g, w)| (g.round(), w.round())),
                soft,
                skills,
                priority,
                preferred,
                refused,
                pinned_carer,
                pinned_start,
                delivery,
                pickup,
                announced: announced.map(|(o, w)| (o, w.round())),
                not_before: not_before.map(f64::round),
            },
        )
}

fn day_spec() -> impl Strategy<Value = DaySpec> {
    (
        proptest::collection::vec((0.0..60.0f64, 0.0..60.0f64), 2..12),
        any::<bool>(),
        proptest::collection::vec(carer_spec(), 2..=6),
        proptest::collection::vec(visit_spec(), 5..=30),
        proptest::collection::vec(
            (any::<Index>(), any::<Index>(), 0u8..4, any::<bool>()),
            0..7,
        ),
        proptest::collection::vec((any::<Index>(), any::<Index>(), 1i64..4), 0..5),
        0u8..3,
    )
        .prop_map(
            |(places, whole, carers, visits, links, shipments, weights)| DaySpec {
                places,
                whole,
                carers,
                visits,
                links,
                shipments,
                weights,
            },
        )
}

/// Builds a valid problem from the specification (links that would be invalid are skipped).
fn build(d: &DaySpec) -> CareProblem {
    let n = d.places.len();
    let mut time = Vec::with_capacity(n * n);
    let mut distance = Vec::with_capacity(n * n);
    for a in &d.places {
        for b in &d.places {
            let t = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
            let t = if d.whole { t.round() } else { t };
            time.push(t);
            distance.push(t * 13.0 / 10.0);
        }
    }
    let travel = TravelMatrix::new(n, time, distance).unwrap();
    let carers: Vec<Carer> = d
        .carers
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let shift = Window {
                open: s.open,
                close: s.open + s.length,
            };
            let skills: Vec<&str> = skills_of(s.skills)
                .iter()
                .map(|x| SKILLS.iter().find(|y| *y == x).copied().unwrap())
                .collect();
            let mut c = Carer::new(&format!("c{k}"), &skills, shift, s.start.index(n));
            c.end_place = s.end.index(n);
            if let Some((at, width, duration)) = s.brk {
                // The break fits in the shift, with the way home (≤ 85) after it: a break that
                // cannot be taken in time makes the day infeasible whatever the plan (see
                // `break_that_cannot_fit_in_the_shift_is_an_error`).
                let room = (s.length - width - duration - 90.0).max(0.0);
                let at = (at * room).round();
                c.breaks.push(Break {
                    id: "lunch".into(),
                    duration,
                    window: Window {
                        open: s.open + at,
                        close: s.open + at + width,
                    },
                });
            }
            c.max_overtime = s.max_overtime;
            c.max_working_time = s.max_working_time;
            c.capacity = s.capacity.map(|x| vec![x]).unwrap_or_default();
            // Some carers cost per working time (a week's fairness).
            c.working_cost = if k % 3 == 1 { 0.5 } else { 0.0 };
            if let Some((first, second, duration, max_stops, capacity)) = &s.depots {
                let mut places = vec![first.index(n)];
                places.extend(second.map(|i| i.index(n)).filter(|&q| q != places[0]));
                c.depots = Some(Depots {
                    places,
                    duration: *duration,
                    max_stops: *max_stops,
                });
                c.capacity = vec![*capacity];
            }
            c
        })
        .collect();
    let nc = carers.len();
    let carer_id = |i: &Index| carers[i.index(nc)].id.clone();
    let visits: Vec<Visit> = d
        .visits
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let first = Window {
                open: s.open,
                close: s.open + s.width,
            };
            let mut v = Visit::new(&format!("v{i}"), s.place.index(n), s.duration, first);
            if let Some((gap, width)) = s.second {
                let open = first.close + gap;
                v.windows.push(Window {
                    open,
                    close: open + width,
                });
            }
            v.patient = Some(format!("p{}", s.place.index(n)));
            if let Some(weight) = s.soft {
                v.lateness = Lateness::Soft { weight };
            }
            v.skills = skills_of(s.skills);
            v.priority = s.priority;
            v.preferred_carers = s.preferred.iter().map(carer_id).collect();
            v.refused_carers = s.refused.iter().map(carer_id).collect();
            v.pinned_carer = s.pinned_carer.as_ref().map(carer_id);
            v.pinned_start = s.pinned_start.map(|f| (first.open + f * s.width).round());
            if s.delivery > 0 {
                v.delivery = vec![s.delivery];
            }
            if s.pickup > 0 {
                v.pickup = vec![s.pickup];
            }
            if let Some((offset, width)) = s.announced {
                let open = (first.open + offset * s.width).round();
                v.announced = Some(Window {
                    open,
                    close: open + width,
                });
            }
            v.not_before = s.not_before.map(|d| first.open + d);
            v
        })
        .collect();
    let nv = visits.len();
    let mut links = Vec::new();
    let mut doubled = vec![false; nv];
    for (a, b, kind, distinct) in &d.links {
        let (a, b) = (a.index(nv), b.index(nv));
        if a == b || (*distinct && (doubled[a] || doubled[b])) {
            continue;
        }
        if *distinct {
            doubled[a] = true;
            doubled[b] = true;
        }
        let kind = match kind {
            0 => LinkKind::Simultaneous,
            1 => LinkKind::StartGap {
                min: 10.0,
                max: 60.0,
            },
            2 => LinkKind::StartGap {
                min: 0.0,
                max: f64::INFINITY,
            },
            _ => LinkKind::StartGap {
                min: 180.0,
                max: f64::INFINITY,
            },
        };
        links.push(Link {
            first: visits[a].id.clone(),
            second: visits[b].id.clone(),
            kind,
            distinct_carers: *distinct,
        });
    }
    // A visit is in at most one shipment and in none if double-staffed.
    let mut shipped = doubled;
    let mut shipments = Vec::new();
    for (a, b, load) in &d.shipments {
        let (a, b) = (a.index(nv), b.index(nv));
        if a == b || shipped[a] || shipped[b] {
            continue;
        }
        shipped[a] = true;
        shipped[b] = true;
        shipments.push(Shipment {
            pickup: visits[a].id.clone(),
            delivery: visits[b].id.clone(),
            load: vec![*load],
        });
    }
    let weights = match d.weights {
        0 => Weights::home_care(),
        1 => Weights::hhcrsp(),
        _ => Weights {
            unassigned: 1e5,
            travel_time: 1.0,
            distance: 0.5,
            total_lateness: 3.0,
            max_lateness: 2.0,
            continuity: 40.0,
            overtime: 5.0,
            moved: 300.0,
            moved_late: 0.5,
        },
    };
    CareProblem {
        travel,
        carers,
        visits,
        links,
        shipments,
        weights,
    }
}

fn config() -> Config {
    Config {
        // `CARE_PROPERTY_CASES=5000` for a deeper run.
        cases: std::env::var("CARE_PROPERTY_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(128),
        max_shrink_iters: 400,
        // Failing cases are written into this file as plain tests instead.
        failure_persistence: None,
        ..Config::default()
    }
}

/// Solves and checks; the shared body of the property and of the regression tests.
fn solve_and_check(
    p: &CareProblem,
    iterations: u64,
    threads: usize,
    seed: u64,
) -> Result<(), String> {
    let options = CareOptions {
        iterations: Some(iterations),
        threads,
        seed,
        ..Default::default()
    };
    let plan = solve_care(p, &options).map_err(|e| format!("rejected a valid day: {e}"))?;
    let check = check_plan(p, &plan);
    if !check.valid {
        return Err(format!(
            "violations: {:#?}\nplan: {plan:#?}",
            check.violations
        ));
    }
    if !plan.feasible {
        return Err("plan reports itself infeasible".into());
    }
    let served: usize = plan
        .rounds
        .iter()
        .flat_map(|r| &r.stops)
        .filter(|s| s.kind == StopKind::Visit)
        .count();
    if served + plan.unassigned.len() != p.visits.len() {
        return Err(format!(
            "{served} served + {} left out for {} visits",
            plan.unassigned.len(),
            p.visits.len()
        ));
    }
    reloads_shipments_and_loads(p, &plan).map_err(|e| format!("{e}\nplan: {plan:#?}"))
}

/// The reload and shipment rules, judged here apart from the checker: each visit served at
/// most once; reload stops only at the carer's depots, at most `max_stops` per round; both
/// visits of a shipment served by one carer, pickup first, or both left out; on each trip (from
/// the start or a reload stop to the next reload stop or the end) the van leaves with the
/// trip's deliveries and the shipments on board, and never carries more than its capacity.
fn reloads_shipments_and_loads(p: &CareProblem, plan: &CareSolution) -> Result<(), String> {
    let visit = |id: &str| p.visits.iter().position(|v| v.id == id).unwrap();
    // Visit → (carer, position in the round).
    let mut at: Vec<Option<(usize, usize)>> = vec![None; p.visits.len()];
    for (k, r) in plan.rounds.iter().enumerate() {
        let carer = &p.carers[k];
        let reloads: Vec<usize> = r
            .stops
            .iter()
            .filter(|s| s.kind == StopKind::Reload)
            .map(|s| s.place)
            .collect();
        let (places, max_stops) = carer
            .depots
            .as_ref()
            .map_or((&[][..], 0), |d| (&d.places[..], d.max_stops));
        if reloads.len() > max_stops {
            return Err(format!(
                "carer {}: {} reload stops, at most {max_stops}",
                carer.id,
                reloads.len()
            ));
        }
        if let Some(q) = reloads.iter().find(|q| !places.contains(q)) {
            return Err(format!("carer {}: reload at {q}, not a depot", carer.id));
        }
        for (i, s) in r.stops.iter().enumerate() {
            if s.kind == StopKind::Visit {
                let v = visit(&s.id);
                if at[v].is_some() {
                    return Err(format!("visit {} served twice", s.id));
                }
                at[v] = Some((k, i));
            }
        }
    }
    for s in &p.shipments {
        match (at[visit(&s.pickup)], at[visit(&s.delivery)]) {
            (None, None) => {}
            (Some((a, i)), Some((b, j))) if a == b && i < j => {}
            (x, y) => {
                return Err(format!(
                    "shipment {} → {}: served at {x:?} and {y:?} (carer, stop)",
                    s.pickup, s.delivery
                ))
            }
        }
    }
    let shipped = |v: usize| -> i64 {
        let id = &p.visits[v].id;
        p.shipments
            .iter()
            .map(|s| {
                if &s.pickup == id {
                    s.load[0]
                } else if &s.delivery == id {
                    -s.load[0]
                } else {
                    0
                }
            })
            .sum()
    };
    let first = |x: &[i64]| x.first().copied().unwrap_or(0);
    for (k, r) in plan.rounds.iter().enumerate() {
        let Some(&capacity) = p.carers[k].capacity.first() else {
            continue;
        };
        let mut on_board = 0; // shipments, kept across reloads
        for trip in r.stops.split(|s| s.kind == StopKind::Reload) {
            let trip: Vec<usize> = trip
                .iter()
                .filter(|s| s.kind == StopKind::Visit)
                .map(|s| visit(&s.id))
                .collect();
            let mut load = on_board
                + trip
                    .iter()
                    .map(|&v| first(&p.visits[v].delivery))
                    .sum::<i64>();
            for v in std::iter::once(None).chain(trip.iter().map(Some)) {
                if let Some(&v) = v {
                    let x = &p.visits[v];
                    load += first(&x.pickup) - first(&x.delivery) + shipped(v);
                    on_board += shipped(v);
                }
                if load > capacity {
                    return Err(format!(
                        "carer {}: {load} on board (capacity {capacity}) at {v:?}",
                        p.carers[k].id
                    ));
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    /// A random valid day is planned without breaking any rule.
    #[test]
    fn random_days_give_valid_plans(
        d in day_spec(),
        iterations in 10u64..150,
        threads in 1usize..=2,
        seed in any::<u64>(),
    ) {
        let p = build(&d);
        if let Err(e) = solve_and_check(&p, iterations, threads, seed) {
            prop_assert!(false, "{}\nproblem: {:#?}", e, p);
        }
    }

    /// A random invalid change to a valid day gives an error, never a panic.
    #[test]
    fn invalid_days_give_errors(d in day_spec(), kind in 0usize..26, at in any::<Index>()) {
        let mut p = build(&d);
        let what = mutate(&mut p, kind, &at);
        let options = CareOptions { iterations: Some(50), ..Default::default() };
        let result = solve_care(&p, &options);
        prop_assert!(result.is_err(), "{} was accepted", what);
    }
}

/// Breaks `p` in one way (`kind`); returns what was done.
fn mutate(p: &mut CareProblem, kind: usize, at: &Index) -> String {
    let nv = p.visits.len();
    let nc = p.carers.len();
    let v = at.index(nv);
    let k = at.index(nc);
    let size = p.travel.size();
    match kind {
        0 => p.visits[v].duration = -1.0,
        1 => p.weights.travel_time = f64::NAN,
        2 => p.visits[v].place = size + v,
        3 => p.visits[v].preferred_carers.push("ghost".into()),
        4 => p.visits[v].refused_carers.push("ghost".into()),
        5 => p.visits[v].pinned_carer = Some("ghost".into()),
        6 => {
            p.visits[v].windows = vec![Window {
                open: 100.0,
                close: 50.0,
            }]
        }
        7 => p.visits[(v + 1) % nv].id = p.visits[v].id.clone(),
        8 => p.carers[(k + 1) % nc].id = p.carers[k].id.clone(),
        9 => p.links.push(Link {
            first: p.visits[v].id.clone(),
            second: "ghost".into(),
            kind: LinkKind::Simultaneous,
            distinct_carers: false,
        }),
        10 => p.links.push(Link {
            first: p.visits[v].id.clone(),
            second: p.visits[v].id.clone(),
            kind: LinkKind::Simultaneous,
            distinct_carers: false,
        }),
        11 => {
            p.carers[k].capacity = vec![5];
            p.visits[v].delivery = vec![1, 1];
        }
        12 => p.carers.clear(),
        13 => p.carers[k].start_place = size,
        14 => p.carers[k].breaks.push(Break {
            id: "extra".into(),
            duration: -5.0,
            window: Window {
                open: 0.0,
                close: 10.0,
            },
        }),
        15 => {
            p.carers[k].shift = Window {
                open: 100.0,
                close: 0.0,
            }
        }
        16 => p.visits[v].priority = f64::NAN,
        17 => p.links.push(Link {
            first: p.visits[v].id.clone(),
            second: p.visits[(v + 1) % nv].id.clone(),
            kind: LinkKind::StartGap {
                min: 30.0,
                max: 10.0,
            },
            distinct_carers: false,
        }),
        18 => p.visits[v].pickup = vec![-1],
        19 => {
            p.carers[k].depots = Some(Depots {
                places: vec![0, size],
                duration: 5.0,
                max_stops: 1,
            })
        }
        20 => {
            p.carers[k].depots = Some(Depots {
                places: vec![0],
                duration: -1.0,
                max_stops: 2,
            })
        }
        21 => p.shipments.push(Shipment {
            pickup: p.visits[v].id.clone(),
            delivery: "ghost".into(),
            load: vec![1],
        }),
        22 => p.shipments.push(Shipment {
            pickup: p.visits[v].id.clone(),
            delivery: p.visits[v].id.clone(),
            load: vec![1],
        }),
        23 => p.shipments.push(Shipment {
            pickup: p.visits[v].id.clone(),
            delivery: p.visits[(v + 1) % nv].id.clone(),
            load: vec![-2],
        }),
        24 => {
            // One visit in two shipments.
            for other in [v + 1, v + 2] {
                p.shipments.push(Shipment {
                    pickup: p.visits[v].id.clone(),
                    delivery: p.visits[other % nv].id.clone(),
                    load: vec![1],
                });
            }
        }
        _ => {
            // A shipment on a double-staffed visit.
            p.links.push(Link {
                first: p.visits[v].id.clone(),
                second: p.visits[(v + 1) % nv].id.clone(),
                kind: LinkKind::Simultaneous,
                distinct_carers: true,
            });
            p.shipments.push(Shipment {
                pickup: p.visits[(v + 2) % nv].id.clone(),
                delivery: p.visits[v].id.clone(),
                load: vec![1],
            });
        }
    }
    format!("mutation {kind} (visit {v}, carer {k})")
}

// ---------------------------------------------------------------------------------------
// Bad input: each error names the offending item.

/// Two carers with the nurse skill, three patients on a line, 10 apart.
fn small() -> CareProblem {
    let t: Vec<Vec<f64>> = (0..4)
        .map(|i| (0..4).map(|j| 10.0 * (i as f64 - j as f64).abs()).collect())
        .collect();
    let shift = Window {
        open: 0.0,
        close: 480.0,
    };
    let window = |open: f64| Window {
        open,
        close: open + 120.0,
    };
    CareProblem {
        travel: TravelMatrix::from_rows(&t, None).unwrap(),
        carers: vec![
            Carer::new("ann", &["nurse"], shift, 0),
            Carer::new("bob", &["nurse"], shift, 0),
        ],
        visits: vec![
            Visit::new("v1", 1, 20.0, window(0.0)),
            Visit::new("v2", 2, 20.0, window(60.0)),
            Visit::new("v3", 3, 20.0, window(120.0)),
        ],
        links: vec![],
        shipments: Vec::new(),
        weights: Weights::home_care(),
    }
}

fn error_of(p: &CareProblem) -> CareError {
    let options = CareOptions {
        iterations: Some(100),
        ..Default::default()
    };
    match solve_care(p, &options) {
        Err(e) => e,
        Ok(_) => panic!("bad input accepted"),
    }
}

/// Asserts the error's message names `id`.
fn names(e: &CareError, id: &str) {
    let text = e.to_string();
    assert!(text.contains(id), "{text:?} does not name {id:?}");
}

#[test]
fn the_small_day_is_valid() {
    solve_and_check(&small(), 500, 1, 1).unwrap();
}

#[test]
fn duplicate_visit_id() {
    let mut p = small();
    p.visits[2].id = "v1".into();
    let e = error_of(&p);
    assert!(
        matches!(&e, CareError::DuplicateId { kind: "visit", .. }),
        "{e:?}"
    );
    names(&e, "v1");
}

#[test]
fn duplicate_carer_id() {
    let mut p = small();
    p.carers[1].id = "ann".into();
    let e = error_of(&p);
    assert!(
        matches!(&e, CareError::DuplicateId { kind: "carer", .. }),
        "{e:?}"
    );
    names(&e, "ann");
}

#[test]
fn duplicate_break_id() {
    let mut p = small();
    let b = Break {
        id: "lunch".into(),
        duration: 30.0,
        window: Window {
            open: 200.0,
            close: 260.0,
        },
    };
    p.carers[1].breaks = vec![b.clone(), b];
    let e = error_of(&p);
    assert!(
        matches!(&e, CareError::DuplicateId { kind: "break", .. }),
        "{e:?}"
    );
    names(&e, "lunch");
    names(&e, "bob");
}

#[test]
fn visit_place_outside_the_matrix() {
    let mut p = small();
    p.visits[1].place = 9;
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::PlaceOutOfRange {
                place: 9,
                size: 4,
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "v2");
}

#[test]
fn carer_place_outside_the_matrix() {
    let mut p = small();
    p.carers[1].end_place = 4;
    let e = error_of(&p);
    assert!(
        matches!(&e, CareError::PlaceOutOfRange { place: 4, .. }),
        "{e:?}"
    );
    names(&e, "bob");
}

#[test]
fn window_closing_before_opening() {
    let mut p = small();
    p.visits[2].windows = vec![Window {
        open: 100.0,
        close: 90.0,
    }];
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadWindow { .. }), "{e:?}");
    names(&e, "v3");
}

#[test]
fn windows_out_of_order() {
    let mut p = small();
    p.visits[0].windows.push(Window {
        open: 10.0,
        close: 20.0,
    });
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadWindow { .. }), "{e:?}");
    names(&e, "v1");
}

#[test]
fn shift_closing_before_opening() {
    let mut p = small();
    p.carers[0].shift = Window {
        open: 100.0,
        close: 50.0,
    };
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadWindow { .. }), "{e:?}");
    names(&e, "ann");
}

#[test]
fn break_window_closing_before_opening() {
    let mut p = small();
    p.carers[0].breaks.push(Break {
        id: "coffee".into(),
        duration: 10.0,
        window: Window {
            open: 100.0,
            close: 50.0,
        },
    });
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadWindow { .. }), "{e:?}");
    names(&e, "coffee");
}

#[test]
fn unknown_carers() {
    for field in ["preferred_carers", "refused_carers", "pinned_carer"] {
        let mut p = small();
        let v = &mut p.visits[1];
        match field {
            "preferred_carers" => v.preferred_carers.push("zoe".into()),
            "refused_carers" => v.refused_carers.push("zoe".into()),
            _ => v.pinned_carer = Some("zoe".into()),
        }
        let e = error_of(&p);
        assert!(
            matches!(&e, CareError::UnknownCarer { field: f, .. } if *f == field),
            "{e:?}"
        );
        names(&e, "zoe");
        names(&e, "v2");
    }
}

#[test]
fn link_to_an_unknown_visit() {
    let mut p = small();
    p.links.push(Link {
        first: "v1".into(),
        second: "v9".into(),
        kind: LinkKind::Simultaneous,
        distinct_carers: true,
    });
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadLink { index: 0, .. }), "{e:?}");
    names(&e, "v9");
}

#[test]
fn link_to_itself() {
    let mut p = small();
    p.links.push(Link {
        first: "v2".into(),
        second: "v2".into(),
        kind: LinkKind::Simultaneous,
        distinct_carers: false,
    });
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadLink { index: 0, .. }), "{e:?}");
    names(&e, "v2");
}

#[test]
fn link_gap_not_a_range() {
    let mut p = small();
    p.links.push(Link {
        first: "v1".into(),
        second: "v3".into(),
        kind: LinkKind::StartGap {
            min: 60.0,
            max: 30.0,
        },
        distinct_carers: false,
    });
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadLink { index: 0, .. }), "{e:?}");
    names(&e, "v1");
    names(&e, "v3");
}

#[test]
fn visit_double_staffed_twice() {
    let mut p = small();
    for other in ["v2", "v3"] {
        p.links.push(Link {
            first: "v1".into(),
            second: other.into(),
            kind: LinkKind::Simultaneous,
            distinct_carers: true,
        });
    }
    let e = error_of(&p);
    assert!(matches!(&e, CareError::BadLink { index: 1, .. }), "{e:?}");
    names(&e, "v1");
}

#[test]
fn load_dimensions_mismatch() {
    let mut p = small();
    p.carers[0].capacity = vec![4, 2];
    p.visits[1].delivery = vec![1];
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::LoadDimensions {
                field: "delivery",
                found: 1,
                expected: 2,
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "v2");
}

#[test]
fn negative_duration() {
    let mut p = small();
    p.visits[2].duration = -5.0;
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::BadNumber {
                field: "duration",
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "v3");
}

#[test]
fn negative_load() {
    let mut p = small();
    p.visits[0].pickup = vec![-1];
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::BadNumber {
                field: "pickup",
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "v1");
}

#[test]
fn bad_carer_numbers() {
    let mut p = small();
    p.carers[1].max_overtime = f64::INFINITY;
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::BadNumber {
                field: "max_overtime",
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "bob");
    let mut p = small();
    p.carers[0].max_working_time = Some(-1.0);
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::BadNumber {
                field: "max_working_time",
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "ann");
}

#[test]
fn nan_weight() {
    let mut p = small();
    p.weights.continuity = f64::NAN;
    let e = error_of(&p);
    assert!(
        matches!(
            &e,
            CareError::BadWeight {
                field: "continuity",
                ..
            }
        ),
        "{e:?}"
    );
    names(&e, "continuity");
}

#[test]
fn no_carer() {
    let mut p = small();
    p.carers.clear();
    assert_eq!(error_of(&p), CareError::NoCarer);
}

#[test]
fn matrix_shape_and_values() {
    let e = TravelMatrix::new(2, vec![0.0; 3], vec![0.0; 4]).unwrap_err();
    assert!(
        matches!(
            &e,
            CareError::MatrixShape {
                matrix: "time",
                expected: 4,
                found: 3
            }
        ),
        "{e:?}"
    );
    names(&e, "time");
    let e = TravelMatrix::from_rows(&[vec![0.0, 1.0], vec![1.0]], None).unwrap_err();
    assert!(
        matches!(
            &e,
            CareError::MatrixRow {
                row: 1,
                found: 1,
                expected: 2,
                ..
            }
        ),
        "{e:?}"
    );
    let rows = [vec![0.0, 1.0], vec![1.0, 0.0]];
    let e = TravelMatrix::from_rows(&rows, Some(&rows[..1])).unwrap_err();
    assert!(
        matches!(
            &e,
            CareError::MatrixShape {
                matrix: "distance",
                ..
            }
        ),
        "{e:?}"
    );
    let e = TravelMatrix::new(2, vec![0.0, 1.0, f64::NAN, 0.0], vec![0.0; 4]).unwrap_err();
    assert!(
        matches!(&e, CareError::MatrixValue { from: 1, to: 0, .. }),
        "{e:?}"
    );
    let e = TravelMatrix::new(2, vec![0.0; 4], vec![0.0, -1.0, 1.0, 0.0]).unwrap_err();
    assert!(
        matches!(
            &e,
            CareError::MatrixValue {
                matrix: "distance",
                from: 0,
                to: 1,
                ..
            }
        ),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Visits that cannot be served are reported with their cause.

fn plan_of(p: &CareProblem) -> CareSolution {
    let options = CareOptions {
        iterations: Some(200),
        ..Default::default()
    };
    let plan = solve_care(p, &options).unwrap();
    let check = check_plan(p, &plan);
    assert!(check.valid, "{:#?}", check.violations);
    assert!(plan.feasible);
    plan
}

fn cause(plan: &CareSolution, visit: &str) -> UnassignedCause {
    plan.unassigned
        .iter()
        .find(|u| u.visit == visit)
        .unwrap_or_else(|| panic!("{visit} is not left out: {plan:#?}"))
        .cause
        .clone()
}

fn served(plan: &CareSolution) -> usize {
    plan.rounds
        .iter()
        .flat_map(|r| &r.stops)
        .filter(|s| s.kind == StopKind::Visit)
        .count()
}

#[test]
fn skill_nobody_has() {
    let mut p = small();
    p.visits[1].skills = vec!["nurse".into(), "physio".into()];
    let plan = plan_of(&p);
    assert_eq!(
        cause(&plan, "v2"),
        UnassignedCause::UnknownSkill {
            skills: vec!["physio".into()]
        }
    );
    assert_eq!(served(&plan), 2);
}

#[test]
fn skills_not_held_together() {
    let mut p = small();
    p.carers[1].skills = vec!["aide".into()];
    p.visits[1].skills = vec!["nurse".into(), "aide".into()];
    let plan = plan_of(&p);
    assert!(matches!(
        cause(&plan, "v2"),
        UnassignedCause::NoCarerWithSkills { .. }
    ));
}

#[test]
fn every_skilled_carer_refused() {
    let mut p = small();
    p.visits[0].refused_carers = vec!["ann".into(), "bob".into()];
    let plan = plan_of(&p);
    assert_eq!(cause(&plan, "v1"), UnassignedCause::AllCarersRefused);
}

#[test]
fn pinned_carer_lacking_the_skill() {
    let mut p = small();
    p.carers[1].skills.clear();
    p.visits[2].skills = vec!["nurse".into()];
    p.visits[2].pinned_carer = Some("bob".into());
    let plan = plan_of(&p);
    assert_eq!(
        cause(&plan, "v3"),
        UnassignedCause::PinnedCarerCannot {
            carer: "bob".into()
        }
    );
}

#[test]
fn window_closed_before_anyone_arrives() {
    let mut p = small();
    // Place 3 is 30 away from the office; the shift opens at 0.
    p.visits[2].windows = vec![Window {
        open: 0.0,
        close: 20.0,
    }];
    let plan = plan_of(&p);
    assert_eq!(cause(&plan, "v3"), UnassignedCause::WindowUnreachable);
}

#[test]
fn pinned_time_nobody_can_keep() {
    let mut p = small();
    p.visits[2].pinned_start = Some(10.0);
    let plan = plan_of(&p);
    assert_eq!(cause(&plan, "v3"), UnassignedCause::PinnedTimeUnreachable);
}

#[test]
fn double_visit_with_a_single_eligible_carer() {
    let mut p = small();
    p.visits[0].refused_carers = vec!["bob".into()];
    p.visits[1].refused_carers = vec!["bob".into()];
    p.links.push(Link {
        first: "v1".into(),
        second: "v2".into(),
        kind: LinkKind::Simultaneous,
        distinct_carers: true,
    });
    let plan = plan_of(&p);
    assert_eq!(cause(&plan, "v1"), UnassignedCause::NoDoubleStaffing);
    assert_eq!(cause(&plan, "v2"), UnassignedCause::NoDoubleStaffing);
    assert_eq!(served(&plan), 1);
}

#[test]
fn double_visit_whose_partner_cannot_be_served() {
    let mut p = small();
    p.visits[1].skills = vec!["physio".into()];
    p.links.push(Link {
        first: "v1".into(),
        second: "v2".into(),
        kind: LinkKind::Simultaneous,
        distinct_carers: true,
    });
    let plan = plan_of(&p);
    assert!(matches!(
        cause(&plan, "v2"),
        UnassignedCause::UnknownSkill { .. }
    ));
    assert_eq!(
        cause(&plan, "v1"),
        UnassignedCause::PartnerCannotBeServed { visit: "v2".into() }
    );
}

#[test]
fn equipment_bigger_than_every_van() {
    let mut p = small();
    p.carers[0].capacity = vec![2];
    p.carers[1].capacity = vec![3];
    p.visits[1].delivery = vec![4];
    p.visits[2].delivery = vec![3];
    let plan = plan_of(&p);
    assert_eq!(cause(&plan, "v2"), UnassignedCause::CapacityExceeded);
    assert_eq!(served(&plan), 2);
    // The other delivery fits only in bob's van.
    let bob = &plan.rounds[1];
    assert!(bob.stops.iter().any(|s| s.id == "v3"));
}

#[test]
fn a_double_visit_and_linked_visits_are_served_together() {
    let mut p = small();
    p.links.push(Link {
        first: "v1".into(),
        second: "v2".into(),
        kind: LinkKind::Simultaneous,
        distinct_carers: true,
    });
    p.links.push(Link {
        first: "v2".into(),
        second: "v3".into(),
        kind: LinkKind::StartGap {
            min: 150.0,
            max: f64::INFINITY,
        },
        distinct_carers: false,
    });
    let plan = plan_of(&p);
    assert!(plan.unassigned.is_empty(), "{plan:#?}");
    let start = |id: &str| {
        plan.rounds
            .iter()
            .flat_map(|r| &r.stops)
            .find(|s| s.id == id)
            .unwrap()
            .start
    };
    assert_eq!(start("v1"), start("v2"));
    assert!(start("v3") >= start("v2") + 150.0);
}

// ---------------------------------------------------------------------------------------
// Engine findings of the checker, kept as regression tests.

/// Continuity breaks are reported whatever the weights (the engine used to report them only
/// when they cost something, so none with `Weights::hhcrsp()`).
#[test]
fn continuity_breaks_are_reported_with_a_zero_weight() {
    let mut p = small();
    p.weights = Weights::hhcrsp();
    p.visits[1].preferred_carers = vec!["ann".into()];
    p.visits[1].refused_carers = vec!["ann".into()];
    let plan = plan_of(&p);
    assert_eq!(plan.cost.continuity_breaks, 1);
    let v2 = plan.rounds[1].stops.iter().find(|s| s.id == "v2").unwrap();
    assert!(v2.continuity_break);
}

/// `CareCost::total_lateness` is the unweighted sum, as documented; the cost uses the
/// visits' lateness weights (the engine used to report the weighted sum).
#[test]
fn total_lateness_is_reported_unweighted() {
    let mut p = small();
    p.carers.truncate(1);
    // v1 and v2 both at 30, 20 long, 10 apart: one of them is late.
    for (v, weight) in p.visits.iter_mut().zip([3.0, 3.0]) {
        v.windows = vec![Window {
            open: 30.0,
            close: 30.0,
        }];
        v.lateness = Lateness::Soft { weight };
    }
    p.visits.truncate(2);
    let plan = plan_of(&p);
    assert!(plan.unassigned.is_empty());
    let late: f64 = plan.rounds[0].stops.iter().map(|s| s.lateness).sum();
    assert!(late > 0.0);
    assert_eq!(plan.cost.total_lateness, late);
    assert_eq!(plan.cost.max_lateness, late);
    let w = p.weights;
    let expected = w.travel_time * plan.cost.travel_time
        + w.distance * plan.cost.distance
        + w.total_lateness * 3.0 * late
        + w.max_lateness * late;
    assert!((plan.cost.total - expected).abs() < 1e-6, "{plan:#?}");
}

/// A break that cannot be taken within the shift makes the day infeasible whatever the
/// plan: no visit can be left out to mend it. The engine says so (`feasible` is false) and
/// the checker names the carer. (Found by `random_days_give_valid_plans`; the generator now
/// keeps breaks inside the shift.)
#[test]
fn break_that_cannot_fit_in_the_shift_is_an_error() {
    let mut p = small();
    p.carers[0].shift.close = 300.0;
    p.carers[0].breaks.push(Break {
        id: "lunch".into(),
        duration: 38.0,
        window: Window {
            open: 288.0,
            close: 308.0,
        },
    });
    let err = solve_care(&p, &CareOptions::default()).unwrap_err();
    assert!(matches!(err, CareError::BadWindow { .. }), "{err}");
    let text = err.to_string();
    assert!(
        text.contains("carer ann") && text.contains("lunch"),
        "{text}"
    );
}

#[test]
fn same_seed_and_iterations_give_the_same_plan() {
    let p = small();
    for threads in [1, 2] {
        let options = CareOptions {
            iterations: Some(200),
            threads,
            seed: 7,
            ..Default::default()
        };
        let a = solve_care(&p, &options).unwrap();
        let b = solve_care(&p, &options).unwrap();
        assert_eq!(a.rounds, b.rounds, "{threads} threads");
        assert_eq!(a.cost, b.cost);
    }
}

#[test]
fn cancelled_search_still_returns_a_valid_plan() {
    let p = small();
    let cancel = tournee_solver::CancelToken::new();
    cancel.cancel();
    let plan = solve_care(
        &p,
        &CareOptions {
            cancel: Some(cancel),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(plan.stats.stop, tournee_solver::StopReason::Cancelled);
    assert!(check_plan(&p, &plan).valid);
}
