//! Tiny care days (≤ 7 visits, 1–3 carers, windows, skills and at least one linked pair): the
//! plan of [`solve_care`] costs exactly the optimum found by enumerating, in this file, every
//! assignment of visits to carers and every order, each candidate timed jointly across carers
//! (linked visits start as their link says, carers wait where needed).
//!
//! The objective is kept plain so that it can be written down here without the engine: travel
//! time only (weight 1), every visit of priority 1 with a uniform penalty [`PENALTY`] when left
//! out, hard windows, no overtime, no preferred carers, no breaks, no loads. Every time of a
//! tiny day is a whole number of *tenths* of the time unit: the care front-end turns them into
//! engine ticks of 1/1000 unit without rounding (`care::translate`: travel and durations rounded
//! up, closings down, both exact here; the travel weight is 1000 engine cost units per tick), so
//! the engine optimises exactly `travel + PENALTY × left out`, and the brute force below works in
//! integer tenths. The reported `cost.total` is a sum of floats: it is compared after rounding
//! to tenths, and must be within 10⁻⁶ tenth of a whole number of tenths.

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed};
use tournee_solver::care::*;
use tournee_solver::{HgsParams, SearchMode};

/// Cost of a visit left out, in cost units (travel costs 1 per time unit).
const PENALTY: f64 = 10_000.0;
/// The same, in tenths.
const PENALTY_TENTHS: i64 = 100_000;
/// Skills carers may hold (bit `i` of a mask = `SKILLS[i]`).
const SKILLS: [&str; 2] = ["nurse", "aide"];

fn skills_of(mask: u8) -> Vec<&'static str> {
    (0..SKILLS.len())
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| SKILLS[i])
        .collect()
}

/// How the starts of two linked visits relate, in tenths.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Gap {
    /// Same start.
    Simultaneous,
    /// `second` starts between `min` and `max` (if any) after `first`.
    Between { min: i64, max: Option<i64> },
}

#[derive(Clone, Debug)]
struct TinyLink {
    first: usize,
    second: usize,
    gap: Gap,
    /// Double-staffed: two different carers, both or none.
    distinct: bool,
}

#[derive(Clone, Debug)]
struct TinyCarer {
    start: usize,
    end: usize,
    open: i64,
    close: i64,
    skills: u8,
}

#[derive(Clone, Debug)]
struct TinyVisit {
    place: usize,
    duration: i64,
    /// In increasing order, apart.
    windows: Vec<(i64, i64)>,
    skills: u8,
}

impl TinyVisit {
    fn new(place: usize, duration: i64, windows: Vec<(i64, i64)>, skills: u8) -> Self {
        TinyVisit {
            place,
            duration,
            windows,
            skills,
        }
    }
}

/// A tiny day, every time in tenths.
#[derive(Clone, Debug)]
struct Tiny {
    /// Travel time between places (row = from).
    travel: Vec<Vec<i64>>,
    carers: Vec<TinyCarer>,
    visits: Vec<TinyVisit>,
    links: Vec<TinyLink>,
}

/// A link before it is tied to the day: first visit, offset to the second, kind, minimum gap,
/// gap width, two carers.
type LinkSpec = (Index, usize, u8, i64, i64, bool);

fn link_spec(n: usize) -> impl Strategy<Value = LinkSpec> {
    (
        any::<Index>(),
        1..n,
        0u8..5,
        0i64..900,
        prop_oneof![1 => Just(0i64), 3 => 0i64..900],
        any::<bool>(),
    )
}

