//! The week written for the engine: one care problem over the horizon.
//!
//! Times run from the first day's midnight (day `d` starts at `offset(d)` seconds). Every
//! carer-day (a carer on a day they work) is a carer of its own, `"<carer>@<date>"`, with that
//! day's shift and breaks; every occurrence of an order is a visit whose windows are its
//! windows on each day it may go, so the search chooses the day by choosing the carer-day.
//! Two occurrences of a spaced order are joined by a start-gap link that holds exactly when
//! their days are far enough apart (see [`gap_bounds`]); continuity over the week is the
//! day's continuity rule with every carer-day of the patient's referent as preferred carers.

use std::collections::HashMap;

use tournee_solver::care::{CareProblem, Link, LinkKind, Visit, Window};

use super::expand::{bad, expand, spacing, Horizon, Occurrence};
use super::input::Week;
use crate::plan::{Built, CarerInput, Day, PlanError, Travel, VisitInput};

const DAY: f64 = 86_400.0;

/// Per patient whose orders name no referent, the carers the planner prefers, best first:
/// on each day the first of them who works that day is the patient's referent.
pub type Referents = HashMap<String, Vec<usize>>;

/// A checked week ready to plan.
#[derive(Clone, Debug)]
pub struct WeekModel {
    /// The week as given.
    pub week: Week,
    /// Its dates.
    pub horizon: Horizon,
    /// Every occurrence, orders in order.
    pub occurrences: Vec<Occurrence>,
    /// The carer-days: (carer index, day position), days in order, carers in order.
    pub carer_days: Vec<(usize, usize)>,
    /// One day holding every carer-day and one visit per order (the orders' templates): its
    /// [`Built`] gives the places, the matrix and the times in seconds of a day.
    pub built: Built,
    /// The template day behind `built` (carer-days as `"<carer>@<date>"`, orders as visits).
    pub template: Day,
}

impl WeekModel {
    /// Checks `week` (dates, shifts, orders, spacing, carers named) and builds its places and
    /// travel matrix.
    pub fn new(week: &Week, travel: Travel) -> Result<WeekModel, PlanError> {
        let horizon = Horizon::of(week)?;
        let mut seen = std::collections::HashSet::new();
        for c in &week.carers {
            if !seen.insert(c.id.as_str()) {
                return Err(PlanError::DuplicateId {
                    kind: "carer".into(),
                    id: c.id.clone(),
                });
            }
            horizon.check_shift_keys(c)?;
            if let Some(m) = c.max_week_working_time_min {
                if !(m.is_finite() && m > 0.0) {
                    return Err(PlanError::BadNumber {
                        item: format!("carer {}", c.id),
                        field: "max_week_working_time_min".into(),
                        value: m,
                        expected: "must be > 0",
                    });
                }
            }
        }
        for o in &week.orders {
            let known = |id: &str| week.carers.iter().any(|c| c.id == id);
            for (field, id) in o
                .referent
                .iter()
                .map(|r| ("referent", r))
                .chain(o.refused_carers.iter().map(|r| ("refused_carers", r)))
                .chain(o.pinned_carer.iter().map(|r| ("pinned_carer", r)))
            {
                if !known(id) {
                    return Err(PlanError::UnknownCarer {
                        visit: format!("order {}", o.id),
                        field,
                        carer: id.clone(),
                    });
                }
            }
            if !(1..=2).contains(&o.carers) {
                return Err(bad(
                    &format!("order {}", o.id),
                    &format!("carers is {} (1, or 2 for two carers at once)", o.carers),
                ));
            }
        }
        for (k, l) in week.links.iter().enumerate() {
            let item = format!("link {} ({} → {})", k + 1, l.first, l.second);
            for id in [&l.first, &l.second] {
                match week.orders.iter().find(|o| &o.id == id) {
                    None => return Err(bad(&item, &format!("names unknown order {id:?}"))),
                    Some(o) if o.times.is_some() => {
                        return Err(bad(
                            &item,
                            &format!(
                                "order {id:?} has days the planner chooses (times); links join orders of fixed days"
                            ),
                        ))
                    }
                    Some(_) => {}
                }
            }
            if l.first == l.second {
                return Err(bad(&item, "links an order to itself"));
            }
            if !(l.min_gap_min.is_finite() && l.min_gap_min >= 0.0)
                || l.max_gap_min
                    .is_some_and(|m| !(m.is_finite() && m >= l.min_gap_min))
            {
                return Err(bad(&item, "gaps must be ≥ 0 and max_gap_min ≥ min_gap_min"));
            }
        }
        let occurrences = expand(week, &horizon)?;
        let mut carer_days = Vec::new();
        let mut carers = Vec::new();
        for d in 0..horizon.dates.len() {
            for (k, c) in week.carers.iter().enumerate() {
                let Some(shift) = horizon.shift(c, d) else {
                    continue;
                };
                carer_days.push((k, d));
                carers.push(CarerInput {
                    id: format!("{}@{}", c.id, horizon.dates[d]),
                    role: c.role.clone(),
                    skills: c.skills.clone(),
                    shift_start: shift[0].clone(),
                    shift_end: shift[1].clone(),
                    start: c.start,
                    end: c.end,
                    start_index: c.start_index,
                    end_index: c.end_index,
                    reloads: c.reloads.clone(),
                    breaks: c.breaks.clone(),
                    max_working_time_min: c.max_working_time_min,
                    max_overtime_min: c.max_overtime_min,
                    capacity: c.capacity.clone(),
                });
            }
        }
        if carers.is_empty() {
            return Err(bad("the week", "no carer works on any day of the horizon"));
        }
        let visits = week
            .orders
            .iter()
            .map(|o| VisitInput {
                id: o.id.clone(),
                patient: o.patient.clone(),
                location: o.location,
                location_index: o.location_index,
                duration_min: o.duration_min,
                // A pinned start is a window of one instant on each day (so that the week's
                // first pass, whose windows run over several days, keeps it too).
                windows: match &o.pinned_start {
                    Some(t) => vec![[t.clone(), t.clone()]],
                    None => o.windows.clone(),
                },
                lateness: o.lateness,
                skills: o.skills.clone(),
                priority: o.priority,
                preferred_carers: Vec::new(),
                continuity_weight: 1.0,
                refused_carers: Vec::new(),
                pinned_carer: None,
                pinned_start: None,
                announced: None,
                not_before: None,
                delivery: o.delivery.clone(),
                pickup: o.pickup.clone(),
            })
            .collect();
        let template = Day {
            name: week.name.clone(),
            carers,
            visits,
            links: Vec::new(),
            shipments: Vec::new(),
            weights: week.weights,
        };
        let built = travel.build(&template)?;
        Ok(WeekModel {
            week: week.clone(),
            horizon,
            occurrences,
            carer_days,
            built,
            template,
        })
    }

