//! Re-planning a week while it runs: from a given day and time, what happened (a carer absent
//! for the rest of the week, an urgent visit, a cancelled or longer visit, a delay) is applied
//! day by day with the day re-plan of [`crate::plan::ReplanDay`]. The days before are kept as
//! they were; the given day is re-planned from the time given; each later day that an event
//! touches (the absent carer works then, a visit of that day is cancelled or changed) is
//! re-planned whole, keeping its announcements; the other days are kept. Flexible visits stay
//! on the days the week gave them.

use serde::{Deserialize, Serialize};

use super::output::{summarise, WeekCheck, WeekDay, WeekPlan};
use crate::plan::{
    format_hhmmss, parse_hhmm, Built, Change, Day, Event, Events, Plan, PlanError, ReplanDay,
    ReplanOptions,
};

/// One change of a re-planned week: the day, and the change of that day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WeekChange {
    /// `"YYYY-MM-DD"`.
    pub date: String,
    /// What changed for the visit.
    #[serde(flatten)]
    pub change: Change,
}

/// Builds and plans one day on the week's travel: the day's problem and its plan.
pub type SolveDay<'a> = dyn Fn(&Day) -> Result<(Built, Plan), PlanError> + 'a;

fn bad(item: impl Into<String>, problem: impl Into<String>) -> PlanError {
    PlanError::BadReplan {
        item: item.into(),
        problem: problem.into(),
    }
}

