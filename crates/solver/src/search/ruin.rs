//! Ruin and recreate in the style of SISR (Christiaens & Vanden Berghe
//! 2020): remove strings of consecutive jobs from a few routes near a random
//! seed job (with the companions of paired jobs), then reinsert the removed jobs one
//! by one at their cheapest position (with a small chance of skipping a
//! position, "blinks"). Breaks stay in their routes.

use super::{insertion, LocalSearch, NONE};
use crate::rng::Rng;

/// Average number of jobs removed.
pub const AVERAGE_REMOVED: usize = 10;
/// Longest string removed from one route.
pub const MAX_STRING: usize = 10;

/// Removes strings of jobs around a random assigned job; returns the removed tasks.
pub(crate) fn ruin(ls: &mut LocalSearch, rng: &mut Rng) -> Vec<usize> {
    let inst = ls.inst;
    let assigned: Vec<usize> = ls
        .active
        .iter()
        .copied()
        .filter(|&j| ls.route_of[j] != NONE && inst.is_job(j))
        .collect();
    if assigned.is_empty() {
        return Vec::new();
    }
    let seed = assigned[rng.below(assigned.len())];
    let routes_used = ls.routes.iter().filter(|r| !r.is_empty()).count().max(1);
    let avg_len = (assigned.len() / routes_used).max(1);
    let max_len = MAX_STRING.min(avg_len);
    let max_strings = ((4 * AVERAGE_REMOVED) / (1 + max_len) - 1).max(1);
    let strings = 1 + rng.below(max_strings);
    let mut ruined = Vec::new();
    let mut take = Vec::new();
    let mut candidates = vec![seed];
    candidates.extend_from_slice(&ls.neighbours[seed]);
    for c in candidates {
        if ruined.len() >= strings {
            break;
        }
        let r = ls.route_of[c];
        if r == NONE || ruined.contains(&r) {
            continue;
        }
        let len = ls.routes[r].len();
        let l = 1 + rng.below(max_len.min(len));
        // A string of length l containing c.
        let pc = ls.pos_of[c];
        let lo = pc.saturating_sub(l - 1).max(1);
        let hi = pc.min(len + 1 - l);
        let from = lo + rng.below(hi - lo + 1);
        let to = from + l - 1;
        take.extend(
            ls.routes[r].jobs[from - 1..to]
                .iter()
                .copied()
                .filter(|&t| inst.is_job(t)),
        );
        ruined.push(r);
    }
    ls.remove_tasks(&take)
}

/// Reinserts removed tasks at their cheapest positions (random order, 1 %
/// blinks) next to their granular neighbours; a task that would open a new
/// route there is priced at every position of every route first (opening
/// routes too easily was what kept the route count, and the distance, high on
/// tightly windowed instances).
pub(crate) fn recreate(ls: &mut LocalSearch, rng: &mut Rng, mut removed: Vec<usize>) {
    rng.shuffle(&mut removed);
    for u in removed {
        if ls.route_of[u] != NONE {
            continue;
        }
        let mut best = insertion::best_insertion_blinking(ls, u, rng, 0.01);
        // Near the granular neighbours nothing fits but a new route: look at
        // every position of every route before opening one.
        if best
            .as_ref()
            .is_none_or(|(_, m)| ls.routes[m.routes[0].target].is_empty())
        {
            if let Some(full) = insertion::best_insertion(ls, u, true) {
                if best.as_ref().is_none_or(|(d, _)| full.0 < *d) {
                    best = Some(full);
                }
            }
        }
        if let Some((d, m)) = best {
            let penalty = ls.inst.job_penalty[u];
            let c = crate::instance::links::companion(ls.inst, u);
            let penalty = if c == NONE {
                penalty
            } else {
                penalty.and_then(|p| ls.inst.job_penalty[c].map(|q| p.saturating_add(q)))
            };
            if penalty.is_none_or(|p| d < p) {
                ls.apply(&m);
            }
        }
    }
}
