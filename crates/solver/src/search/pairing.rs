//! Pairing rules, checked for every move: the two halves of a double-staffed job are served by
//! two different routes or both left out; the two ends of a shipment are in one route, pickup
//! first, or both left out.
//!
//! Only tasks with a companion matter; each route keeps their positions (`Route::comp_pos`),
//! so a move without such tasks costs nothing here.

use super::{LocalSearch, Move, Part, NONE};
use crate::instance::links::companion;

impl LocalSearch<'_> {
    /// Whether applying `m` would break a pairing rule.
    pub(crate) fn breaks_pairing(&self, m: &Move) -> bool {
        let inst = self.inst;
        if !inst.has_pairs || !self.any_companions(m) {
            return false;
        }
        // (task, candidate index, new position) of every companion task in the new routes.
        let mut placed: Vec<(usize, usize, usize)> = Vec::new();
        for (ci, c) in m.candidates().iter().enumerate() {
            let target = &self.routes[c.target];
            let mut pos = 0usize;
            for part in c.parts() {
                match part {
                    Part::Prefix(end) => {
                        for &q in target.comp_pos.iter().take_while(|&&q| q <= end) {
                            placed.push((target.job(q), ci, q));
                        }
                        pos = end;
                    }
                    Part::Range { route, from, to } | Part::Reversed { route, from, to } => {
                        if from > to {
                            continue;
                        }
                        let r = &self.routes[route];
                        let rev = matches!(part, Part::Reversed { .. });
                        for &q in &r.comp_pos {
                            if q >= from && q <= to {
                                let at = if rev {
                                    pos + to - q + 1
                                } else {
                                    pos + q - from + 1
                                };
                                placed.push((r.job(q), ci, at));
                            }
                        }
                        pos += to + 1 - from;
                    }
                    Part::Job(j) => {
                        pos += 1;
                        if companion(inst, j) != NONE {
                            placed.push((j, ci, pos));
                        }
                    }
                    Part::Suffix { route, from } => {
                        let r = &self.routes[route];
                        let k = r.comp_pos.partition_point(|&q| q < from);
                        for &q in &r.comp_pos[k..] {
                            placed.push((r.job(q), ci, pos + q - from + 1));
                        }
                        pos += (r.len() + 1).saturating_sub(from);
                    }
                }
            }
        }
        let targets: Vec<usize> = m.candidates().iter().map(|c| c.target).collect();
        // Where a task is after the move: (candidate, position), or its unchanged route, or out.
        let after = |t: usize| -> Option<(usize, usize)> {
            if let Some(&(_, ci, p)) = placed.iter().find(|x| x.0 == t) {
                return Some((targets[ci], p));
            }
            let r = self.route_of[t];
            if r == NONE || targets.contains(&r) {
                None
            } else {
                Some((r, self.pos_of[t]))
            }
        };
        // Tasks leaving the changed routes must take their companion along.
        for c in m.candidates() {
            for &q in &self.routes[c.target].comp_pos {
                let t = self.routes[c.target].job(q);
                if !placed.iter().any(|x| x.0 == t) && after(companion(inst, t)).is_some() {
                    return true;
                }
            }
        }
        for &(t, ci, p) in &placed {
            let other = companion(inst, t);
            let Some((r_other, p_other)) = after(other) else {
                return true;
            };
            let r = targets[ci];
            if inst.partner[t] == other {
                if r_other == r {
                    return true;
                }
            } else if r_other != r || (inst.is_pickup[t] && p_other < p) {
                return true;
            }
        }
        false
    }

    /// Whether some route of the move, before or after it, holds a task with a companion.
    fn any_companions(&self, m: &Move) -> bool {
        m.candidates().iter().any(|c| {
            !self.routes[c.target].comp_pos.is_empty()
                || c.parts().any(|p| match p {
                    Part::Job(j) => companion(self.inst, j) != NONE,
                    Part::Range { route, .. }
                    | Part::Reversed { route, .. }
                    | Part::Suffix { route, .. } => !self.routes[route].comp_pos.is_empty(),
                    Part::Prefix(_) => false,
                })
        })
    }
}
