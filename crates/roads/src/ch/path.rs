//! Point-to-point queries that return the path, unpacked to original graph arcs.

use super::search::{Direction, UpSearch, NO_PARENT};
use super::{ContractionHierarchy, ORIGINAL};
use crate::cost::Cost;

/// A shortest path in the hierarchy: its cost, the start entry used, and the
/// original arcs as `(tail rank, head rank, cost)`.
pub(crate) struct RankPath {
    pub cost: Cost,
    pub first: u32,
    pub arcs: Vec<(u32, u32, Cost)>,
}

/// Bidirectional upward search between entry sets; `None` when no path exists.
pub(crate) fn shortest_path(
    ch: &ContractionHierarchy,
    from: &[(u32, Cost)],
    to: &[(u32, Cost)],
) -> Option<RankPath> {
    let n = ch.node_count();
    let mut f = UpSearch::new(n);
    let mut b = UpSearch::new(n);
    f.start(from);
    b.start(to);
    let mut best = Cost::MAX;
    let mut meet = NO_PARENT;
    let mut done = [false, false];
    let mut side = 0;
    while !(done[0] && done[1]) {
        if done[side] {
            side ^= 1;
            continue;
        }
        let (search, other, dir) = if side == 0 {
            (&mut f, &b, Direction::Forward)
        } else {
            (&mut b, &f, Direction::Backward)
        };
        match search.peek() {
            Some(k) if k < best => {
                if let Some((v, d, stalled)) = search.step(ch, dir) {
                    let o = other.dist(v);
                    if !stalled && o != Cost::MAX && d.saturating_add(o) < best {
                        best = d.saturating_add(o);
                        meet = v;
                    }
                }
            }
            _ => done[side] = true,
        }
        side ^= 1;
    }
    if meet == NO_PARENT {
        return None;
    }
    // Up-path from the source entry to the meeting node, then down to the target entry.
    let mut up = vec![meet];
    while f.parent(*up.last().unwrap()) != NO_PARENT {
        up.push(f.parent(*up.last().unwrap()));
    }
    up.reverse();
    let mut down = vec![meet];
    while b.parent(*down.last().unwrap()) != NO_PARENT {
        down.push(b.parent(*down.last().unwrap()));
    }
    let mut arcs = Vec::new();
    for w in up.windows(2) {
        let cost = arc_cost(ch.fwd_arcs(w[0]), w[1]);
        unpack(ch, w[0], w[1], cost, &mut arcs);
    }
    for w in down.windows(2) {
        // Arc w[0] → w[1] where w[1] has the lower rank: stored in w[1]'s backward list.
        let cost = arc_cost(ch.bwd_arcs(w[1]), w[0]);
        unpack(ch, w[0], w[1], cost, &mut arcs);
    }
    Some(RankPath {
        cost: best,
        first: up[0],
        arcs,
    })
}

fn arc_cost(list: &[super::UpArc], head: u32) -> Cost {
    list.iter()
        .filter(|a| a.head == head)
        .map(|a| a.cost)
        .min()
        .expect("search tree arc exists in the hierarchy")
}

/// Finds the arc `a → b` in the hierarchy (in `a`'s forward list when `a` is lower, else in
/// `b`'s backward list).
fn find(ch: &ContractionHierarchy, a: u32, b: u32, cost: Cost) -> super::UpArc {
    let list = if a < b {
        ch.fwd_arcs(a)
    } else {
        ch.bwd_arcs(b)
    };
    let other = if a < b { b } else { a };
    *list
        .iter()
        .find(|x| x.head == other && x.cost == cost)
        .expect("unpacked arc exists in the hierarchy")
}

/// Expands the arc `a → b` into original arcs, appended in driving order.
fn unpack(ch: &ContractionHierarchy, a: u32, b: u32, cost: Cost, out: &mut Vec<(u32, u32, Cost)>) {
    let mut stack = vec![(a, b, cost)];
    while let Some((a, b, cost)) = stack.pop() {
        let arc = find(ch, a, b, cost);
        if arc.mid == ORIGINAL {
            out.push((a, b, cost));
        } else {
            let m = arc.mid;
            let c1 = arc_cost(ch.bwd_arcs(m), a);
            let c2 = arc_cost(ch.fwd_arcs(m), b);
            // Push the second half first so the first half is expanded first.
            stack.push((m, b, c2));
            stack.push((a, m, c1));
        }
    }
}