fn tiny() -> impl Strategy<Value = Tiny> {
    (2usize..=7).prop_flat_map(|n| {
        // Seven visits over three carers is about 400 000 plans before pruning: fine.
        (
            proptest::collection::vec((0i64..600, 0i64..600), n + 1),
            proptest::collection::vec(
                (
                    // Start place (home) or the office, end place likewise.
                    proptest::option::weighted(0.3, any::<Index>()),
                    proptest::option::weighted(0.2, any::<Index>()),
                    0i64..600,
                    2400i64..4800,
                    prop_oneof![2 => Just(3u8), 1 => 1u8..4],
                ),
                1..=3,
            ),
            proptest::collection::vec(
                (
                    50i64..400,
                    0i64..3000,
                    prop_oneof![1 => Just(0i64), 4 => 200i64..1500],
                    proptest::option::weighted(0.25, (100i64..1000, 150i64..800)),
                    prop_oneof![3 => Just(0u8), 1 => 1u8..3],
                    proptest::option::weighted(0.15, any::<Index>()),
                ),
                n,
            ),
            link_spec(n),
            proptest::option::weighted(0.4, link_spec(n)),
        )
            .prop_map(move |(points, carers, visits, link, extra)| {
                let places = points.len();
                // Euclidean travel in tenths, rounded to the nearest tenth.
                let travel: Vec<Vec<i64>> = points
                    .iter()
                    .map(|a| {
                        points
                            .iter()
                            .map(|b| {
                                let (dx, dy) = ((a.0 - b.0) as f64, (a.1 - b.1) as f64);
                                (dx * dx + dy * dy).sqrt().round() as i64
                            })
                            .collect()
                    })
                    .collect();
                let carers = carers
                    .into_iter()
                    .map(|(home, end, open, length, skills)| {
                        let start = home.map_or(0, |i| i.index(places));
                        TinyCarer {
                            start,
                            end: end.map_or(start, |i| i.index(places)),
                            open,
                            close: open + length,
                            skills,
                        }
                    })
                    .collect();
                let mut visits: Vec<TinyVisit> = visits
                    .into_iter()
                    .enumerate()
                    .map(|(i, (duration, open, width, second, skills, shared))| {
                        let mut windows = vec![(open, open + width)];
                        if let Some((gap, second_width)) = second {
                            let o = open + width + gap;
                            windows.push((o, o + second_width));
                        }
                        TinyVisit {
                            // Visit i at place i + 1, or sharing another place (same patient).
                            place: shared.map_or(i + 1, |s| s.index(places)),
                            duration,
                            windows,
                            skills,
                        }
                    })
                    .collect();
                let mut links: Vec<TinyLink> = Vec::new();
                let mut doubled = vec![false; n];
                for (k, (a, off, kind, min, width, distinct)) in
                    std::iter::once(link).chain(extra).enumerate()
                {
                    let first = a.index(n);
                    let second = (first + off) % n;
                    if k > 0 && links.iter().any(|l| l.first == first && l.second == second) {
                        continue;
                    }
                    // A visit is double-staffed at most once: else the link is a plain one.
                    let distinct = distinct && !doubled[first] && !doubled[second];
                    let gap = match kind {
                        0 | 1 => Gap::Simultaneous,
                        2 | 3 => Gap::Between {
                            min,
                            max: Some(min + width),
                        },
                        _ => Gap::Between { min, max: None },
                    };
                    if distinct {
                        doubled[first] = true;
                        doubled[second] = true;
                        if gap == Gap::Simultaneous {
                            // Two carers for one patient: same place, same care.
                            visits[second].place = visits[first].place;
                            visits[second].duration = visits[first].duration;
                        }
                    }
                    links.push(TinyLink {
                        first,
                        second,
                        gap,
                        distinct,
                    });
                }
                Tiny {
                    travel,
                    carers,
                    visits,
                    links,
                }
            })
    })
}

/// Tenths as the problem's unit.
fn units(tenths: i64) -> f64 {
    tenths as f64 / 10.0
}

fn window(w: (i64, i64)) -> Window {
    Window {
        open: units(w.0),
        close: units(w.1),
    }
}

/// The care problem of a tiny day.
fn build(d: &Tiny) -> CareProblem {
    let rows: Vec<Vec<f64>> = d
        .travel
        .iter()
        .map(|r| r.iter().map(|&t| units(t)).collect())
        .collect();
    let carers = d
        .carers
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut carer = Carer::new(
                &format!("c{k}"),
                &skills_of(c.skills),
                window((c.open, c.close)),
                c.start,
            );
            carer.end_place = c.end;
            carer
        })
        .collect();
    let visits = d
        .visits
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let mut visit = Visit::new(
                &format!("v{i}"),
                v.place,
                units(v.duration),
                window(v.windows[0]),
            );
            visit.windows = v.windows.iter().copied().map(window).collect();
            visit.skills = skills_of(v.skills).iter().map(|s| s.to_string()).collect();
            visit
        })
        .collect();
    let links = d
        .links
        .iter()
        .map(|l| Link {
            first: format!("v{}", l.first),
            second: format!("v{}", l.second),
            kind: match l.gap {
                Gap::Simultaneous => LinkKind::Simultaneous,
                Gap::Between { min, max } => LinkKind::StartGap {
                    min: units(min),
                    max: max.map_or(f64::INFINITY, units),
                },
            },
            distinct_carers: l.distinct,
        })
        .collect();
    CareProblem {
        travel: TravelMatrix::from_rows(&rows, None).unwrap(),
        carers,
        visits,
        links,
        shipments: Vec::new(),
        weights: Weights {
            unassigned: PENALTY,
            travel_time: 1.0,
            distance: 0.0,
            total_lateness: 0.0,
            max_lateness: 0.0,
            continuity: 0.0,
            overtime: 0.0,
            moved: 0.0,
            moved_late: 0.0,
        },
    }
}

