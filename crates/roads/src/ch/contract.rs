//! Node contraction (preprocessing).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::{ContractionHierarchy, UpArc, ORIGINAL};
use crate::cost::Cost;

/// Witness searches stop after settling this many nodes when simulating a contraction.
const SIMULATE_SETTLE_LIMIT: usize = 60;
/// ... and this many when contracting for real.
const CONTRACT_SETTLE_LIMIT: usize = 400;

#[derive(Clone, Copy, Debug)]
struct Edge {
    cost: Cost,
    other: u32,
    mid: u32,
    /// Number of original arcs this edge stands for.
    hops: u32,
}

/// Reusable Dijkstra state for witness searches.
struct Witness {
    dist: Vec<Cost>,
    stamp: Vec<u32>,
    now: u32,
    heap: BinaryHeap<Reverse<(Cost, u32)>>,
}

impl Witness {
    fn new(n: usize) -> Self {
        Witness {
            dist: vec![0; n],
            stamp: vec![0; n],
            now: 0,
            heap: BinaryHeap::new(),
        }
    }

    #[inline]
    fn get(&self, v: u32) -> Cost {
        if self.stamp[v as usize] == self.now {
            self.dist[v as usize]
        } else {
            Cost::MAX
        }
    }

    /// Shortest costs from `source` avoiding `skip`, up to `bound`, settling at most `limit`;
    /// stops early once every node of `targets` (other than `source`) is settled.
    fn run(
        &mut self,
        out: &[Vec<Edge>],
        source: u32,
        skip: u32,
        bound: Cost,
        limit: usize,
        targets: &[Edge],
    ) {
        let mut targets_left = targets.iter().filter(|e| e.other != source).count();
        if targets_left == 0 {
            return;
        }
        self.now = self.now.wrapping_add(1);
        if self.now == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.now = 1;
        }
        self.heap.clear();
        self.dist[source as usize] = 0;
        self.stamp[source as usize] = self.now;
        self.heap.push(Reverse((0, source)));
        let mut settled = 0;
        while let Some(Reverse((d, v))) = self.heap.pop() {
            if d > self.get(v) {
                continue;
            }
            if d > bound || settled >= limit {
                break;
            }
            settled += 1;
            if v != source && targets.iter().any(|e| e.other == v) {
                targets_left -= 1;
                if targets_left == 0 {
                    break;
                }
            }
            for e in &out[v as usize] {
                if e.other == skip {
                    continue;
                }
                let nd = d.saturating_add(e.cost);
                if nd < self.get(e.other) {
                    self.dist[e.other as usize] = nd;
                    self.stamp[e.other as usize] = self.now;
                    self.heap.push(Reverse((nd, e.other)));
                }
            }
        }
    }
}

/// The dynamic graph being contracted.
struct Dyn {
    out: Vec<Vec<Edge>>,
    inc: Vec<Vec<Edge>>,
    contracted: Vec<bool>,
    depth: Vec<u32>,
}

/// Shortcuts needed to contract `v`: `(from, to, cost, hops)`.
fn shortcuts_for(
    g: &Dyn,
    v: u32,
    w: &mut Witness,
    limit: usize,
    mut emit: impl FnMut(u32, u32, Cost, u32),
) {
    let outs = &g.out[v as usize];
    if outs.is_empty() {
        return;
    }
    let max_out = outs.iter().map(|e| e.cost).max().unwrap_or(0);
    for ein in &g.inc[v as usize] {
        let u = ein.other;
        let bound = ein.cost.saturating_add(max_out);
        w.run(&g.out, u, v, bound, limit, outs);
        for eout in outs {
            if eout.other == u {
                continue;
            }
            let via = ein.cost.saturating_add(eout.cost);
            if w.get(eout.other) > via {
                emit(u, eout.other, via, ein.hops + eout.hops);
            }
        }
    }
}

fn priority(g: &Dyn, v: u32, w: &mut Witness) -> f64 {
    let (mut added, mut added_hops) = (0u32, 0u32);
    shortcuts_for(g, v, w, SIMULATE_SETTLE_LIMIT, |_, _, _, h| {
        added += 1;
        added_hops += h;
    });
    let removed = (g.out[v as usize].len() + g.inc[v as usize].len()).max(1) as f64;
    let removed_hops = g.out[v as usize]
        .iter()
        .chain(&g.inc[v as usize])
        .map(|e| e.hops)
        .sum::<u32>()
        .max(1) as f64;
    2.0 * added as f64 / removed
        + 4.0 * added_hops as f64 / removed_hops
        + g.depth[v as usize] as f64
}

fn add_or_improve(list: &mut Vec<Edge>, e: Edge) {
    if let Some(x) = list.iter_mut().find(|x| x.other == e.other) {
        if e.cost < x.cost {
            *x = e;
        }
    } else {
        list.push(e);
    }
}

/// Priority key with a total order on f64.
fn key(p: f64) -> u64 {
    (p.max(-1e9) * 1024.0 + 1e12) as u64
}

