//! The planned week as people read it (`week.json`): each day's [`Plan`], totals over the
//! week, per carer per day working and driving time, per patient the carers who came, the
//! flexible visits left out, and what the independent check found. Also the carer × day
//! calendar (`calendar.csv`) and the summary table.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use tournee_solver::care::{check_plan, CareStats, UnassignedVisit};

use super::expand::spacing;
use super::model::WeekModel;
use super::plan::{carers_per_patient, DaySlice};
use crate::plan::{format_duration, share_of, Day, Plan, PlanError};

/// A planned week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekPlan {
    /// The week's name, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// One plan per day of the horizon.
    pub days: Vec<WeekDay>,
    /// Figures for the whole week.
    pub totals: WeekTotals,
    /// Per carer, per day worked: working and driving time.
    pub carers: Vec<CarerWeek>,
    /// Per patient: visits served and the carers who came.
    pub patients: Vec<PatientWeek>,
    /// Visits on days the planner chooses that were left out (those of fixed days are in
    /// their day's plan).
    pub unassigned: Vec<WeekUnassigned>,
    /// What the independent check found (each day by the day checker, the days of flexible
    /// visits and their spacing, every visit once).
    pub check: WeekCheck,
    /// How the search went.
    pub search: CareStats,
    /// After a re-plan ([`replan_week`](super::replan_week)): what changed, day by day
    /// (absent from a week planned once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<super::replan::WeekChange>,
    /// The search was stopped before its limit (Ctrl-C, or a cancelled
    /// [`CareOptions::cancel`](tournee_solver::care::CareOptions::cancel)): the best week found
    /// until then.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}

/// One day of the week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekDay {
    /// `"YYYY-MM-DD"`.
    pub date: String,
    /// That day's plan (`plan.json` of the day).
    pub plan: Plan,
    /// The day as planned: its carers and the visits the week put on it (not in
    /// `week.json`; `tournee plan-week` writes it as `DIR/<date>/day.json`, what a re-plan of
    /// the week starts from).
    #[serde(skip)]
    pub day: Option<Day>,
}

/// Figures for the week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekTotals {
    /// Visits over the week (each half of a two-carer visit counts).
    pub visits: usize,
    /// Visits served.
    pub served: usize,
    /// Visits left out.
    pub unassigned: usize,
    /// Driving time, minutes.
    pub driving_min: f64,
    /// Distance, km.
    pub distance_km: f64,
    /// Working time, minutes.
    pub working_min: f64,
    /// Share of the working time spent driving.
    pub driving_share: f64,
    /// Overtime, minutes.
    pub overtime_min: f64,
    /// Mean number of distinct carers per patient served.
    pub mean_carers_per_patient: f64,
    /// Per role, the spread of weekly working time between its carers (largest − smallest,
    /// minutes; carers who work at least one day).
    pub working_spread_min: BTreeMap<String, f64>,
}

/// A carer's week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarerWeek {
    /// Carer id.
    pub carer: String,
    /// Role.
    pub role: String,
    /// Days worked.
    pub days: Vec<CarerDay>,
    /// Working time over the week, minutes.
    pub working_min: f64,
    /// Driving time over the week, minutes.
    pub driving_min: f64,
}

/// A carer's day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CarerDay {
    /// `"YYYY-MM-DD"`.
    pub date: String,
    /// Leaves, `"HH:MM"` (the shift's start when there is no visit).
    pub leave: String,
    /// Back, `"HH:MM"`.
    pub back: String,
    /// Visits served.
    pub visits: usize,
    /// Working time, minutes.
    pub working_min: f64,
    /// Driving time, minutes.
    pub driving_min: f64,
}

/// A patient's week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PatientWeek {
    /// Patient.
    pub patient: String,
    /// Visits served (a two-carer visit counts once per carer); 0 when none could be.
    pub visits: usize,
    /// Distinct carers who came, sorted.
    pub carers: Vec<String>,
}

/// A flexible visit left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekUnassigned {
    /// Visit id (`"<order>#<k>"`).
    pub visit: String,
    /// Patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// The days it could go on.
    pub days: Vec<String>,
    /// Reason code.
    pub code: String,
    /// Reason for people.
    pub message: String,
}