/// The earliest start at or after `t` inside one of `windows`.
fn earliest(windows: &[(i64, i64)], t: i64) -> Option<i64> {
    windows.iter().find(|w| t <= w.1).map(|w| t.max(w.0))
}

/// Joint timing of a plan (`routes[k]` = visits of carer `k` in order, `served[v]` = visit `v` is
/// in a route): the earliest starts when every carer leaves at the shift opening, waits where
/// needed and every link between two served visits is kept; `None` when no timing keeps every
/// window, shift and link.
///
/// Every rule is a lower bound on a start (travel from the previous stop, window opening, a
/// link: `s_b ≥ s_a + min`, `s_a ≥ s_b − max`, `s_a ≥ s_b` and `s_b ≥ s_a` when simultaneous)
/// except the window closings and the shift closing, which are upper bounds. The earliest start
/// of each visit given its lower bounds only grows with them, so iterating from the travel-only
/// timing reaches the least timing that meets every lower bound, below any feasible timing: the
/// plan is feasible if and only if it keeps the upper bounds. Each round that changes something
/// moves a start by at least one tenth, and starts are bounded by the windows, so it ends.
fn timing(d: &Tiny, routes: &[Vec<usize>], served: &[bool]) -> Option<Vec<i64>> {
    let n = d.visits.len();
    let mut lower = vec![i64::MIN; n];
    let mut start = vec![0i64; n];
    for _ in 0..1_000_000 {
        for (k, route) in routes.iter().enumerate() {
            if route.is_empty() {
                continue;
            }
            let c = &d.carers[k];
            let (mut t, mut at) = (c.open, c.start);
            for &v in route {
                let visit = &d.visits[v];
                let s = earliest(
                    &visit.windows,
                    (t + d.travel[at][visit.place]).max(lower[v]),
                )?;
                start[v] = s;
                t = s + visit.duration;
                at = visit.place;
            }
            if t + d.travel[at][c.end] > c.close {
                return None;
            }
        }
        let mut moved = false;
        for l in &d.links {
            let (a, b) = (l.first, l.second);
            if !(served[a] && served[b]) {
                continue;
            }
            let (need_a, need_b) = match l.gap {
                Gap::Simultaneous => (start[b], start[a]),
                Gap::Between { min, max } => {
                    (max.map_or(i64::MIN, |m| start[b] - m), start[a] + min)
                }
            };
            for (v, need) in [(a, need_a), (b, need_b)] {
                if need > start[v] {
                    lower[v] = lower[v].max(need);
                    moved = true;
                }
            }
        }
        if !moved {
            return Some(start);
        }
    }
    panic!("the timing of {routes:?} does not settle");
}

/// Travel time of a plan, in tenths.
fn travel(d: &Tiny, routes: &[Vec<usize>]) -> i64 {
    routes
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.is_empty())
        .map(|(k, r)| {
            let c = &d.carers[k];
            let places: Vec<usize> = std::iter::once(c.start)
                .chain(r.iter().map(|&v| d.visits[v].place))
                .chain(std::iter::once(c.end))
                .collect();
            places.windows(2).map(|w| d.travel[w[0]][w[1]]).sum::<i64>()
        })
        .sum()
}

/// The cost of a plan in tenths, or `None` when it breaks a rule.
fn plan_cost(d: &Tiny, routes: &[Vec<usize>]) -> Option<i64> {
    let n = d.visits.len();
    let mut carer = vec![None; n];
    for (k, r) in routes.iter().enumerate() {
        for &v in r {
            if carer[v].is_some() {
                return None;
            }
            carer[v] = Some(k);
            let need = d.visits[v].skills;
            if d.carers[k].skills & need != need {
                return None;
            }
        }
    }
    for l in d.links.iter().filter(|l| l.distinct) {
        match (carer[l.first], carer[l.second]) {
            (Some(a), Some(b)) if a == b => return None,
            (Some(_), None) | (None, Some(_)) => return None,
            _ => {}
        }
    }
    let served: Vec<bool> = carer.iter().map(Option::is_some).collect();
    timing(d, routes, &served)?;
    let left_out = served.iter().filter(|s| !**s).count() as i64;
    Some(travel(d, routes) + PENALTY_TENTHS * left_out)
}