/// Re-plans `old` from `date` (`"YYYY-MM-DD"`) at `at` (`"HH:MM"`) after `events`;
/// `solve` builds and plans a day on the week's travel (road network or matrix). A
/// `carer_absent` event holds for the rest of the week; `visit_added` and `carer_delayed`
/// apply to `date`; `visit_cancelled` and `duration_changed` to the day that has the visit.
/// Errors name the item: a date not in the week, an event naming an unknown carer or visit.
pub fn replan_week(
    old: &WeekPlan,
    date: &str,
    at: &str,
    events: &Events,
    options: &ReplanOptions,
    solve: &SolveDay,
) -> Result<WeekPlan, PlanError> {
    let dates: Vec<&str> = old.days.iter().map(|d| d.date.as_str()).collect();
    let first = dates.iter().position(|d| *d == date).ok_or_else(|| {
        bad(
            "re-plan date",
            format!("{date} is not a day of the week ({})", dates.join(", ")),
        )
    })?;
    let inputs: Vec<&Day> = old.days[first..]
        .iter()
        .map(|d| {
            d.day.as_ref().ok_or_else(|| {
                bad(
                    format!("day {}", d.date),
                    "has no day input (a week plan read back needs DIR/<date>/day.json)",
                )
            })
        })
        .collect::<Result<_, _>>()?;
    // Each event goes to the days it touches; ids are checked against the days re-planned.
    let mut per_day: Vec<Vec<Event>> = vec![Vec::new(); inputs.len()];
    for (i, e) in events.events.iter().enumerate() {
        let item = format!("event {}", i + 1);
        match e {
            Event::CarerAbsent { carer, from } => {
                if !inputs
                    .iter()
                    .any(|d| d.carers.iter().any(|c| &c.id == carer))
                {
                    return Err(bad(
                        item,
                        format!("names carer {carer:?}, who works on no day from {date}"),
                    ));
                }
                for (k, day) in inputs.iter().enumerate() {
                    if !day.carers.iter().any(|c| &c.id == carer) {
                        continue;
                    }
                    let from = if k == 0 {
                        from.clone()
                    } else {
                        "00:00".to_string()
                    };
                    per_day[k].push(Event::CarerAbsent {
                        carer: carer.clone(),
                        from,
                    });
                }
            }
            Event::VisitAdded { .. } | Event::CarerDelayed { .. } => per_day[0].push(e.clone()),
            Event::VisitCancelled { visit } | Event::DurationChanged { visit, .. } => {
                let k = inputs
                    .iter()
                    .position(|d| d.visits.iter().any(|v| &v.id == visit))
                    .ok_or_else(|| {
                        bad(
                            item,
                            format!("names visit {visit:?}, which no day from {date} has"),
                        )
                    })?;
                per_day[k].push(e.clone());
            }
        }
    }
    let mut days: Vec<WeekDay> = old.days[..first].to_vec();
    let mut changes = Vec::new();
    let mut violations: Vec<String> = Vec::new();
    for (k, day) in inputs.iter().enumerate() {
        let d = &old.days[first + k];
        if k > 0 && per_day[k].is_empty() {
            days.push(d.clone());
            continue;
        }
        let at_k = if k == 0 {
            at.to_string()
        } else {
            // The whole day: from its first shift.
            let open = day
                .carers
                .iter()
                .filter_map(|c| parse_hhmm(&c.shift_start))
                .fold(f64::INFINITY, f64::min);
            format_hhmmss(open)
        };
        let in_day = |e: PlanError| match e {
            PlanError::BadReplan { item, problem } => PlanError::BadReplan {
                item: format!("{}, {item}", d.date),
                problem,
            },
            other => other,
        };
        let re = ReplanDay::new(
            day,
            &d.plan,
            &at_k,
            &Events {
                events: per_day[k].clone(),
            },
            options,
        )
        .map_err(in_day)?;
        let (built, rest) = solve(&re.day)?;
        let replan = re.finish(&d.plan, rest, &built).map_err(in_day)?;
        if !replan.plan.feasible {
            violations.push(format!("{}: the re-planned day breaks a hard rule", d.date));
        }
        changes.extend(replan.changes.iter().map(|c| WeekChange {
            date: d.date.clone(),
            change: c.clone(),
        }));
        days.push(WeekDay {
            date: d.date.clone(),
            plan: replan.plan,
            day: Some(replan.updated_day),
        });
    }
    // The old check's findings on days kept stay; re-planned days were checked as days.
    let replanned: Vec<&str> = days
        .iter()
        .zip(&old.days)
        .filter(|(n, o)| n.plan != o.plan)
        .map(|(n, _)| n.date.as_str())
        .collect();
    violations.extend(
        old.check
            .violations
            .iter()
            .filter(|v| !replanned.iter().any(|d| v.starts_with(&format!("{d}:"))))
            .cloned(),
    );
    let carer_roles: Vec<(String, String)> = old
        .carers
        .iter()
        .map(|c| (c.carer.clone(), c.role.clone()))
        .collect();
    let patients: Vec<String> = old.patients.iter().map(|p| p.patient.clone()).collect();
    let plans: Vec<(String, Plan)> = days
        .iter()
        .map(|d| (d.date.clone(), d.plan.clone()))
        .collect();
    let (carers, patients, totals) =
        summarise(&plans, &carer_roles, &patients, old.unassigned.len());
    let interrupted = days.iter().any(|d| d.plan.interrupted);
    Ok(WeekPlan {
        name: old.name.clone(),
        days,
        totals,
        carers,
        patients,
        unassigned: old.unassigned.clone(),
        check: WeekCheck {
            valid: violations.is_empty(),
            violations,
        },
        search: old.search.clone(),
        interrupted,
        changes,
    })
}

/// Header of a week's `changes.csv`.
pub const WEEK_CHANGES_COLUMNS: &str =
    "date,visit,patient,old_carer,old_start,new_carer,new_start,reason";

/// A re-planned week's changes as CSV (`changes.csv`, a `date` column first).
pub fn week_changes_csv(changes: &[WeekChange]) -> String {
    let mut out = String::from(WEEK_CHANGES_COLUMNS);
    out.push('\n');
    for c in changes {
        out.push_str(&c.date);
        out.push(',');
        out.push_str(&crate::plan::change_row(&c.change));
        out.push('\n');
    }
    out
}