/// The independent check of a week.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeekCheck {
    /// No violation found.
    pub valid: bool,
    /// One sentence per problem found.
    pub violations: Vec<String>,
}

/// Joins the days into a week plan and checks it.
pub(crate) fn assemble(
    model: &WeekModel,
    slices: Vec<DaySlice>,
    flexible_left: Vec<UnassignedVisit>,
    stats: &CareStats,
) -> Result<WeekPlan, PlanError> {
    let h = &model.horizon;
    let mut violations = Vec::new();
    let mut days = Vec::with_capacity(slices.len());
    let mut inputs = Vec::with_capacity(slices.len());
    let mut served_day: HashMap<String, usize> = HashMap::new();
    let mut listed: HashMap<String, usize> = HashMap::new();
    for s in &slices {
        let c = check_plan(&s.built.problem, &s.solution);
        violations.extend(
            c.violations
                .iter()
                .map(|v| format!("{}: {v}", h.dates[s.d])),
        );
        for r in &s.solution.rounds {
            for st in &r.stops {
                if st.kind == tournee_solver::care::StopKind::Visit {
                    served_day.insert(st.id.clone(), s.d);
                    *listed.entry(st.id.clone()).or_default() += 1;
                }
            }
        }
        for u in &s.solution.unassigned {
            *listed.entry(u.visit.clone()).or_default() += 1;
        }
        let plan = Plan::new(&s.day, &s.built, &s.solution);
        days.push((h.dates[s.d].clone(), plan));
        inputs.push(s.day.clone());
    }
    for u in &flexible_left {
        *listed.entry(u.visit.clone()).or_default() += 1;
    }
    // Every visit once; flexible visits on allowed days, spaced.
    for (i, occ) in model.occurrences.iter().enumerate() {
        for id in &model.visit_ids(i) {
            match listed.get(id).copied().unwrap_or(0) {
                1 => {}
                0 => violations.push(format!(
                    "visit {id} is neither served nor reported left out"
                )),
                n => violations.push(format!("visit {id} appears {n} times")),
            }
        }
        if let Some(&d) = served_day.get(&occ.id) {
            if !occ.days.contains(&d) {
                violations.push(format!(
                    "visit {} is served on {}, not one of its days",
                    occ.id, h.dates[d]
                ));
            }
        }
    }
    for (o, order) in model.week.orders.iter().enumerate() {
        if order.times.is_none() {
            continue;
        }
        let s = spacing(order);
        let served: Vec<(usize, usize)> = model
            .occurrences
            .iter()
            .filter(|x| x.order == o)
            .filter_map(|x| served_day.get(&x.id).map(|&d| (x.index, d)))
            .collect();
        for w in served.windows(2) {
            let ((ka, da), (kb, db)) = (w[0], w[1]);
            let gap = h.numbers[db] - h.numbers[da];
            if gap < i64::from(s.min_days) * (kb - ka) as i64 || (db < da) {
                violations.push(format!(
                    "order {}: visits {} and {} are {gap} day(s) apart (at least {} wanted)",
                    order.id,
                    ka + 1,
                    kb + 1,
                    s.min_days
                ));
            }
            if let Some(m) = s.max_days {
                if kb == ka + 1 && gap > i64::from(m) {
                    violations.push(format!(
                        "order {}: visits {} and {} are {gap} day(s) apart (at most {m} wanted)",
                        order.id,
                        ka + 1,
                        kb + 1
                    ));
                }
            }
        }
    }
    let carer_roles: Vec<(String, String)> = model
        .week
        .carers
        .iter()
        .map(|c| (c.id.clone(), c.role.clone()))
        .collect();
    let week_patients: Vec<String> = model
        .week
        .orders
        .iter()
        .filter_map(|o| o.patient.clone())
        .collect();
    let (carers, patients, totals) =
        summarise(&days, &carer_roles, &week_patients, flexible_left.len());
    // Weekly working-time limits.
    for (c, w) in model.week.carers.iter().zip(&carers) {
        if let Some(max) = c.max_week_working_time_min {
            if w.working_min > max + 0.01 {
                violations.push(format!(
                    "carer {}: works {:.0} min over the week, more than the {max:.0} allowed",
                    c.id, w.working_min
                ));
            }
        }
    }
    let patient_of = |id: &str| {
        let o = &model.occurrences[model.occurrence_of(id)?];
        Some((o, model.week.orders[o.order].patient.clone()))
    };
    let unassigned = flexible_left
        .iter()
        .map(|u| {
            let (days, patient) = match patient_of(&u.visit) {
                Some((o, p)) => (o.days.iter().map(|&d| h.dates[d].clone()).collect(), p),
                None => (Vec::new(), None),
            };
            WeekUnassigned {
                visit: u.visit.clone(),
                patient,
                days,
                code: u.cause.code().to_string(),
                message: u.cause.message(),
            }
        })
        .collect();
    Ok(WeekPlan {
        name: model.week.name.clone(),
        days: days
            .into_iter()
            .zip(inputs)
            .map(|((date, plan), day)| WeekDay {
                date,
                plan,
                day: Some(day),
            })
            .collect(),
        totals,
        carers,
        patients,
        unassigned,
        check: WeekCheck {
            valid: violations.is_empty(),
            violations,
        },
        search: stats.clone(),
        changes: Vec::new(),
        interrupted: stats.stop == tournee_solver::StopReason::Cancelled,
    })
}