/// Builds the contraction hierarchy of a graph of `n` nodes given as `(tail, head, cost)`
/// edges (the turn graph of a road network: nodes are arcs, edges allowed turns). The initial
/// priorities are computed in parallel on the rayon pool; contraction itself is sequential and
/// deterministic.
pub fn contract(n: usize, edges: &[(u32, u32, Cost)]) -> ContractionHierarchy {
    let mut g = Dyn {
        out: vec![Vec::new(); n],
        inc: vec![Vec::new(); n],
        contracted: vec![false; n],
        depth: vec![0; n],
    };
    for &(u, head, cost) in edges {
        if head == u {
            continue;
        }
        let e = |other| Edge {
            cost,
            other,
            mid: ORIGINAL,
            hops: 1,
        };
        add_or_improve(&mut g.out[u as usize], e(head));
        add_or_improve(&mut g.inc[head as usize], e(u));
    }

    let prios: Vec<f64> = (0..n as u32)
        .into_par_iter()
        .map_init(|| Witness::new(n), |w, v| priority(&g, v, w))
        .collect();
    let mut heap: BinaryHeap<Reverse<(u64, u32)>> = prios
        .iter()
        .enumerate()
        .map(|(v, p)| Reverse((key(*p), v as u32)))
        .collect();
    let mut current: Vec<u64> = prios.iter().map(|p| key(*p)).collect();
    drop(prios);

    let mut w = Witness::new(n);
    let mut order: Vec<u32> = Vec::with_capacity(n);
    let mut up_fwd: Vec<Vec<Edge>> = vec![Vec::new(); n];
    let mut up_bwd: Vec<Vec<Edge>> = vec![Vec::new(); n];
    let mut shortcuts: Vec<(u32, u32, Cost, u32)> = Vec::new();
    let mut neighbours: Vec<u32> = Vec::new();

    while let Some(Reverse((k, v))) = heap.pop() {
        if g.contracted[v as usize] || k != current[v as usize] {
            continue;
        }
        // Lazy update: re-evaluate and put back if no longer the minimum.
        let fresh = key(priority(&g, v, &mut w));
        if let Some(Reverse((next, _))) = heap.peek() {
            if fresh > *next {
                current[v as usize] = fresh;
                heap.push(Reverse((fresh, v)));
                continue;
            }
        }
        shortcuts.clear();
        shortcuts_for(&g, v, &mut w, CONTRACT_SETTLE_LIMIT, |a, b, c, h| {
            shortcuts.push((a, b, c, h))
        });
        g.contracted[v as usize] = true;
        order.push(v);
        let outs = std::mem::take(&mut g.out[v as usize]);
        let ins = std::mem::take(&mut g.inc[v as usize]);
        neighbours.clear();
        for e in &outs {
            g.inc[e.other as usize].retain(|x| x.other != v);
            neighbours.push(e.other);
        }
        for e in &ins {
            g.out[e.other as usize].retain(|x| x.other != v);
            neighbours.push(e.other);
        }
        for &(a, b, cost, hops) in &shortcuts {
            add_or_improve(
                &mut g.out[a as usize],
                Edge {
                    cost,
                    other: b,
                    mid: v,
                    hops,
                },
            );
            add_or_improve(
                &mut g.inc[b as usize],
                Edge {
                    cost,
                    other: a,
                    mid: v,
                    hops,
                },
            );
        }
        up_fwd[v as usize] = outs;
        up_bwd[v as usize] = ins;
        neighbours.sort_unstable();
        neighbours.dedup();
        let d = g.depth[v as usize] + 1;
        for &x in &neighbours {
            let depth = &mut g.depth[x as usize];
            *depth = (*depth).max(d);
            let p = key(priority(&g, x, &mut w));
            current[x as usize] = p;
            heap.push(Reverse((p, x)));
        }
    }

    let mut rank = vec![0u32; n];
    for (r, &v) in order.iter().enumerate() {
        rank[v as usize] = r as u32;
    }
    let to_csr = |lists: &Vec<Vec<Edge>>| {
        let mut first = Vec::with_capacity(n + 1);
        let mut arcs = Vec::new();
        first.push(0u32);
        for &v in &order {
            let mut list: Vec<UpArc> = lists[v as usize]
                .iter()
                .map(|e| UpArc {
                    cost: e.cost,
                    head: rank[e.other as usize],
                    mid: if e.mid == ORIGINAL {
                        ORIGINAL
                    } else {
                        rank[e.mid as usize]
                    },
                })
                .collect();
            list.sort_by_key(|a| a.head);
            arcs.extend(list);
            first.push(arcs.len() as u32);
        }
        (first, arcs)
    };
    let (fwd_first, fwd) = to_csr(&up_fwd);
    let (bwd_first, bwd) = to_csr(&up_bwd);
    ContractionHierarchy {
        rank,
        node_at: order,
        fwd_first,
        fwd,
        bwd_first,
        bwd,
    }
}
