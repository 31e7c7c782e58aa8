//! Upward Dijkstra searches on the hierarchy, with stall-on-demand.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::ContractionHierarchy;
use crate::cost::Cost;

/// Reusable state for one search direction (one per worker thread).
pub(crate) struct UpSearch {
    dist: Vec<Cost>,
    parent: Vec<u32>,
    stamp: Vec<u32>,
    now: u32,
    heap: BinaryHeap<Reverse<(Cost, u32)>>,
}

/// Which upward graph a search climbs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Direction {
    /// From a source, along arcs as they are driven.
    Forward,
    /// From a target, along arcs against their direction.
    Backward,
}

pub(crate) const NO_PARENT: u32 = u32::MAX;

impl UpSearch {
    pub(crate) fn new(n: usize) -> Self {
        UpSearch {
            dist: vec![0; n],
            parent: vec![NO_PARENT; n],
            stamp: vec![0; n],
            now: 0,
            heap: BinaryHeap::new(),
        }
    }

    #[inline]
    pub(crate) fn dist(&self, v: u32) -> Cost {
        if self.stamp[v as usize] == self.now {
            self.dist[v as usize]
        } else {
            Cost::MAX
        }
    }

    /// Parent of a reached node in the search tree (`NO_PARENT` for start nodes).
    #[inline]
    pub(crate) fn parent(&self, v: u32) -> u32 {
        self.parent[v as usize]
    }

    /// Starts a new search from `(rank, initial cost)` entries.
    pub(crate) fn start(&mut self, init: &[(u32, Cost)]) {
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.now = 1;
        }
        self.heap.clear();
        for &(v, c) in init {
            if c < self.dist(v) {
                self.dist[v as usize] = c;
                self.parent[v as usize] = NO_PARENT;
                self.stamp[v as usize] = self.now;
                self.heap.push(Reverse((c, v)));
            }
        }
    }

    /// Smallest key still queued.
    #[inline]
    pub(crate) fn peek(&self) -> Option<Cost> {
        self.heap.peek().map(|Reverse((c, _))| *c)
    }

    /// Settles the next node; returns it with its cost and whether it was stalled (a stalled
    /// node's cost is not its true distance and its arcs were not relaxed).
    pub(crate) fn step(
        &mut self,
        ch: &ContractionHierarchy,
        dir: Direction,
    ) -> Option<(u32, Cost, bool)> {
        loop {
            let Reverse((d, v)) = self.heap.pop()?;
            if d > self.dist(v) {
                continue;
            }
            let (up, down) = match dir {
                Direction::Forward => (ch.fwd_arcs(v), ch.bwd_arcs(v)),
                Direction::Backward => (ch.bwd_arcs(v), ch.fwd_arcs(v)),
            };
            // Stall on demand: a higher node already reached gives `v` a better cost.
            let stalled = down
                .iter()
                .any(|a| self.dist(a.head).saturating_add(a.cost) < d);
            if !stalled {
                for a in up {
                    let nd = d.saturating_add(a.cost);
                    if nd < self.dist(a.head) {
                        self.dist[a.head as usize] = nd;
                        self.parent[a.head as usize] = v;
                        self.stamp[a.head as usize] = self.now;
                        self.heap.push(Reverse((nd, a.head)));
                    }
                }
            }
            return Some((v, d, stalled));
        }
    }
}