/// The tables of a week from its days' plans: per carer (id, role) per day, per patient the
/// carers who came (every patient of `patients` listed), and the totals (`flexible_left`
/// visits left out of every day count as visits).
pub(crate) fn summarise(
    days: &[(String, Plan)],
    carer_roles: &[(String, String)],
    patients: &[String],
    flexible_left: usize,
) -> (Vec<CarerWeek>, Vec<PatientWeek>, WeekTotals) {
    let week_patients = patients;
    let mut carers = Vec::new();
    for (id, role) in carer_roles {
        let mut cd = Vec::new();
        for (date, plan) in days {
            if let Some(r) = plan.rounds.iter().find(|r| &r.carer == id) {
                cd.push(CarerDay {
                    date: date.clone(),
                    leave: r.leave.clone(),
                    back: r.back.clone(),
                    visits: r.visits,
                    working_min: r.working_min,
                    driving_min: r.driving_min,
                });
            }
        }
        carers.push(CarerWeek {
            carer: id.clone(),
            role: role.clone(),
            working_min: round2(cd.iter().map(|d| d.working_min).sum()),
            driving_min: round2(cd.iter().map(|d| d.driving_min).sum()),
            days: cd,
        });
    }
    let mut per_patient = carers_per_patient(days);
    // Every patient of the week, also one none of whose visits could be served.
    for p in week_patients {
        per_patient.entry(p.clone()).or_default();
    }
    let patients: Vec<PatientWeek> = per_patient
        .iter()
        .map(|(p, (n, c))| PatientWeek {
            patient: p.clone(),
            visits: *n,
            carers: c.iter().cloned().collect(),
        })
        .collect();
    let mut spread: BTreeMap<String, (f64, f64)> = BTreeMap::new();
    for c in carers.iter().filter(|c| !c.days.is_empty()) {
        let e = spread
            .entry(c.role.clone())
            .or_insert((f64::INFINITY, f64::NEG_INFINITY));
        e.0 = e.0.min(c.working_min);
        e.1 = e.1.max(c.working_min);
    }
    let sum = |f: &dyn Fn(&Plan) -> f64| round2(days.iter().map(|(_, p)| f(p)).sum());
    let visits = days.iter().map(|(_, p)| p.totals.visits).sum::<usize>() + flexible_left;
    let served = days.iter().map(|(_, p)| p.totals.served).sum::<usize>();
    let driving = sum(&|p| p.totals.driving_min);
    let working = sum(&|p| p.totals.working_min);
    let totals = WeekTotals {
        visits,
        served,
        unassigned: visits - served,
        driving_min: driving,
        distance_km: (days.iter().map(|(_, p)| p.totals.distance_km).sum::<f64>() * 1000.0).round()
            / 1000.0,
        working_min: working,
        driving_share: share_of(driving, working),
        overtime_min: sum(&|p| p.totals.overtime_min),
        mean_carers_per_patient: {
            let seen: Vec<&PatientWeek> = patients.iter().filter(|p| p.visits > 0).collect();
            if seen.is_empty() {
                0.0
            } else {
                round2(seen.iter().map(|p| p.carers.len() as f64).sum::<f64>() / seen.len() as f64)
            }
        },
        working_spread_min: spread
            .into_iter()
            .map(|(r, (a, b))| (r, round2(b - a)))
            .collect(),
    };
    (carers, patients, totals)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl WeekPlan {
    /// The week as pretty-printed JSON (`week.json`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a week plan always serialises")
    }

    /// The plan of day `date`, if it is in the horizon.
    pub fn day(&self, date: &str) -> Option<&Plan> {
        self.days.iter().find(|d| d.date == date).map(|d| &d.plan)
    }

    /// The carer × day calendar (`calendar.csv`): one row per carer, one column per date
    /// (`"07:02-13:40 9 visits 72 min driving"`, `"free"` on a working day without visits,
    /// empty when off), then the week's working and driving minutes.
    pub fn calendar_csv(&self) -> String {
        let mut out = String::new();
        let mut push = |cells: &[String]| {
            let quoted: Vec<String> = cells.iter().map(|c| crate::plan::csv::quote(c)).collect();
            out.push_str(&quoted.join(","));
            out.push('\n');
        };
        let mut head = vec!["carer".to_string(), "role".to_string()];
        head.extend(self.days.iter().map(|d| d.date.clone()));
        head.push("week_working_min".into());
        head.push("week_driving_min".into());
        push(&head);
        for c in &self.carers {
            let mut row = vec![c.carer.clone(), c.role.clone()];
            for d in &self.days {
                row.push(match c.days.iter().find(|x| x.date == d.date) {
                    None => String::new(),
                    Some(x) if x.visits == 0 => "free".into(),
                    Some(x) => format!(
                        "{}-{} {} visits {:.0} min driving",
                        x.leave, x.back, x.visits, x.driving_min
                    ),
                });
            }
            row.push(format!("{:.2}", c.working_min));
            row.push(format!("{:.2}", c.driving_min));
            push(&row);
        }
        out
    }

    /// A summary table for people: per day and per carer driving and working time, the
    /// spread of working time per role, distinct carers per patient.
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let mut s = String::new();
        if self.interrupted {
            let _ = writeln!(
                s,
                "INTERRUPTED: the search was stopped early, best week found so far"
            );
        }
        let _ = writeln!(s, "{}", self.name.as_deref().unwrap_or("week"));
        let _ = writeln!(
            s,
            "{:<12} {:>7} {:>10} {:>10} {:>9}",
            "day", "visits", "driving", "working", "left out"
        );
        for d in &self.days {
            let p = &d.plan.totals;
            let _ = writeln!(
                s,
                "{:<12} {:>7} {:>10} {:>10} {:>9}",
                d.date,
                p.served,
                format_duration(p.driving_min * 60.0),
                format_duration(p.working_min * 60.0),
                p.unassigned
            );
        }
        let _ = writeln!(
            s,
            "{:<12} {:>7} {:>10} {:>10} {:>9}",
            "week",
            t.served,
            format_duration(t.driving_min * 60.0),
            format_duration(t.working_min * 60.0),
            t.unassigned
        );
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{:<16} {:<6} {:>5} {:>10} {:>10}",
            "carer", "role", "days", "driving", "working"
        );
        for c in &self.carers {
            let _ = writeln!(
                s,
                "{:<16} {:<6} {:>5} {:>10} {:>10}",
                c.carer,
                c.role,
                c.days.len(),
                format_duration(c.driving_min * 60.0),
                format_duration(c.working_min * 60.0)
            );
        }
        let _ = writeln!(s);
        for (role, spread) in &t.working_spread_min {
            let _ = writeln!(
                s,
                "working-time spread, {role}: {}",
                format_duration(spread * 60.0)
            );
        }
        let _ = writeln!(
            s,
            "distinct carers per patient: {:.2} on average over the {} patients visited (of {})",
            t.mean_carers_per_patient,
            self.patients.iter().filter(|p| p.visits > 0).count(),
            self.patients.len()
        );
        let _ = writeln!(
            s,
            "driving share of working time: {:.1} %",
            t.driving_share * 100.0
        );
        let _ = writeln!(
            s,
            "check: {}",
            if self.check.valid {
                "every day accepted by the independent checker, every visit once, spacing kept"
                    .to_string()
            } else {
                format!(
                    "{} violation(s): {}",
                    self.check.violations.len(),
                    self.check.violations.join("; ")
                )
            }
        );
        s
    }
}
