//! Planning the week (one search over the horizon) and the day-by-day baseline, and cutting
//! the week's solution into one [`Plan`] per day, each checked by the independent checker.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use tournee_solver::care::{
    check_plan, solve_care, CareOptions, CareProblem, CareSolution, CareStats, Link, LinkKind,
    UnassignedVisit, Visit,
};

use tournee_solver::SearchMode;

use super::expand::spacing;
use super::model::{second_half, Referents, WeekModel};
use super::output::{assemble, WeekPlan};
use crate::plan::{Built, Day, PlanError, VisitInput};

/// Per patient, the carers (indices) already met on the days planned so far.
pub(crate) type Seen = HashMap<String, BTreeSet<usize>>;

/// Share of the time (or iterations) of the first pass, which picks the referents of the
/// patients who have none.
const FIRST_PASS: f64 = 0.4;

/// How to plan a week.
#[derive(Clone, Debug)]
pub struct WeekOptions {
    /// Search options for the whole week (the baseline splits the time between the days).
    pub care: CareOptions,
}

/// One day cut out of the week: what the day's plan, output and check need.
pub(crate) struct DaySlice {
    pub d: usize,
    pub day: Day,
    pub built: Built,
    pub solution: CareSolution,
}

fn engine(context: &'static str) -> impl Fn(tournee_solver::care::CareError) -> PlanError {
    move |source| PlanError::Engine { context, source }
}

/// Splits a time or iteration budget.
fn share(options: &CareOptions, f: f64) -> CareOptions {
    CareOptions {
        time_limit: options.time_limit.map(|t| t * f),
        iterations: options
            .iterations
            .map(|n| ((n as f64 * f).round() as u64).max(1)),
        ..options.clone()
    }
}

/// Plans the week: the days of flexible visits, the rounds of every day and continuity over
/// the week. A first pass (40 % of the budget) searches the whole week as one problem, every
/// flexible visit free to take any of its days (relaxed to one window over its days, see
/// [`WeekModel::problem_with`]), spacing kept by links between its occurrences; it gives each
/// flexible visit its day and each patient without a referent a ranking of carers. The days
/// then share nothing any more, and each is planned alone on its exact windows, in order, a
/// patient preferring on each day their referent and the carers met on the days before.
pub fn plan_week_model(model: &WeekModel, options: &WeekOptions) -> Result<WeekPlan, PlanError> {
    let started = Instant::now();
    let (first, visit_of) = model.problem_with(&HashMap::new(), true)?;
    // Links couple most rounds of the relaxed week: single moves priced exactly (annealing)
    // go much further in the time than a local search of every offspring.
    let mut first_options = share(&options.care, FIRST_PASS);
    if first_options.params.mode == SearchMode::Auto {
        first_options.params.mode = SearchMode::Annealing;
    }
    let sol = solve_care(&first, &first_options).map_err(engine("solving the week"))?;
    let referents = pick_referents(model, &first, &sol);
    let mut chosen = chosen_days(model, &first, &sol, &visit_of);
    fill_open_days(model, &mut chosen);
    let left: HashMap<&str, &UnassignedVisit> = sol
        .unassigned
        .iter()
        .map(|u| (u.visit.as_str(), u))
        .collect();
    let causes: HashMap<usize, tournee_solver::care::UnassignedCause> =
        (0..model.occurrences.len())
            .filter(|&i| chosen[i].is_none() && model.occurrences[i].flexible)
            .map(|i| {
                let id = &first.visits[visit_of[i][0]].id;
                let cause = left.get(id.as_str()).map_or(
                    tournee_solver::care::UnassignedCause::WindowUnreachable,
                    |u| u.cause.clone(),
                );
                (i, cause)
            })
            .collect();
    plan_chosen_days(
        model,
        &chosen,
        &causes,
        &referents,
        &CareOptions {
            // What the first pass left of the time.
            time_limit: options
                .care
                .time_limit
                .map(|t| (t - started.elapsed().as_secs_f64()).max(0.05)),
            ..share(&options.care, 1.0 - FIRST_PASS)
        },
        &sol.stats,
    )
}