    /// The visit ids of occurrence `i`: its own, and `"<id>/2"` for the second carer of a
    /// two-carer order.
    pub fn visit_ids(&self, i: usize) -> Vec<String> {
        let occ = &self.occurrences[i];
        let mut ids = vec![occ.id.clone()];
        if self.week.orders[occ.order].carers == 2 {
            ids.push(second_half(&occ.id));
        }
        ids
    }

    /// The occurrence a week visit id belongs to (occurrence ids end in a date or `#k`, never
    /// in `/2`).
    pub fn occurrence_of(&self, visit: &str) -> Option<usize> {
        let id = visit.strip_suffix("/2").unwrap_or(visit);
        self.occurrences.iter().position(|o| o.id == id)
    }

    /// The care problem of `carers`, `visits` and `links` on the week's places.
    pub(crate) fn care_problem(
        &self,
        carers: Vec<tournee_solver::care::Carer>,
        visits: Vec<Visit>,
        links: Vec<Link>,
    ) -> CareProblem {
        let b = &self.built.problem;
        CareProblem {
            travel: b.travel.clone(),
            carers,
            visits,
            links,
            shipments: Vec::new(),
            weights: b.weights,
        }
    }

    /// Carer-days of day `d` (indices into `carer_days`).
    pub fn carer_days_on(&self, d: usize) -> Vec<usize> {
        (0..self.carer_days.len())
            .filter(|&j| self.carer_days[j].1 == d)
            .collect()
    }

    /// The first of `ranked` (carer indices) who works on day `d`.
    pub fn referent_on(&self, ranked: &[usize], d: usize) -> Option<usize> {
        ranked
            .iter()
            .copied()
            .find(|&k| self.carer_days.contains(&(k, d)))
    }

    /// The windows of order `o` on day `d`, in seconds of that day: its own, or (none given)
    /// from the first shift start to the last shift end (overtime included) of the day.
    pub fn day_windows(&self, o: usize, d: usize) -> Vec<Window> {
        let t = &self.built.problem.visits[o];
        if !t.windows.is_empty() {
            return t.windows.clone();
        }
        let shifts: Vec<Window> = self
            .carer_days_on(d)
            .into_iter()
            .map(|j| {
                let c = &self.built.problem.carers[j];
                Window {
                    open: c.shift.open,
                    close: c.shift.close + c.max_overtime,
                }
            })
            .collect();
        match (
            shifts.iter().map(|w| w.open).reduce(f64::min),
            shifts.iter().map(|w| w.close).reduce(f64::max),
        ) {
            (Some(open), Some(close)) => vec![Window { open, close }],
            _ => Vec::new(),
        }
    }