/// Adding a visit to a route never lets a later stop start earlier: travel never gains more
/// than the shortest care lasts (with rounding to tenths the triangle inequality may fail by a
/// tenth). Then a partial plan that cannot be timed cannot be completed, and is cut.
fn insertion_is_monotone(d: &Tiny) -> bool {
    let shortest = d.visits.iter().map(|v| v.duration).min().unwrap_or(0);
    let t = &d.travel;
    let n = t.len();
    (0..n).all(|a| (0..n).all(|b| (0..n).all(|c| t[a][c] <= t[a][b] + shortest + t[b][c])))
}

/// The optimum over every assignment of visits to carers (or left out) and every order, in
/// tenths, with the routes of one optimal plan.
fn brute_force(d: &Tiny) -> (i64, Vec<Vec<usize>>) {
    struct Search<'a> {
        d: &'a Tiny,
        cut: bool,
        routes: Vec<Vec<usize>>,
        served: Vec<bool>,
        best: (i64, Vec<Vec<usize>>),
    }
    impl Search<'_> {
        fn go(&mut self, v: usize, left_out: i64) {
            // Travel costs ≥ 0: the penalties so far bound the cost from below.
            if PENALTY_TENTHS * left_out >= self.best.0 {
                return;
            }
            if v == self.d.visits.len() {
                if let Some(c) = plan_cost(self.d, &self.routes) {
                    if c < self.best.0 {
                        self.best = (c, self.routes.clone());
                    }
                }
                return;
            }
            self.go(v + 1, left_out + 1);
            let need = self.d.visits[v].skills;
            self.served[v] = true;
            for k in 0..self.routes.len() {
                if self.d.carers[k].skills & need != need {
                    continue;
                }
                for pos in 0..=self.routes[k].len() {
                    self.routes[k].insert(pos, v);
                    if !self.cut || timing(self.d, &self.routes, &self.served).is_some() {
                        self.go(v + 1, left_out);
                    }
                    self.routes[k].remove(pos);
                }
            }
            self.served[v] = false;
        }
    }
    let mut s = Search {
        d,
        cut: insertion_is_monotone(d),
        routes: vec![Vec::new(); d.carers.len()],
        served: vec![false; d.visits.len()],
        best: (i64::MAX, Vec::new()),
    };
    s.go(0, 0);
    s.best
}

/// The solver's plan as routes of visit indices.
fn routes_of(plan: &CareSolution) -> Vec<Vec<usize>> {
    plan.rounds
        .iter()
        .map(|r| {
            r.stops
                .iter()
                .filter(|s| s.kind == StopKind::Visit)
                .map(|s| s.id[1..].parse().unwrap())
                .collect()
        })
        .collect()
}