/// Whether occurrence `occ[pos]` of one flexible order on day `d` keeps the order's spacing
/// with its siblings that have a day in `chosen`.
fn keeps_spacing(
    model: &WeekModel,
    chosen: &[Option<usize>],
    occ: &[usize],
    pos: usize,
    d: usize,
) -> bool {
    let h = &model.horizon;
    let s = spacing(&model.week.orders[model.occurrences[occ[pos]].order]);
    occ.iter().enumerate().all(|(q, &k)| {
        if q == pos {
            return true;
        }
        let Some(e) = chosen[k] else { return true };
        let (a, b, steps) = if q < pos {
            (e, d, pos - q)
        } else {
            (d, e, q - pos)
        };
        s.allows(h.numbers[b] - h.numbers[a], steps)
    })
}

/// Gives a day to each flexible occurrence the first pass left without one: among its days
/// that keep the spacing with its order's placed occurrences, the one with the fewest visits
/// so far. One that no day fits stays `None` (reported left out).
fn fill_open_days(model: &WeekModel, chosen: &mut [Option<usize>]) {
    let h = &model.horizon;
    let mut load = vec![0usize; h.dates.len()];
    for (i, o) in model.occurrences.iter().enumerate() {
        if let Some(d) = chosen[i].or((!o.flexible).then(|| o.days[0])) {
            load[d] += 1;
        }
    }
    for (o, order) in model.week.orders.iter().enumerate() {
        if order.times.is_none() {
            continue;
        }
        let occ: Vec<usize> = (0..model.occurrences.len())
            .filter(|&i| model.occurrences[i].order == o)
            .collect();
        for (pos, &i) in occ.iter().enumerate() {
            if chosen[i].is_some() {
                continue;
            }
            let keeps = |d: usize| keeps_spacing(model, chosen, &occ, pos, d);
            let best = model.occurrences[i]
                .days
                .iter()
                .copied()
                .filter(|&d| keeps(d))
                .min_by_key(|&d| (load[d], d));
            if let Some(d) = best {
                chosen[i] = Some(d);
                load[d] += 1;
            }
        }
    }
}

/// Plans each day alone once every occurrence has its day (`chosen` for the flexible ones),
/// the budget of `options` split by the days' numbers of visits.
fn plan_chosen_days(
    model: &WeekModel,
    chosen: &[Option<usize>],
    causes: &HashMap<usize, tournee_solver::care::UnassignedCause>,
    referents: &Referents,
    options: &CareOptions,
    before: &CareStats,
) -> Result<WeekPlan, PlanError> {
    let n_days = model.horizon.dates.len();
    let mut on_day: Vec<Vec<usize>> = vec![Vec::new(); n_days];
    let mut flexible_left = Vec::new();
    for (i, o) in model.occurrences.iter().enumerate() {
        match (chosen[i], o.flexible) {
            (Some(d), _) => on_day[d].push(i),
            (None, false) => on_day[o.days[0]].push(i),
            // No day keeps its spacing: reported left out with the first pass's cause.
            (None, true) => {
                let cause = causes
                    .get(&i)
                    .cloned()
                    .unwrap_or(tournee_solver::care::UnassignedCause::WindowUnreachable);
                for id in model.visit_ids(i) {
                    flexible_left.push(UnassignedVisit {
                        visit: id,
                        cause: cause.clone(),
                    });
                }
            }
        }
    }
    let total: usize = on_day.iter().map(Vec::len).sum::<usize>().max(1);
    let deadline = options
        .time_limit
        .map(|t| Instant::now() + Duration::from_secs_f64(t));
    let mut slices = Vec::with_capacity(n_days);
    let mut stats = before.clone();
    let mut seen = Seen::new();
    let mut worked: HashMap<String, f64> = HashMap::new();
    let mut chosen = chosen.to_vec();
    let siblings = |i: usize| -> Vec<usize> {
        let o = model.occurrences[i].order;
        (0..model.occurrences.len())
            .filter(|&k| model.occurrences[k].order == o)
            .collect()
    };
    for d in 0..n_days {
        let occ = std::mem::take(&mut on_day[d]);
        let movable: Vec<usize> = occ
            .iter()
            .copied()
            .filter(|&i| model.occurrences[i].flexible)
            .collect();
        let f = occ.len() as f64 / total as f64;
        // With a time limit, the day gets its share of the time left (a day that stopped late
        // is taken from the days after it), so the week ends on time.
        let day_options = match (options.time_limit, deadline) {
            (Some(_), Some(deadline)) => {
                let left = deadline
                    .saturating_duration_since(Instant::now())
                    .as_secs_f64();
                let waiting: usize =
                    occ.len() + on_day[d + 1..].iter().map(Vec::len).sum::<usize>();
                CareOptions {
                    time_limit: Some((left * occ.len() as f64 / waiting.max(1) as f64).max(0.05)),
                    ..share(options, f)
                }
            }
            _ => share(options, f),
        };
        let OneDay {
            slice,
            carried,
            stats: s,
        } = plan_one_day(
            model,
            d,
            occ,
            &movable,
            (referents, &seen),
            &DayRules::on(model, d, &worked, model.week.week_weights.fairness),
            &day_options,
            1.0,
        )?;
        add_worked(&mut worked, &slice);
        // The carers each patient met so far are preferred on the days after.
        for r in &slice.solution.rounds {
            let Some(k) = model.week.carers.iter().position(|c| c.id == r.carer) else {
                continue;
            };
            for st in &r.stops {
                let patient = slice.built.problem.visits.iter().find(|v| v.id == st.id);
                if let Some(p) = patient.and_then(|v| v.patient.clone()) {
                    seen.entry(p).or_default().insert(k);
                }
            }
        }
        stats.iterations += s.iterations;
        stats.elapsed_seconds += s.elapsed_seconds;
        stats.stop = s.stop;
        for (i, u) in carried {
            // Left out of a full day: to the next of its days that keeps its spacing.
            let sib = siblings(i);
            let pos = sib.iter().position(|&k| k == i).expect("its own order");
            chosen[i] = None;
            let later = model.occurrences[i]
                .days
                .iter()
                .copied()
                .find(|&e| e > d && keeps_spacing(model, &chosen, &sib, pos, e));
            if let Some(e) = later {
                chosen[i] = Some(e);
                on_day[e].push(i);
                continue;
            }
            for id in model.visit_ids(i) {
                flexible_left.push(UnassignedVisit {
                    visit: id,
                    cause: u.cause.clone(),
                });
            }
        }
        slices.push(slice);
    }
    assemble(model, slices, flexible_left, &stats)
}

