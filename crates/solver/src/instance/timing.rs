//! Time: job windows (hard or soft closing, one or several), vehicles' shifts with overtime and
//! maximum duration, and breaks (tasks owned by their vehicle, with no location).

use super::{clamp, Instance, TaskKind, VehicleData, NO_LOC, TIME_LIMIT};
use crate::eval::{DurationSegment, Load};
use crate::model::{Lateness, Problem, TimeWindow};

pub(crate) fn compile(problem: &Problem, inst: &mut Instance) {
    for j in &problem.jobs {
        let windows: Vec<TimeWindow> = j
            .time_windows
            .iter()
            .map(|w| TimeWindow::new(clamp(w.open), clamp(w.close)))
            .collect();
        let not_before = j.not_before.map_or(i64::MIN, clamp);
        let open = windows.first().map_or(0, |w| w.open).max(not_before);
        let (close, late_cost, soft) = match j.lateness {
            Lateness::Hard => (windows.last().map_or(0, |w| w.close), 0, false),
            Lateness::Soft { cost_per_unit } => (TIME_LIMIT, cost_per_unit, true),
        };
        inst.task_seg
            .push(DurationSegment::node(j.service, open, close));
        inst.task_walk
            .push(soft || windows.len() > 1 || j.announced.is_some() || j.not_before.is_some());
        inst.task_windows.push(windows);
        inst.task_late_cost.push(late_cost);
        inst.task_soft.push(soft);
        inst.task_announced.push(j.announced);
        inst.task_not_before.push(not_before);
    }
    let obj = &problem.objective;
    let n = problem.num_locations();
    for (t, vt) in problem.vehicle_types.iter().enumerate() {
        let first = inst.vehicles.len();
        for _ in 0..vt.count {
            let v = inst.vehicles.len();
            let shift = TimeWindow::new(clamp(vt.shift.open), clamp(vt.shift.close));
            inst.vehicles.push(VehicleData {
                vtype: t,
                profile: vt.profile,
                start: vt.start.unwrap_or(n),
                end: vt.end.unwrap_or(n),
                shift,
                end_close: clamp(shift.close.saturating_add(vt.max_overtime)),
                overtime_cost: vt.overtime_cost,
                capacity: Load::from_slice(&vt.capacity),
                max_duration: vt.max_duration.unwrap_or(TIME_LIMIT * 4),
                fixed_cost: vt.fixed_cost
                    + if obj.minimise_vehicles {
                        obj.vehicle_cost
                    } else {
                        0
                    },
                cost_per_distance: vt.cost_per_distance,
                cost_per_time: vt.cost_per_time,
                cost_per_travel_time: vt.cost_per_travel_time,
                breaks: Vec::new(),
                reloads: Vec::new(),
                max_reloads: 0,
            });
            for (index, b) in vt.breaks.iter().enumerate() {
                let task = inst.push_owned_task(
                    TaskKind::Break { vehicle: v, index },
                    v,
                    NO_LOC,
                    b.duration,
                    b.window,
                );
                inst.vehicles[v].breaks.push(task);
            }
        }
        inst.type_vehicles.push(first..inst.vehicles.len());
    }
}

/// Start of a task that could start at `earliest` given its sorted windows, how late that
/// start is, and the index of the window used: the first window still open at `earliest`
/// (waiting for it to open), or `earliest` itself, late against the last window, when all
/// have closed. Non-decreasing in `earliest`.
#[inline]
pub(crate) fn start_in(windows: &[TimeWindow], earliest: i64) -> (i64, i64, usize) {
    for (i, w) in windows.iter().enumerate() {
        if earliest <= w.close {
            return (earliest.max(w.open), 0, i);
        }
    }
    match windows.last() {
        Some(w) => (earliest, earliest - w.close, windows.len() - 1),
        None => (earliest, 0, 0),
    }
}
