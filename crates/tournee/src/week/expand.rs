//! From orders to occurrences: which visits a week holds and on which days each may go.
//!
//! An order without `times` gives one occurrence per allowed day (fixed). An order with
//! `times: N` gives N occurrences, in order (the k-th before the (k+1)-th), each allowed on the
//! days where some choice of N days keeps the spacing (`min_days_between`, `max_days_between`,
//! in calendar days) with it there: found by a forward and a backward pass over the allowed
//! days, so that a frequency or a spacing no calendar allows is an error before any search.

use super::calendar::{day_number, weekday, WEEKDAYS};
use super::input::{Order, Week, WeekCarer};
use crate::plan::PlanError;

/// The dates of the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct Horizon {
    /// `"YYYY-MM-DD"`, increasing.
    pub dates: Vec<String>,
    /// Day numbers (days since 1970-01-01) of `dates`.
    pub numbers: Vec<i64>,
}

impl Horizon {
    /// Reads and checks the dates of `week`.
    pub fn of(week: &Week) -> Result<Horizon, PlanError> {
        if week.days.is_empty() {
            return Err(bad("the week", "has no days"));
        }
        let mut numbers = Vec::with_capacity(week.days.len());
        for d in &week.days {
            let n = day_number(d)
                .ok_or_else(|| bad("the week", &format!("day {d:?} is not a date YYYY-MM-DD")))?;
            if numbers.last().is_some_and(|&p| n <= p) {
                return Err(bad(
                    "the week",
                    &format!("day {d} does not come after the day before it (days must increase)"),
                ));
            }
            numbers.push(n);
        }
        Ok(Horizon {
            dates: week.days.clone(),
            numbers,
        })
    }

    /// Seconds from the first day's midnight to day `d`'s midnight.
    pub fn offset(&self, d: usize) -> f64 {
        (self.numbers[d] - self.numbers[0]) as f64 * 86_400.0
    }

    /// Days (positions in the horizon) named by `names` (dates or weekday names), for `item`.
    fn days_named(
        &self,
        item: &str,
        field: &str,
        names: &[String],
    ) -> Result<Vec<usize>, PlanError> {
        let mut out = Vec::new();
        for name in names {
            let key = name.trim().to_ascii_lowercase();
            if let Some(w) = WEEKDAYS.iter().position(|&x| x == key) {
                out.extend((0..self.dates.len()).filter(|&d| weekday(self.numbers[d]) == w));
            } else if day_number(&key).is_some() {
                let d = self.dates.iter().position(|x| *x == key).ok_or_else(|| {
                    bad(
                        item,
                        &format!(
                            "{field}: date {name} is outside the horizon ({} to {})",
                            self.dates[0],
                            self.dates[self.dates.len() - 1]
                        ),
                    )
                })?;
                out.push(d);
            } else {
                return Err(bad(
                    item,
                    &format!(
                        "{field}: {name:?} is neither a date YYYY-MM-DD nor a weekday (mon … sun)"
                    ),
                ));
            }
        }
        out.sort_unstable();
        out.dedup();
        Ok(out)
    }

    /// The shift of `carer` on day `d` (a date key overrides the weekday key).
    pub fn shift(&self, carer: &WeekCarer, d: usize) -> Option<[String; 2]> {
        carer
            .shifts
            .get(&self.dates[d])
            .or_else(|| carer.shifts.get(WEEKDAYS[weekday(self.numbers[d])]))
            .cloned()
    }

    /// Checks that every shift key of `carer` is a weekday or a date of the horizon.
    pub fn check_shift_keys(&self, carer: &WeekCarer) -> Result<(), PlanError> {
        for key in carer.shifts.keys() {
            if WEEKDAYS.contains(&key.as_str()) || self.dates.contains(key) {
                continue;
            }
            let item = format!("carer {}", carer.id);
            return Err(bad(
                &item,
                &if day_number(key).is_some() {
                    format!("shifts: date {key} is outside the horizon")
                } else {
                    format!("shifts: {key:?} is neither a date YYYY-MM-DD of the horizon nor a weekday (mon … sun)")
                },
            ));
        }
        Ok(())
    }
}

/// One visit of an order on the days it may go.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    /// Visit id: `"<order>@<date>"` (fixed day) or `"<order>#<k>"` (chosen day, k from 1).
    pub id: String,
    /// Index of the order in the week.
    pub order: usize,
    /// Position among the order's occurrences (0-based).
    pub index: usize,
    /// Days (positions in the horizon) it may go on, increasing.
    pub days: Vec<usize>,
    /// Whether the planner chooses the day (`times` given).
    pub flexible: bool,
}

/// The spacing rule of a flexible order, in calendar days.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Smallest gap between two occurrences.
    pub min_days: u32,
    /// Largest gap between two consecutive occurrences.
    pub max_days: Option<u32>,
}

impl Spacing {
    /// Whether two occurrences of an order, `steps` apart in its sequence (1: consecutive),
    /// may lie `gap` calendar days apart (the later one minus the earlier one): at least
    /// `min_days` per step, at most `max_days` between consecutive ones.
    ///
    /// ```
    /// use tournee::week::Spacing;
    /// let s = Spacing { min_days: 2, max_days: Some(4) };
    /// assert!(s.allows(2, 1) && s.allows(4, 1) && !s.allows(5, 1) && !s.allows(1, 1));
    /// assert!(s.allows(5, 2) && !s.allows(3, 2));
    /// ```
    pub fn allows(&self, gap: i64, steps: usize) -> bool {
        gap >= i64::from(self.min_days) * steps as i64
            && (steps != 1 || self.max_days.is_none_or(|m| gap <= i64::from(m)))
    }
}