/// The day each served flexible occurrence took in `sol` (`None`: fixed, or left out).
fn chosen_days(
    model: &WeekModel,
    problem: &CareProblem,
    sol: &CareSolution,
    visit_of: &[Vec<usize>],
) -> Vec<Option<usize>> {
    let mut day_of: HashMap<&str, usize> = HashMap::new();
    for (j, r) in sol.rounds.iter().enumerate() {
        for s in &r.stops {
            day_of.insert(s.id.as_str(), model.carer_days[j].1);
        }
    }
    let mut days: Vec<Option<usize>> = model
        .occurrences
        .iter()
        .enumerate()
        .map(|(i, o)| {
            if !o.flexible {
                return None;
            }
            day_of
                .get(problem.visits[visit_of[i][0]].id.as_str())
                .copied()
                .filter(|d| o.days.contains(d))
        })
        .collect();
    // An order whose chosen days break its spacing (the relaxed windows allow a start
    // between two days' windows) keeps its choice open for the second pass.
    let h = &model.horizon;
    for (o, order) in model.week.orders.iter().enumerate() {
        if order.times.is_none() {
            continue;
        }
        let s = spacing(order);
        let occ: Vec<usize> = (0..model.occurrences.len())
            .filter(|&i| model.occurrences[i].order == o)
            .collect();
        let placed: Vec<(usize, usize)> = occ
            .iter()
            .filter_map(|&i| days[i].map(|d| (model.occurrences[i].index, d)))
            .collect();
        let broken = placed.windows(2).any(|w| {
            let ((ka, da), (kb, db)) = (w[0], w[1]);
            !s.allows(h.numbers[db] - h.numbers[da], kb - ka)
        });
        if broken {
            for &i in &occ {
                days[i] = None;
            }
        }
    }
    days
}

/// Per patient without an order referent: the carers who serve their visits in `sol`, most
/// visits first (ties to the first carer of the team).
fn pick_referents(model: &WeekModel, problem: &CareProblem, sol: &CareSolution) -> Referents {
    let patient_of: HashMap<&str, &str> = problem
        .visits
        .iter()
        .filter_map(|v| v.patient.as_deref().map(|p| (v.id.as_str(), p)))
        .collect();
    let mut counts: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    for (j, r) in sol.rounds.iter().enumerate() {
        let carer = model.carer_days[j].0;
        for s in &r.stops {
            if let Some(p) = patient_of.get(s.id.as_str()) {
                *counts.entry(p).or_default().entry(carer).or_default() += 1;
            }
        }
    }
    counts
        .into_iter()
        .map(|(p, c)| {
            let mut ranked: Vec<(usize, usize)> = c.into_iter().collect();
            ranked.sort_by_key(|&(k, n)| (std::cmp::Reverse(n), k));
            (p.to_string(), ranked.into_iter().map(|(k, _)| k).collect())
        })
        .collect()
}

