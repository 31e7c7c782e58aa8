//! The exact earliest schedule of a route, stop by stop.
//!
//! The vehicle leaves its start when the shift opens; each task starts as soon as the vehicle
//! is there, the first window still open allows it and every timing link holding it
//! (`lower bound`) is met; a task whose windows have all closed starts late (a cost for soft
//! closing, a violation for hard closing; time is not warped back, so a link partner sees the
//! real start). The reported departure is the latest that keeps the first start: the vehicle
//! leaves just in time for its first task. Every cost term grows with the start times, so this
//! earliest schedule is the cheapest for the order given.
//!
//! [`Walk`] is that schedule as a running state; the route caches, the candidate evaluation of
//! the local search, the coupled timing and the solution builder all step it, so the rule is
//! written once.

use super::Timing;
use crate::instance::timing::start_in;
use crate::instance::{Instance, VehicleData};

/// One task's times in a walk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Visit {
    pub arrival: i64,
    pub start: i64,
    pub end: i64,
    /// Time started after the last window closed.
    pub late: i64,
    /// Travel time from the previous location.
    pub travel: i64,
    /// Index of the window the start is in (or the last one when late).
    pub window: usize,
    /// What starting after the announced time costs (0 when on time or none announced).
    pub moved_cost: i64,
}

/// Running state of the earliest schedule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Walk {
    /// Where the vehicle is.
    pub loc: usize,
    /// When it is free to leave (end of the last task, or the shift opening).
    pub time: i64,
    pub late_cost: i64,
    pub max_late: i64,
    pub violation: i64,
    /// Latest departure from the start that keeps the first task's start (`i64::MIN` until
    /// a task is visited).
    pub depart: i64,
    pub count: usize,
}

impl Walk {
    /// At vehicle `v`'s start when its shift opens.
    #[inline]
    pub fn start(v: &VehicleData) -> Walk {
        Walk {
            loc: v.start,
            time: v.shift.open,
            late_cost: 0,
            max_late: 0,
            violation: 0,
            depart: i64::MIN,
            count: 0,
        }
    }

    /// Visits task `t`, which may not start before `lower` (a timing link; `i64::MIN` for none).
    #[inline]
    pub fn visit(&mut self, inst: &Instance, profile: usize, t: usize, lower: i64) -> Visit {
        let travel = inst.dur_to(profile, self.loc, t);
        let arrival = self.time + travel;
        let earliest = arrival.max(lower).max(inst.task_not_before[t]);
        let (start, late, window) = start_in(&inst.task_windows[t], earliest);
        if late > 0 {
            if inst.task_soft[t] {
                self.late_cost += late * inst.task_late_cost[t];
                self.max_late = self.max_late.max(late);
            } else {
                self.violation += late;
            }
        }
        let moved_cost = inst.task_announced[t].map_or(0, |a| a.cost_at(start));
        self.late_cost += moved_cost;
        if self.count == 0 {
            self.depart = start - travel;
        }
        self.count += 1;
        let end = start + inst.task_service[t];
        self.time = end;
        self.loc = inst.loc_after(self.loc, t);
        Visit {
            arrival,
            start,
            end,
            late,
            travel,
            window,
            moved_cost,
        }
    }

    /// Timing totals once the vehicle is back at its end.
    #[inline]
    pub fn finish(&self, inst: &Instance, v: &VehicleData) -> Timing {
        let back = self.time + inst.dur(v.profile, self.loc, v.end);
        let depart = if self.count == 0 {
            v.shift.open
        } else {
            self.depart.max(v.shift.open)
        };
        Timing {
            depart,
            back,
            duration: back - depart,
            violation: self.violation + (back - v.end_close).max(0),
            late_cost: self.late_cost,
            max_late: self.max_late,
        }
    }
}

/// No lower bound.
pub(crate) const FREE: i64 = i64::MIN;
