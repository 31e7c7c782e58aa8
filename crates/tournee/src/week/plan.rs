//! Planning the week (one search over the horizon) and the day-by-day baseline, and cutting
//! the week's solution into one [`Plan`] per day, each checked by the independent checker.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use tournee_solver::care::{
    check_plan, solve_care, CareOptions, CareProblem, CareSolution, CareStats, Link, LinkKind,
    UnassignedVisit, Visit,
};

use super::expand::{earliest_days, spacing};
use super::model::{second_half, WeekModel};
use super::output::{assemble, WeekPlan};
use crate::plan::{Built, Day, PlanError, VisitInput};

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

/// Plans the week as one search: the days of flexible visits, the rounds of every day and
/// continuity over the week. A first pass (40 % of the budget) gives each patient without a
/// referent the carer who serves most of their visits; the second pass plans with those
/// referents preferred.
pub fn plan_week_model(model: &WeekModel, options: &WeekOptions) -> Result<WeekPlan, PlanError> {
    let (first, visit_of) = model.problem(&HashMap::new())?;
    let needs_referent = model
        .week
        .orders
        .iter()
        .any(|o| o.referent.is_none() && o.patient.is_some());
    let (problem, solution, referents) = if needs_referent {
        let sol = solve_care(&first, &share(&options.care, FIRST_PASS))
            .map_err(engine("solving the week"))?;
        let referents = pick_referents(model, &first, &sol);
        let (second, _) = model.problem(&referents)?;
        let sol2 = solve_care(&second, &share(&options.care, 1.0 - FIRST_PASS))
            .map_err(engine("solving the week"))?;
        (second, sol2, referents)
    } else {
        let sol = solve_care(&first, &options.care).map_err(engine("solving the week"))?;
        (first, sol, HashMap::new())
    };
    let slices = slice(model, &problem, &solution, &visit_of, &referents);
    let flexible_left: Vec<UnassignedVisit> = solution
        .unassigned
        .iter()
        .filter(|u| {
            model
                .occurrence_of(&u.visit)
                .is_some_and(|i| model.occurrences[i].flexible)
        })
        .cloned()
        .collect();
    assemble(model, slices, flexible_left, &solution.stats)
}

/// Per patient without an order referent: the carer serving most of their visits.
fn pick_referents(
    model: &WeekModel,
    problem: &CareProblem,
    sol: &CareSolution,
) -> HashMap<String, usize> {
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
        .filter_map(|(p, c)| {
            // Most visits; ties to the first carer of the team.
            let best = c
                .iter()
                .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))?;
            Some((p.to_string(), *best.0))
        })
        .collect()
}

/// Cuts the week's solution into days.
fn slice(
    model: &WeekModel,
    problem: &CareProblem,
    solution: &CareSolution,
    visit_of: &[Vec<usize>],
    referents: &HashMap<String, usize>,
) -> Vec<DaySlice> {
    let mut day_of_visit: HashMap<&str, usize> = HashMap::new();
    for (j, r) in solution.rounds.iter().enumerate() {
        for s in &r.stops {
            day_of_visit.insert(s.id.as_str(), model.carer_days[j].1);
        }
    }
    let left: HashMap<&str, &UnassignedVisit> = solution
        .unassigned
        .iter()
        .map(|u| (u.visit.as_str(), u))
        .collect();
    (0..model.horizon.dates.len())
        .map(|d| {
            let off = model.horizon.offset(d);
            // Occurrences of the day: served on it, or left out on their only day.
            let occ: Vec<usize> = (0..model.occurrences.len())
                .filter(|&i| {
                    let o = &model.occurrences[i];
                    let id = problem.visits[visit_of[i][0]].id.as_str();
                    day_of_visit.get(id) == Some(&d)
                        || (!o.flexible && o.days[0] == d && left.contains_key(id))
                })
                .collect();
            let carers = model.carer_days_on(d);
            let mut sol = CareSolution {
                rounds: carers
                    .iter()
                    .map(|&j| {
                        let mut r = solution.rounds[j].clone();
                        r.carer = model.week.carers[model.carer_days[j].0].id.clone();
                        r.leave -= off;
                        r.back -= off;
                        for s in &mut r.stops {
                            s.arrival -= off;
                            s.start -= off;
                            s.end -= off;
                        }
                        r
                    })
                    .collect(),
                unassigned: occ
                    .iter()
                    .flat_map(|&i| visit_of[i].iter())
                    .filter_map(|&v| {
                        left.get(problem.visits[v].id.as_str())
                            .map(|u| (*u).clone())
                    })
                    .collect(),
                cost: Default::default(),
                feasible: solution.feasible,
                stats: solution.stats.clone(),
            };
            let (day, built) = day_of(model, d, &occ, referents);
            restate_cost(&built.problem, &mut sol);
            DaySlice {
                d,
                day,
                built,
                solution: sol,
            }
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
pub(crate) fn day_of(
    model: &WeekModel,
    d: usize,
    occ: &[usize],
    referents: &HashMap<String, usize>,
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
                referents.get(p).map(|&k| week.carers[k].id.clone())
            })
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
            visits.push(Visit {
                id: second.id.clone(),
                ..visit
            });
            inputs.push(second);
        }
    }
    let day = Day {
        name: Some(format!(
            "{} {}",
            week.name.as_deref().unwrap_or("week"),
            model.horizon.dates[d]
        )),
        carers: day_carers,
        visits: inputs,
        links: Vec::new(),
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

/// The same orders planned the way a single-day tool must: every flexible visit on the first
/// day it may go (keeping its spacing), each day planned alone with its share of the time, no
/// continuity across days (only the referents given in the orders).
pub fn plan_day_by_day(model: &WeekModel, options: &WeekOptions) -> Result<WeekPlan, PlanError> {
    let n_days = model.horizon.dates.len();
    let mut on_day: Vec<Vec<usize>> = vec![Vec::new(); n_days];
    let mut by_order: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, o) in model.occurrences.iter().enumerate() {
        if o.flexible {
            by_order.entry(o.order).or_default().push(i);
        } else {
            on_day[o.days[0]].push(i);
        }
    }
    for (o, occ) in by_order {
        let refs: Vec<_> = occ.iter().map(|&i| &model.occurrences[i]).collect();
        let days = earliest_days(&model.horizon, &refs, spacing(&model.week.orders[o]));
        for (i, d) in occ.into_iter().zip(days) {
            on_day[d].push(i);
        }
    }
    let per_day = share(&options.care, 1.0 / n_days as f64);
    let mut slices = Vec::with_capacity(n_days);
    let mut iterations = 0;
    let mut elapsed = 0.0;
    let mut last_stop = None;
    for (d, mut occ) in on_day.into_iter().enumerate() {
        occ.sort_unstable();
        let (day, built) = day_of(model, d, &occ, &HashMap::new());
        let mut solution = if built.problem.carers.is_empty() {
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
                    threads: per_day.threads,
                    stop: tournee_solver::StopReason::Trivial,
                },
            }
        } else {
            solve_care(&built.problem, &per_day).map_err(engine("solving a day of the baseline"))?
        };
        iterations += solution.stats.iterations;
        elapsed += solution.stats.elapsed_seconds;
        last_stop = Some(solution.stats.stop);
        restate_cost(&built.problem, &mut solution);
        slices.push(DaySlice {
            d,
            day,
            built,
            solution,
        });
    }
    let stats = CareStats {
        iterations,
        elapsed_seconds: elapsed,
        threads: per_day.threads,
        stop: last_stop.unwrap_or(tournee_solver::StopReason::Trivial),
    };
    assemble(model, slices, Vec::new(), &stats)
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