/// Recomputes a day's cost from its problem (the checker's figures).
fn restate_cost(problem: &CareProblem, sol: &mut CareSolution) {
    let c = check_plan(problem, sol);
    sol.cost.travel_time = c.travel_time;
    sol.cost.distance = c.distance;
    sol.cost.total_lateness = c.total_lateness;
    sol.cost.max_lateness = c.max_lateness;
    sol.cost.continuity_breaks = c.continuity_breaks;
    sol.cost.overtime = c.overtime;
    sol.cost.unassigned = c.unassigned;
    sol.cost.total = c.cost;
}

/// The day `d` holding occurrences `occ`: its input form and its care problem (times of that
/// day, carers by their own ids).
/// `referents` are those the planner picked for patients whose orders name none.
/// `seen` adds, per patient, carers already met (preferred too when they work on `d`).
pub(crate) fn day_of(
    model: &WeekModel,
    d: usize,
    occ: &[usize],
    referents: &Referents,
    seen: &Seen,
) -> (Day, Built) {
    let week = &model.week;
    let b = &model.built.problem;
    let carers_on = model.carer_days_on(d);
    let mut day_carers = Vec::new();
    let mut carers = Vec::new();
    for &j in &carers_on {
        let id = week.carers[model.carer_days[j].0].id.clone();
        let mut input = model.template.carers[j].clone();
        input.id = id.clone();
        day_carers.push(input);
        let mut c = b.carers[j].clone();
        c.id = id;
        carers.push(c);
    }
    let mut visits = Vec::new();
    let mut inputs = Vec::new();
    let mut links = Vec::new();
    let mut day_links = Vec::new();
    for &i in occ {
        let o = &model.occurrences[i];
        let order = &week.orders[o.order];
        let mut input: VisitInput = model.template.visits[o.order].clone();
        input.id = o.id.clone();
        input.preferred_carers = order
            .referent
            .clone()
            .or_else(|| {
                let p = order.patient.as_ref()?;
                let k = model.referent_on(referents.get(p)?, d)?;
                Some(week.carers[k].id.clone())
            })
            .into_iter()
            .chain(
                order
                    .referent
                    .is_none()
                    .then(|| order.patient.as_ref().and_then(|p| seen.get(p)))
                    .flatten()
                    .into_iter()
                    .flatten()
                    .map(|&k| week.carers[k].id.clone()),
            )
            // A referent off that day is nobody's preference on it.
            .filter(|id| {
                day_carers
                    .iter()
                    .any(|c: &crate::plan::CarerInput| &c.id == id)
            })
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        input.refused_carers = order.refused_carers.clone();
        input.pinned_carer = order.pinned_carer.clone();
        let visit = Visit {
            id: o.id.clone(),
            windows: model.day_windows(o.order, d),
            preferred_carers: input.preferred_carers.clone(),
            continuity_weight: week.week_weights.continuity,
            refused_carers: input.refused_carers.clone(),
            pinned_carer: input.pinned_carer.clone(),
            ..b.visits[o.order].clone()
        };
        visits.push(visit.clone());
        inputs.push(input.clone());
        if order.carers == 2 {
            let mut second = input;
            second.id = second_half(&o.id);
            links.push(Link {
                first: o.id.clone(),
                second: second.id.clone(),
                kind: LinkKind::Simultaneous,
                distinct_carers: true,
            });
            day_links.push(crate::plan::LinkInput {
                first: o.id.clone(),
                second: second.id.clone(),
                kind: crate::plan::LinkKindInput::Simultaneous,
                min_gap_min: 0.0,
                max_gap_min: None,
                distinct_carers: Some(true),
            });
            visits.push(Visit {
                id: second.id.clone(),
                ..visit
            });
            inputs.push(second);
        }
    }
    // Links between orders, on this day when both happen.
    let here: BTreeSet<&str> = occ
        .iter()
        .map(|&i| model.occurrences[i].id.as_str())
        .collect();
    for l in &week.links {
        let id_of = |order: &str| format!("{order}@{}", model.horizon.dates[d]);
        let (first, second) = (id_of(&l.first), id_of(&l.second));
        if !(here.contains(first.as_str()) && here.contains(second.as_str())) {
            continue;
        }
        links.push(Link {
            first: first.clone(),
            second: second.clone(),
            kind: match l.kind {
                crate::plan::LinkKindInput::Simultaneous => LinkKind::Simultaneous,
                crate::plan::LinkKindInput::Sequential => LinkKind::StartGap {
                    min: l.min_gap_min * 60.0,
                    max: l.max_gap_min.map_or(f64::INFINITY, |m| m * 60.0),
                },
            },
            distinct_carers: l.needs_distinct_carers(),
        });
        day_links.push(crate::plan::LinkInput {
            first,
            second,
            ..l.clone()
        });
    }
    let day = Day {
        name: Some(format!(
            "{} {}",
            week.name.as_deref().unwrap_or("week"),
            model.horizon.dates[d]
        )),
        carers: day_carers,
        visits: inputs,
        links: day_links,
        shipments: Vec::new(),
        weights: week.weights,
    };
    let built = Built {
        problem: model.care_problem(carers, visits, links),
        places: model.built.places.clone(),
        coordinates: model.built.coordinates.clone(),
        place_items: model.built.place_items.clone(),
        snaps: model.built.snaps.clone(),
    };
    (day, built)
}