/// The spacing of `order` (flexible orders only).
pub fn spacing(order: &Order) -> Spacing {
    Spacing {
        min_days: order.min_days_between.unwrap_or(1),
        max_days: order.max_days_between,
    }
}

pub(crate) fn bad(item: &str, problem: &str) -> PlanError {
    PlanError::BadWeek {
        item: item.to_string(),
        problem: problem.to_string(),
    }
}

/// Every occurrence of every order of `week`, orders in order.
pub fn expand(week: &Week, horizon: &Horizon) -> Result<Vec<Occurrence>, PlanError> {
    let mut out = Vec::new();
    for (o, order) in week.orders.iter().enumerate() {
        let item = format!("order {}", order.id);
        let allowed = if order.days.is_empty() {
            (0..horizon.dates.len()).collect()
        } else {
            horizon.days_named(&item, "days", &order.days)?
        };
        if allowed.is_empty() {
            return Err(bad(&item, "has no allowed day in the horizon"));
        }
        match order.times {
            None => {
                if order.min_days_between.is_some() || order.max_days_between.is_some() {
                    return Err(bad(&item, "min_days_between / max_days_between need times (on fixed days every allowed day has a visit)"));
                }
                for (k, &d) in allowed.iter().enumerate() {
                    out.push(Occurrence {
                        id: format!("{}@{}", order.id, horizon.dates[d]),
                        order: o,
                        index: k,
                        days: vec![d],
                        flexible: false,
                    });
                }
            }
            Some(0) => {
                return Err(bad(
                    &item,
                    "times is 0 (give at least 1, or leave the order out)",
                ))
            }
            Some(n) => {
                let s = spacing(order);
                if let Some(max) = s.max_days {
                    if max < s.min_days.max(1) {
                        return Err(bad(
                            &item,
                            &format!(
                                "max_days_between {max} is below min_days_between {} (or 0)",
                                s.min_days
                            ),
                        ));
                    }
                }
                let days = chains(horizon, &allowed, n, s);
                if days.iter().any(|d| d.is_empty()) {
                    let dates: Vec<&str> =
                        allowed.iter().map(|&d| horizon.dates[d].as_str()).collect();
                    return Err(bad(
                        &item,
                        &format!(
                            "{n} visits at least {} day(s) apart{} do not fit on its allowed days ({})",
                            s.min_days,
                            s.max_days.map(|m| format!(" and at most {m} apart")).unwrap_or_default(),
                            dates.join(", ")
                        ),
                    ));
                }
                for (k, d) in days.into_iter().enumerate() {
                    out.push(Occurrence {
                        id: format!("{}#{}", order.id, k + 1),
                        order: o,
                        index: k,
                        days: d,
                        flexible: true,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// For each of `n` occurrences, the allowed days where it can stand in some spaced choice.
fn chains(h: &Horizon, allowed: &[usize], n: usize, s: Spacing) -> Vec<Vec<usize>> {
    let m = allowed.len();
    let gap = |a: usize, b: usize| h.numbers[allowed[b]] - h.numbers[allowed[a]];
    let fits = |a: usize, b: usize| {
        let g = gap(a, b);
        g >= i64::from(s.min_days)
            && (a < b || s.min_days == 0 && a == b)
            && s.max_days.is_none_or(|x| g <= i64::from(x))
    };
    let mut fwd = vec![vec![false; m]; n];
    let mut bwd = vec![vec![false; m]; n];
    fwd[0] = vec![true; m];
    for k in 1..n {
        for b in 0..m {
            fwd[k][b] = (0..=b).any(|a| fwd[k - 1][a] && fits(a, b));
        }
    }
    bwd[n - 1] = vec![true; m];
    for k in (0..n - 1).rev() {
        for a in 0..m {
            bwd[k][a] = (a..m).any(|b| bwd[k + 1][b] && fits(a, b));
        }
    }
    (0..n)
        .map(|k| {
            (0..m)
                .filter(|&i| fwd[k][i] && bwd[k][i])
                .map(|i| allowed[i])
                .collect()
        })
        .collect()
}

/// The first feasible choice of days for the occurrences of one flexible order (what a
/// single-day tool does: each visit on the first day it may go, given the ones before). Each
/// occurrence's days are those of a spaced choice, so the earliest day that keeps the spacing
/// with the one before always leaves room for the ones after.
pub fn earliest_days(h: &Horizon, occurrences: &[&Occurrence], s: Spacing) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(occurrences.len());
    for occ in occurrences {
        let pick = occ.days.iter().copied().find(|&d| {
            out.last().is_none_or(|&p| {
                let g = h.numbers[d] - h.numbers[p];
                g >= i64::from(s.min_days)
                    && (d > p || s.min_days == 0)
                    && s.max_days.is_none_or(|x| g <= i64::from(x))
            })
        });
        out.push(pick.unwrap_or(occ.days[0]));
    }
    out
}