fn config() -> Config {
    fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
        std::env::var(name).ok().and_then(|s| s.parse().ok())
    }
    Config {
        // A heuristic may in principle miss an optimum on a rare hard case, so the cases are
        // drawn from a fixed seed: every run checks the same days. `CARE_BRUTE_FORCE_CASES` and
        // `CARE_BRUTE_FORCE_SEED` explore further.
        cases: env("CARE_BRUTE_FORCE_CASES").unwrap_or(24),
        rng_seed: RngSeed::Fixed(env("CARE_BRUTE_FORCE_SEED").unwrap_or(20_261_207)),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Iterations of the search per day.
const ITERATIONS: u64 = 1_000;

proptest! {
    #![proptest_config(config())]

    #[test]
    fn tiny_care_days_are_solved_to_optimality(d in tiny(), seed in 0u64..1000) {
        let p = build(&d);
        let (optimum, best) = brute_force(&d);
        let options = CareOptions { iterations: Some(ITERATIONS), seed, ..Default::default() };
        let plan = solve_care(&p, &options).unwrap();
        let check = check_plan(&p, &plan);
        prop_assert!(check.valid, "violations {:#?}\nplan {:#?}\nproblem {:#?}", check.violations, plan, p);
        prop_assert!(plan.feasible);
        // The plan is also feasible by this file's timing, at the cost it reports.
        let routes = routes_of(&plan);
        let own = plan_cost(&d, &routes);
        let tenths = plan.cost.total * 10.0;
        prop_assert!(
            (tenths - tenths.round()).abs() < 1e-6,
            "cost {} is not a whole number of tenths", plan.cost.total
        );
        let got = tenths.round() as i64;
        prop_assert_eq!(own, Some(got), "own timing of the plan {:?}\nproblem {:#?}", routes, p);
        prop_assert!(
            got >= optimum,
            "the plan {:?} costs {} tenths, below the optimum {} ({:?})\nproblem {:#?}",
            routes, got, optimum, best, p
        );
        prop_assert_eq!(
            got, optimum,
            "seed {}: plan {:?} (cost {} tenths), optimum {:?}\nproblem {:#?}",
            seed, routes, got, best, p
        );
    }
}

/// The timing routine itself, on a day worked by hand: two carers, a simultaneous double visit
/// that the second carer reaches late, so the first waits.
#[test]
fn joint_timing_waits_for_the_partner() {
    let d = Tiny {
        // Office 0; patients 1 (10 away) and 2 (50 away, 45 from 1).
        travel: vec![vec![0, 100, 500], vec![100, 0, 450], vec![500, 450, 0]],
        carers: vec![
            TinyCarer {
                start: 0,
                end: 0,
                open: 0,
                close: 4000,
                skills: 3,
            },
            TinyCarer {
                start: 0,
                end: 0,
                open: 0,
                close: 4000,
                skills: 3,
            },
        ],
        visits: vec![
            TinyVisit {
                place: 1,
                duration: 200,
                windows: vec![(0, 3000)],
                skills: 0,
            },
            TinyVisit {
                place: 1,
                duration: 200,
                windows: vec![(0, 3000)],
                skills: 0,
            },
            TinyVisit {
                place: 2,
                duration: 100,
                windows: vec![(0, 3000)],
                skills: 0,
            },
        ],
        links: vec![TinyLink {
            first: 0,
            second: 1,
            gap: Gap::Simultaneous,
            distinct: true,
        }],
    };
    // Carer 1 goes to 2 first (start 500, end 600), then to 1 (arrives 1050): both start at 1050.
    let routes = vec![vec![0], vec![2, 1]];
    let start = timing(&d, &routes, &[true; 3]).unwrap();
    assert_eq!(start, vec![1050, 1050, 500]);
    assert_eq!(plan_cost(&d, &routes), Some(200 + 500 + 450 + 100));
    // One carer cannot serve both halves; the optimum sends both straight to patient 1.
    assert_eq!(plan_cost(&d, &[vec![0, 1, 2], vec![]]), None);
    let (optimum, _) = brute_force(&d);
    assert_eq!(optimum, 200 + 100 + 450 + 500);
    // A start gap of at most 5 after a visit the partner cannot reach in time: infeasible.
    let mut d = d;
    d.links[0].gap = Gap::Between {
        min: 0,
        max: Some(50),
    };
    d.visits[0].windows = vec![(0, 150)];
    assert_eq!(timing(&d, &routes, &[true; 3]), None);
}

/// A day found by the property test (seed 587, shrunk): a linked pair that cannot be served
/// together (the second visit's window closes before the gap allows it) beside five visits
/// one carer serves best alone. The pair must be left out and the rest routed optimally, by
/// every search mode — the annealing once kept the pair in a plan that broke its link, with
/// no move that leaves a task out.
fn unservable_pair_day() -> Tiny {
    let z = |x: i64, y: i64| {
        let mut r = vec![0i64; 6];
        r.push(x);
        r.push(y);
        r
    };
    let mut travel: Vec<Vec<i64>> = (0..6).map(|_| z(66, 539)).collect();
    travel.push(vec![66, 66, 66, 66, 66, 66, 0, 512]);
    travel.push(vec![539, 539, 539, 539, 539, 539, 512, 0]);
    let c = |open, close| TinyCarer {
        start: 0,
        end: 0,
        open,
        close,
        skills: 3,
    };
    let v = |place, duration, o, cl, skills| TinyVisit::new(place, duration, vec![(o, cl)], skills);
    Tiny {
        travel,
        carers: vec![c(279, 3708), c(12, 3649), c(590, 4262)],
        visits: vec![
            v(1, 58, 1214, 1974, 0),
            v(2, 166, 1986, 2823, 2),
            v(3, 255, 2818, 2818, 0),
            v(4, 125, 2602, 3344, 2),
            v(5, 172, 2912, 3757, 2),
            v(6, 59, 2353, 3274, 0),
            v(7, 212, 1348, 2831, 0),
        ],
        links: vec![TinyLink {
            first: 2,
            second: 0,
            gap: Gap::Between {
                min: 85,
                max: Some(482),
            },
            distinct: true,
        }],
    }
}

/// Solves `d` in every search mode with three seeds and asserts each plan valid and optimal.
fn every_mode_finds_the_optimum(d: &Tiny, expected: i64) {
    let p = build(d);
    let (optimum, best) = brute_force(d);
    assert_eq!(optimum, expected, "{best:?}");
    for mode in [
        SearchMode::Genetic,
        SearchMode::RuinRecreate,
        SearchMode::Annealing,
    ] {
        for seed in 0..3 {
            let options = CareOptions {
                iterations: Some(ITERATIONS),
                seed,
                params: HgsParams {
                    mode,
                    ..HgsParams::default()
                },
                ..Default::default()
            };
            let plan = solve_care(&p, &options).unwrap();
            let check = check_plan(&p, &plan);
            assert!(check.valid, "{mode:?} seed {seed}: {:#?}", check.violations);
            let got = (plan.cost.total * 10.0).round() as i64;
            assert_eq!(got, optimum, "{mode:?} seed {seed}: {:?}", routes_of(&plan));
        }
    }
}

#[test]
fn an_unservable_pair_is_left_out_and_the_rest_routed_optimally_by_every_mode() {
    every_mode_finds_the_optimum(&unservable_pair_day(), 2 * PENALTY_TENTHS + 1117);
}

/// Found by the property test (seed 145, shrunk): a double visit whose halves' windows do not
/// meet by one tenth. Kept with a violation of a tenth, the pair looked cheaper than its two
/// penalties, so the genetic search never met a feasible plan in 1000 generations (and
/// returned the last visit on the carer who ends far away); a unit of violation now costs
/// more than the dearest left-out visit in the repair and the walks.
#[test]
fn a_double_visit_missing_by_a_tenth_is_left_out_by_every_mode() {
    let c = |end, open, close| TinyCarer {
        start: 0,
        end,
        open,
        close,
        skills: 3,
    };
    let v = TinyVisit::new;
    let d = Tiny {
        travel: vec![
            vec![0, 445, 19, 19],
            vec![445, 0, 445, 445],
            vec![19, 445, 0, 0],
            vec![19, 445, 0, 0],
        ],
        carers: vec![c(1, 399, 4669), c(0, 353, 4633)],
        visits: vec![
            v(2, 187, vec![(1728, 2551)], 2),
            v(2, 187, vec![(449, 1727)], 0),
            v(3, 369, vec![(2520, 3461), (4251, 4429)], 0),
        ],
        links: vec![TinyLink {
            first: 1,
            second: 0,
            gap: Gap::Simultaneous,
            distinct: true,
        }],
    };
    every_mode_finds_the_optimum(&d, 2 * PENALTY_TENTHS + 38);
}

/// Found by the property test (seed 851, shrunk): a visit linked to two others it cannot meet.
/// The best plan serves the two and leaves it out; from the plan serving it alone, the
/// annealing must first trade it for one of them at equal penalty — a step its start
/// temperature, calibrated on moves among served visits only (almost none here), never took.
#[test]
fn a_visit_that_blocks_two_is_traded_for_them_by_every_mode() {
    let c = |start, open, close, skills| TinyCarer {
        start,
        end: start,
        open,
        close,
        skills,
    };
    let v = TinyVisit::new;
    let d = Tiny {
        travel: vec![
            vec![0, 0, 1, 294],
            vec![0, 0, 1, 294],
            vec![1, 1, 0, 293],
            vec![294, 294, 293, 0],
        ],
        carers: vec![c(0, 15, 3829, 3), c(1, 89, 3336, 1), c(0, 17, 4611, 2)],
        visits: vec![
            v(1, 335, vec![(672, 1302)], 0),
            v(2, 135, vec![(1629, 3006)], 2),
            v(3, 344, vec![(706, 706)], 0),
        ],
        links: vec![
            TinyLink {
                first: 0,
                second: 1,
                gap: Gap::Simultaneous,
                distinct: false,
            },
            TinyLink {
                first: 0,
                second: 2,
                gap: Gap::Between {
                    min: 540,
                    max: None,
                },
                distinct: false,
            },
        ],
    };
    every_mode_finds_the_optimum(&d, PENALTY_TENTHS + 588);
}