/// Plans day `d` alone with occurrences `occ`, of which `movable` may go to another day: a
/// movable occurrence left out is taken out of the day (returned with its cause) instead of
/// being reported left out on it. The others weigh `due_weight` times their priority, so a
/// full day leaves out movable visits first.
#[allow(clippy::too_many_arguments)]
fn plan_one_day(
    model: &WeekModel,
    d: usize,
    mut occ: Vec<usize>,
    movable: &[usize],
    prefs: (&Referents, &Seen),
    rules: &DayRules,
    options: &CareOptions,
    due_weight: f64,
) -> Result<OneDay, PlanError> {
    let (referents, seen) = prefs;
    occ.sort_unstable();
    let (_, mut built) = day_of(model, d, &occ, referents, seen);
    apply_day_rules(None, &mut built, rules);
    let movable_ids: BTreeSet<String> = movable.iter().flat_map(|&i| model.visit_ids(i)).collect();
    for v in &mut built.problem.visits {
        if !movable_ids.contains(&v.id) {
            v.priority *= due_weight;
        }
    }
    let solution = if built.problem.carers.is_empty() {
        // Nobody works that day: every visit of the day is left out.
        CareSolution {
            rounds: Vec::new(),
            unassigned: built
                .problem
                .visits
                .iter()
                .map(|v| UnassignedVisit {
                    visit: v.id.clone(),
                    cause: tournee_solver::care::UnassignedCause::WindowUnreachable,
                })
                .collect(),
            cost: Default::default(),
            feasible: true,
            stats: CareStats {
                iterations: 0,
                elapsed_seconds: 0.0,
                threads: options.threads,
                stop: tournee_solver::StopReason::Trivial,
            },
        }
    } else {
        solve_care(&built.problem, options).map_err(engine("solving a day"))?
    };
    let left: HashMap<&str, &UnassignedVisit> = solution
        .unassigned
        .iter()
        .map(|u| (u.visit.as_str(), u))
        .collect();
    let carried: Vec<(usize, UnassignedVisit)> = movable
        .iter()
        .filter_map(|&i| {
            left.get(model.occurrences[i].id.as_str())
                .map(|u| (i, (*u).clone()))
        })
        .collect();
    let dropped: BTreeSet<String> = carried
        .iter()
        .flat_map(|(i, _)| model.visit_ids(*i))
        .collect();
    let kept: Vec<usize> = occ
        .into_iter()
        .filter(|i| !carried.iter().any(|(c, _)| c == i))
        .collect();
    let (mut day, mut built) = day_of(model, d, &kept, referents, seen);
    apply_day_rules(Some(&mut day), &mut built, rules);
    let stats = solution.stats.clone();
    let mut solution = CareSolution {
        unassigned: solution
            .unassigned
            .into_iter()
            .filter(|u| !dropped.contains(&u.visit))
            .collect(),
        ..solution
    };
    restate_cost(&built.problem, &mut solution);
    Ok(OneDay {
        slice: DaySlice {
            d,
            day,
            built,
            solution,
        },
        carried,
        stats,
    })
}

