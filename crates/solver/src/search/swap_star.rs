//! SWAP* (Vidal 2022): exchange a job `u` of route A with a job `v` of route
//! B, each going to its best position in the other route rather than in the
//! place of the other. Removals are priced with the full penalised cost,
//! insertions by travel cost with the three best positions per job kept; the
//! best estimated combination is then priced exactly and applied if it improves.

use super::{Candidate, LocalSearch, Move, Part, NONE};

/// The three best insertion positions ("after position p") with their cost deltas.
#[derive(Clone, Copy)]
struct Top3 {
    cost: [i64; 3],
    pos: [usize; 3],
}

impl Top3 {
    fn new() -> Self {
        Top3 {
            cost: [i64::MAX; 3],
            pos: [NONE; 3],
        }
    }

    fn add(&mut self, cost: i64, pos: usize) {
        if cost >= self.cost[2] {
            return;
        }
        if cost >= self.cost[1] {
            self.cost[2] = cost;
            self.pos[2] = pos;
        } else if cost >= self.cost[0] {
            self.cost[2] = self.cost[1];
            self.pos[2] = self.pos[1];
            self.cost[1] = cost;
            self.pos[1] = pos;
        } else {
            self.cost = [cost, self.cost[0], self.cost[1]];
            self.pos = [pos, self.pos[0], self.pos[1]];
        }
    }

    /// Best position not adjacent to (removed) position `pv`.
    fn best_excluding(&self, pv: usize) -> (i64, usize) {
        for k in 0..3 {
            if self.pos[k] != NONE && self.pos[k] != pv && self.pos[k] + 1 != pv {
                return (self.cost[k], self.pos[k]);
            }
        }
        (i64::MAX, NONE)
    }
}

fn removal_delta(ls: &LocalSearch, r: usize, p: usize) -> i64 {
    ls.delta_unpaired(&Move::one(Candidate::without(r, p)))
}

/// Candidate for route `r` with the job at `pu` removed and job `v` inserted after original position `p`.
fn remove_and_insert(r: usize, pu: usize, v: usize, p: usize) -> Candidate {
    if p + 1 < pu {
        Candidate::new(
            r,
            &[
                Part::Prefix(p),
                Part::Job(v),
                Part::Range {
                    route: r,
                    from: p + 1,
                    to: pu - 1,
                },
                Part::Suffix {
                    route: r,
                    from: pu + 1,
                },
            ],
        )
    } else if p + 1 == pu || p == pu {
        Candidate::new(
            r,
            &[
                Part::Prefix(pu - 1),
                Part::Job(v),
                Part::Suffix {
                    route: r,
                    from: pu + 1,
                },
            ],
        )
    } else {
        Candidate::new(
            r,
            &[
                Part::Prefix(pu - 1),
                Part::Range {
                    route: r,
                    from: pu + 1,
                    to: p,
                },
                Part::Job(v),
                Part::Suffix {
                    route: r,
                    from: p + 1,
                },
            ],
        )
    }
}

/// Travel cost of the edge between locations `x` and `y` for the vehicle of route `r`.
fn edge(ls: &LocalSearch, r: usize, x: usize, y: usize) -> i64 {
    let v = &ls.inst.vehicles[ls.routes[r].vehicle];
    let distance = v.cost_per_distance * ls.inst.dist(v.profile, x, y);
    let per_time = v.cost_per_time + v.cost_per_travel_time;
    if per_time == 0 {
        distance
    } else {
        distance + per_time * ls.inst.dur(v.profile, x, y)
    }
}

/// Travel cost of inserting job `u` between positions `p` and `p + 1` of route `r`.
fn insert_cost(ls: &LocalSearch, r: usize, p: usize, u: usize) -> i64 {
    let route = &ls.routes[r];
    let lu = ls.inst.task_loc[u];
    let (x, y) = (route.locs[p], route.locs[p + 1]);
    edge(ls, r, x, lu) + edge(ls, r, lu, y) - edge(ls, r, x, y)
}

/// Travel cost of putting job `u` in the gap left by removing position `pv` of route `r`.
fn gap_cost(ls: &LocalSearch, r: usize, pv: usize, u: usize) -> i64 {
    let route = &ls.routes[r];
    let lu = ls.inst.task_loc[u];
    let (x, y) = (route.locs[pv - 1], route.locs[pv + 1]);
    edge(ls, r, x, lu) + edge(ls, r, lu, y) - edge(ls, r, x, y)
}

