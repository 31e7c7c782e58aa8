//! Visits no allowed carer can serve even alone in the day: hard window closed before any
//! carer can arrive, or the carer could not be back within the shift and allowed overtime.
//! They are reported unassigned before the search, with that reason.

use super::super::compiled::Compiled;
use super::super::solution::UnassignedCause;
use super::{shift, windows};

const EPS: f64 = 1e-6;

pub(crate) fn compile(c: &mut Compiled) {
    for t in 0..c.n_visits {
        if c.impossible[t].is_some() {
            continue;
        }
        let place = c.place[t] as usize;
        let reachable = (0..c.n_carers).filter(|&k| c.allows(t, k)).any(|k| {
            let carer = &c.carers[k];
            let go = c.travel.time(carer.start_place as usize, place);
            let (start, late) = windows::start(&c.windows[t], carer.shift_open + go);
            if c.hard_close[t] && late > EPS {
                return false;
            }
            let back = start + c.duration[t] + c.travel.time(place, carer.end_place as usize);
            let (_, violation) = shift::route_end(carer, back, start - go);
            violation <= EPS
        });
        if !reachable {
            let pinned = c.hard_close[t]
                && c.windows[t].len() == 1
                && c.windows[t][0].0 == c.windows[t][0].1;
            c.impossible[t] = Some(if pinned {
                UnassignedCause::PinnedTimeUnreachable
            } else {
                UnassignedCause::WindowUnreachable
            });
        }
    }
}