/// What each carer with a weekly limit may work on day `d` (seconds), given what they
/// `worked` on the days before: the time left, shared between the days left in proportion to
/// their shifts (never less than a minute, so that the day stays a valid day).
pub(crate) fn week_caps(
    model: &WeekModel,
    d: usize,
    worked: &HashMap<String, f64>,
) -> HashMap<String, f64> {
    let h = &model.horizon;
    let mut caps = HashMap::new();
    for c in &model.week.carers {
        let Some(max) = c.max_week_working_time_min else {
            continue;
        };
        let length = |e: usize| -> f64 {
            h.shift(c, e).map_or(0.0, |s| {
                let open = crate::plan::parse_hhmm(&s[0]).unwrap_or(0.0);
                let close = crate::plan::parse_hhmm(&s[1]).unwrap_or(open);
                (close - open + c.max_overtime_min * 60.0).max(60.0)
            })
        };
        let today = length(d);
        if h.shift(c, d).is_none() {
            continue;
        }
        let ahead: f64 = (d..h.dates.len()).map(length).sum();
        let left = (max * 60.0 - worked.get(&c.id).copied().unwrap_or(0.0)).max(0.0);
        caps.insert(c.id.clone(), (left * today / ahead.max(1.0)).max(60.0));
    }
    caps
}

/// What the week asks of one day: each carer's working-time cap (seconds, weekly limits)
/// and cost per second of working time (fairness).
#[derive(Default)]
pub(crate) struct DayRules {
    caps: HashMap<String, f64>,
    costs: HashMap<String, f64>,
}

impl DayRules {
    /// The rules of day `d` after the days before: the weekly limits' shares, and with a
    /// `fairness` weight, a working-time cost for each carer of `fairness × Weights::travel_time`
    /// per second and per hour worked so far more than the least-worked carer of the same
    /// role who works that day.
    pub(crate) fn on(
        model: &WeekModel,
        d: usize,
        worked: &HashMap<String, f64>,
        fairness: f64,
    ) -> DayRules {
        let mut costs = HashMap::new();
        if fairness > 0.0 {
            let unit = model
                .week
                .weights
                .unwrap_or_else(tournee_solver::care::Weights::home_care)
                .travel_time;
            let on_day: Vec<&super::WeekCarer> = model
                .week
                .carers
                .iter()
                .filter(|c| model.horizon.shift(c, d).is_some())
                .collect();
            let so_far = |c: &super::WeekCarer| worked.get(&c.id).copied().unwrap_or(0.0);
            for c in &on_day {
                let least = on_day
                    .iter()
                    .filter(|x| x.role == c.role)
                    .map(|x| so_far(x))
                    .fold(f64::INFINITY, f64::min);
                let ahead_h = (so_far(c) - least).max(0.0) / 3600.0;
                if ahead_h > 0.0 {
                    costs.insert(c.id.clone(), fairness * unit * ahead_h);
                }
            }
        }
        DayRules {
            caps: week_caps(model, d, worked),
            costs,
        }
    }
}

/// Applies the week's rules of a day to its problem (and the caps to the day written out).
fn apply_day_rules(day: Option<&mut Day>, built: &mut Built, rules: &DayRules) {
    for c in &mut built.problem.carers {
        if let Some(&cap) = rules.caps.get(&c.id) {
            c.max_working_time = Some(c.max_working_time.map_or(cap, |m| m.min(cap)));
        }
        if let Some(&cost) = rules.costs.get(&c.id) {
            c.working_cost = cost;
        }
    }
    let caps = &rules.caps;
    if let Some(day) = day {
        for c in &mut day.carers {
            if let Some(&cap) = caps.get(&c.id) {
                let minutes = cap / 60.0;
                c.max_working_time_min =
                    Some(c.max_working_time_min.map_or(minutes, |m| m.min(minutes)));
            }
        }
    }
}

/// Adds each carer's working time in `slice` to `worked` (seconds).
fn add_worked(worked: &mut HashMap<String, f64>, slice: &DaySlice) {
    for r in &slice.solution.rounds {
        *worked.entry(r.carer.clone()).or_default() += r.working_time;
    }
}