/// Best SWAP* move between routes `a` and `b`, if improving.
///
/// As in Vidal (2022), removals are priced exactly (penalties included) and
/// insertions by travel cost only, keeping the three best positions; the
/// best estimated exchange is then priced exactly.
fn best_move(ls: &LocalSearch, a: usize, b: usize) -> Option<(i64, Move)> {
    let (ra, rb) = (&ls.routes[a], &ls.routes[b]);
    let (va, vb) = (ra.vehicle, rb.vehicle);
    let rem_a: Vec<i64> = (1..=ra.len()).map(|p| removal_delta(ls, a, p)).collect();
    let rem_b: Vec<i64> = (1..=rb.len()).map(|p| removal_delta(ls, b, p)).collect();
    let top = |jobs: &[usize], r: usize, vehicle: usize, len: usize| -> Vec<Top3> {
        jobs.iter()
            .map(|&u| {
                let mut t = Top3::new();
                if ls.inst.can_serve(vehicle, u) {
                    for p in 0..=len {
                        t.add(insert_cost(ls, r, p, u), p);
                    }
                }
                t
            })
            .collect()
    };
    let top_in_b = top(&ra.jobs, b, vb, rb.len());
    let top_in_a = top(&rb.jobs, a, va, ra.len());
    let mut best: Option<(i64, usize, usize, usize, usize)> = None;
    for (iu, &u) in ra.jobs.iter().enumerate() {
        if top_in_b[iu].pos[0] == NONE {
            continue;
        }
        let pu = iu + 1;
        for (iv, &v) in rb.jobs.iter().enumerate() {
            if top_in_a[iv].pos[0] == NONE {
                continue;
            }
            let pv = iv + 1;
            let base = rem_a[iu] + rem_b[iv];
            let (mut ins_u, mut pos_u) = top_in_b[iu].best_excluding(pv);
            let in_place_u = gap_cost(ls, b, pv, u);
            if in_place_u < ins_u {
                ins_u = in_place_u;
                pos_u = pv - 1;
            }
            let (mut ins_v, mut pos_v) = top_in_a[iv].best_excluding(pu);
            let in_place_v = gap_cost(ls, a, pu, v);
            if in_place_v < ins_v {
                ins_v = in_place_v;
                pos_v = pu - 1;
            }
            let est = base + ins_u + ins_v;
            if est < 0 && best.is_none_or(|b| est < b.0) {
                best = Some((est, pu, pv, pos_u, pos_v));
            }
        }
    }
    let (_, pu, pv, pos_u, pos_v) = best?;
    let u = ra.job(pu);
    let v = rb.job(pv);
    let m = Move::two(
        remove_and_insert(a, pu, v, pos_v),
        remove_and_insert(b, pv, u, pos_u),
    );
    let d = ls.delta(&m);
    (d < 0).then_some((d, m))
}

/// Routes that hold a close neighbour of one of route `r`'s jobs.
fn close_routes(ls: &LocalSearch, r: usize, out: &mut [bool]) {
    out.iter_mut().for_each(|x| *x = false);
    for &u in &ls.routes[r].jobs {
        for &v in ls.neighbours[u].iter().take(10) {
            let rv = ls.route_of[v];
            if rv != NONE {
                out[rv] = true;
            }
        }
    }
}

/// One pass of SWAP* over pairs of nearby routes modified since last tested.
pub(crate) fn run(ls: &mut LocalSearch) -> bool {
    let mut improved = false;
    let mut close = vec![false; ls.routes.len()];
    for a in 0..ls.routes.len() {
        if ls.routes[a].is_empty() {
            continue;
        }
        let last = ls.mark_routes_tested(a);
        close_routes(ls, a, &mut close);
        for b in a + 1..ls.routes.len() {
            if !close[b] || ls.routes[b].is_empty() || ls.routes[a].is_empty() {
                continue;
            }
            if !ls.modified_since(a, last) && !ls.modified_since(b, last) {
                continue;
            }
            if let Some((_, m)) = best_move(ls, a, b) {
                ls.apply(&m);
                improved = true;
                close_routes(ls, a, &mut close);
            }
        }
    }
    improved
}