    /// Width of order `o`'s daily window hull, seconds (the widest over its days).
    fn hull_width(&self, o: usize, days: &[usize]) -> f64 {
        days.iter()
            .map(|&d| {
                let w = self.day_windows(o, d);
                match (w.first(), w.last()) {
                    (Some(a), Some(b)) => b.close - a.open,
                    _ => 0.0,
                }
            })
            .fold(0.0, f64::max)
    }

    /// The week's care problem; `referents` gives, per patient without an order referent, the
    /// carer (index) the planner takes as referent.
    pub fn problem(
        &self,
        referents: &Referents,
    ) -> Result<(CareProblem, Vec<Vec<usize>>), PlanError> {
        self.problem_with(referents, false)
    }

    /// [`WeekModel::problem`], or with `hull` its relaxation for choosing days: a visit that
    /// may go on several days gets one window from its first day's opening to its last day's
    /// closing, and the carer-days of other days, or whose shift misses that day's windows,
    /// are refused. One window per visit lets the engine time the spacing links
    /// incrementally (several windows on a linked visit make it re-time every round at every
    /// move); a start between two days' windows is allowed, so the relaxation only chooses
    /// the days, and the rounds are planned again on the exact windows.
    pub fn problem_with(
        &self,
        referents: &Referents,
        hull: bool,
    ) -> Result<(CareProblem, Vec<Vec<usize>>), PlanError> {
        let b = &self.built.problem;
        let week = &self.week;
        let carers = self
            .carer_days
            .iter()
            .enumerate()
            .map(|(j, &(_, d))| {
                let off = self.horizon.offset(d);
                let mut c = b.carers[j].clone();
                c.shift.open += off;
                c.shift.close += off;
                for br in &mut c.breaks {
                    br.window.open += off;
                    br.window.close += off;
                }
                c
            })
            .collect();
        let days_of = |k: usize| -> Vec<String> {
            self.carer_days
                .iter()
                .enumerate()
                .filter(|(_, &(c, _))| c == k)
                .map(|(j, _)| b.carers[j].id.clone())
                .collect()
        };
        let carer_index = |id: &str| week.carers.iter().position(|c| c.id == id);
        let mut visits = Vec::new();
        let mut links = Vec::new();
        let mut visit_of = Vec::with_capacity(self.occurrences.len());
        for occ in &self.occurrences {
            let order = &week.orders[occ.order];
            let t = &b.visits[occ.order];
            let mut windows = Vec::new();
            for &d in &occ.days {
                let off = self.horizon.offset(d);
                windows.extend(self.day_windows(occ.order, d).into_iter().map(|w| Window {
                    open: w.open + off,
                    close: w.close + off,
                }));
            }
            if windows.is_empty() {
                // Nobody works on any of its days: a window nobody reaches.
                let off = self.horizon.offset(occ.days[0]);
                windows.push(Window {
                    open: off,
                    close: off,
                });
            }
            // The preferred carer-days: the order's referent on every day, or else, per day,
            // the first of the patient's ranked carers who works that day.
            let preferred: Vec<String> = match order.referent.as_deref().and_then(carer_index) {
                Some(k) => days_of(k),
                None => order
                    .patient
                    .as_ref()
                    .and_then(|p| referents.get(p))
                    .map(|ranked| {
                        occ.days
                            .iter()
                            .filter_map(|&d| {
                                let k = self.referent_on(ranked, d)?;
                                self.carer_days
                                    .iter()
                                    .position(|&cd| cd == (k, d))
                                    .map(|j| b.carers[j].id.clone())
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            let mut refused: Vec<String> = order
                .refused_carers
                .iter()
                .filter_map(|id| carer_index(id))
                .flat_map(days_of)
                .collect();
            if hull && windows.len() > 1 {
                windows = vec![Window {
                    open: windows[0].open,
                    close: windows[windows.len() - 1].close,
                }];
                for (j, &(_, d)) in self.carer_days.iter().enumerate() {
                    let c = &b.carers[j];
                    let meets = occ.days.contains(&d)
                        && self.day_windows(occ.order, d).iter().any(|w| {
                            w.open < c.shift.close + c.max_overtime && c.shift.open < w.close
                        });
                    if !meets {
                        refused.push(c.id.clone());
                    }
                }
            }
            if let Some(pin) = order.pinned_carer.as_deref().and_then(carer_index) {
                refused.extend(
                    (0..week.carers.len())
                        .filter(|&k| k != pin)
                        .flat_map(days_of),
                );
            }
            let visit = Visit {
                id: occ.id.clone(),
                windows,
                preferred_carers: preferred,
                continuity_weight: week.week_weights.continuity,
                refused_carers: refused,
                ..t.clone()
            };
            let mut ids = vec![visits.len()];
            if order.carers == 2 {
                let second = Visit {
                    id: second_half(&occ.id),
                    ..visit.clone()
                };
                links.push(Link {
                    first: visit.id.clone(),
                    second: second.id.clone(),
                    kind: LinkKind::Simultaneous,
                    distinct_carers: true,
                });
                ids.push(visits.len() + 1);
                visits.push(visit);
                visits.push(second);
            } else {
                visits.push(visit);
            }
            visit_of.push(ids);
        }
        // Spacing of the flexible orders, between every two of their occurrences.
        for (o, order) in week.orders.iter().enumerate() {
            if order.times.is_none() {
                continue;
            }
            let s = spacing(order);
            let occ: Vec<usize> = (0..self.occurrences.len())
                .filter(|&i| self.occurrences[i].order == o)
                .collect();
            let all_days: Vec<usize> = occ
                .iter()
                .flat_map(|&i| self.occurrences[i].days.clone())
                .collect();
            let w = self.hull_width(o, &all_days);
            for a in 0..occ.len() {
                for c in a + 1..occ.len() {
                    let steps = (c - a) as u32;
                    let max_days = if c == a + 1 {
                        s.max_days
                    } else {
                        s.max_days.map(|m| m * steps)
                    };
                    // Days that already keep the spacing whatever day each takes (days
                    // chosen, or domains far enough apart) need no link.
                    let gap = |x: usize, y: usize| {
                        ((self.horizon.offset(y) - self.horizon.offset(x)) / DAY).round() as i64
                    };
                    let (da, dc) = (
                        &self.occurrences[occ[a]].days,
                        &self.occurrences[occ[c]].days,
                    );
                    let kept = da.iter().all(|&x| {
                        dc.iter().all(|&y| {
                            gap(x, y) >= (s.min_days * steps) as i64
                                && max_days.is_none_or(|m| gap(x, y) <= m as i64)
                        })
                    });
                    if kept {
                        continue;
                    }
                    let (min, max) = gap_bounds(s.min_days * steps, max_days, w).ok_or_else(|| {
                        bad(&format!("order {}", order.id), &format!("its daily window spans {:.1} h, too wide to keep visits at most {} day(s) apart by their start times (narrow the windows or widen max_days_between)", w / 3600.0, max_days.unwrap_or(0)))
                    })?;
                    links.push(Link {
                        first: visits[visit_of[occ[a]][0]].id.clone(),
                        second: visits[visit_of[occ[c]][0]].id.clone(),
                        kind: LinkKind::StartGap { min, max },
                        distinct_carers: false,
                    });
                }
            }
        }
        Ok((self.care_problem(carers, visits, links), visit_of))
    }
}

/// The id of the second carer's visit of a two-carer occurrence.
pub(crate) fn second_half(occurrence: &str) -> String {
    format!("{occurrence}/2")
}

/// Start-to-start gap bounds (seconds) that make "the second visit's day is at least
/// `min_days` (and at most `max_days`) calendar days after the first's" hold, for visits whose
/// daily windows span `w` seconds: exact when `w` is under 12 h (a gap of `k` days at the same
/// clock time ± `w`), and on the safe side otherwise (some start times of allowed days are then
/// refused). `None` when no gap satisfies both.
///
/// ```
/// use tournee::week::gap_bounds;
/// // Windows of 2 h, at least one day apart: 22 h at least.
/// assert_eq!(gap_bounds(1, None, 7200.0), Some((79_200.0, f64::INFINITY)));
/// ```
pub fn gap_bounds(min_days: u32, max_days: Option<u32>, w: f64) -> Option<(f64, f64)> {
    let k = f64::from(min_days);
    let min = if min_days == 0 {
        0.0
    } else {
        (k * DAY - w).max((k - 1.0) * DAY + w + 1.0)
    };
    let max = match max_days {
        None => f64::INFINITY,
        Some(m) => {
            let m = f64::from(m);
            (m * DAY + w).min((m + 1.0) * DAY - w - 1.0)
        }
    };
    (max >= min).then_some((min, max))
}