/// A day planned alone: its slice, the movable occurrences it left out (with the cause), the
/// search's figures.
struct OneDay {
    slice: DaySlice,
    carried: Vec<(usize, UnassignedVisit)>,
    stats: CareStats,
}

/// The same orders planned the way a single-day tool must: days planned one after the other,
/// alone, each with its share of the time and no continuity across days (only the referents
/// given in the orders). A flexible visit goes on the first day it may (keeping its spacing
/// from the one before); when that day's plan leaves it out, it is carried to its next
/// allowed day, as a coordinator would, and reported left out once no allowed day remains.
pub fn plan_day_by_day(model: &WeekModel, options: &WeekOptions) -> Result<WeekPlan, PlanError> {
    let h = &model.horizon;
    let n_days = h.dates.len();
    let mut fixed_on: Vec<Vec<usize>> = vec![Vec::new(); n_days];
    let mut by_order: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, o) in model.occurrences.iter().enumerate() {
        if o.flexible {
            by_order.entry(o.order).or_default().push(i);
        } else {
            fixed_on[o.days[0]].push(i);
        }
    }
    // Per flexible order: its next occurrence to place and the day of the one before.
    let mut next: BTreeMap<usize, (usize, Option<usize>)> =
        by_order.keys().map(|&o| (o, (0, None))).collect();
    let mut last_cause: HashMap<usize, UnassignedVisit> = HashMap::new();
    let per_day = share(&options.care, 1.0 / n_days as f64);
    let mut slices = Vec::with_capacity(n_days);
    let mut iterations = 0;
    let mut elapsed = 0.0;
    let mut last_stop = None;
    let mut worked: HashMap<String, f64> = HashMap::new();
    for (d, fixed) in fixed_on.iter().enumerate() {
        let mut occ = fixed.clone();
        let mut tried = Vec::new();
        for (&o, &(k, prev)) in &next {
            let Some(&i) = by_order[&o].get(k) else {
                continue;
            };
            let s = spacing(&model.week.orders[o]);
            let fits = model.occurrences[i].days.contains(&d)
                && prev.is_none_or(|p| s.allows(h.numbers[d] - h.numbers[p], 1));
            if fits {
                occ.push(i);
                tried.push(i);
            }
        }
        let OneDay {
            slice,
            carried,
            stats,
        } = plan_one_day(
            model,
            d,
            occ,
            &tried,
            (&HashMap::new(), &Seen::new()),
            &DayRules::on(model, d, &worked, 0.0),
            &per_day,
            2.0,
        )?;
        add_worked(&mut worked, &slice);
        iterations += stats.iterations;
        elapsed += stats.elapsed_seconds;
        last_stop = Some(stats.stop);
        for &i in &tried {
            match carried.iter().find(|(c, _)| *c == i) {
                Some((_, u)) => {
                    last_cause.insert(i, u.clone());
                }
                None => {
                    let e = next
                        .get_mut(&model.occurrences[i].order)
                        .expect("a flexible order");
                    *e = (e.0 + 1, Some(d));
                }
            }
        }
        slices.push(slice);
    }
    // Flexible visits no day took, with the reason the last day gave.
    let mut flexible_left = Vec::new();
    for (o, (k, _)) in next {
        for &i in &by_order[&o][k..] {
            let cause = last_cause
                .get(&i)
                .map(|u| u.cause.clone())
                .unwrap_or(tournee_solver::care::UnassignedCause::WindowUnreachable);
            for id in model.visit_ids(i) {
                flexible_left.push(UnassignedVisit {
                    visit: id,
                    cause: cause.clone(),
                });
            }
        }
    }
    let stats = CareStats {
        iterations,
        elapsed_seconds: elapsed,
        threads: per_day.threads,
        stop: last_stop.unwrap_or(tournee_solver::StopReason::Trivial),
    };
    assemble(model, slices, flexible_left, &stats)
}

/// Patients and the distinct carers who serve them over the days.
pub(crate) fn carers_per_patient(
    slices: &[(String, crate::plan::Plan)],
) -> BTreeMap<String, (usize, BTreeSet<String>)> {
    let mut out: BTreeMap<String, (usize, BTreeSet<String>)> = BTreeMap::new();
    for (_, plan) in slices {
        for r in &plan.rounds {
            for s in &r.stops {
                if let Some(p) = &s.patient {
                    let e = out.entry(p.clone()).or_default();
                    e.0 += 1;
                    e.1.insert(r.carer.clone());
                }
            }
        }
    }
    out
}
