//! Selective route exchange crossover (SREX, Nagata & Kobayashi 2010; as used
//! by PyVRP for VRPTW), in a matrix-only form.
//!
//! A group of `k` nearby routes is taken from parent A: starting from a random
//! job, the A-routes of its granular neighbours are collected. The `k` routes
//! of parent B that share the most jobs with that group are dropped. The child
//! is A's group plus B's remaining routes (minus jobs already in A's group);
//! jobs of B's dropped routes that are not in A's group are returned as
//! leftovers, to be inserted at their cheapest positions before education.

use super::individual::Individual;
use crate::instance::Instance;
use crate::rng::Rng;
use crate::search::NONE;

/// A child (routes as (vehicle, jobs)) and the jobs still to insert.
/// Most routes taken from parent A (keeps the crossover local on large instances).
const MAX_MOVED_ROUTES: usize = 10;

pub(crate) struct Offspring {
    pub routes: Vec<(usize, Vec<usize>)>,
    pub leftovers: Vec<usize>,
}

pub(crate) fn srex(
    inst: &Instance,
    neighbours: &[Vec<usize>],
    a: &Individual,
    b: &Individual,
    rng: &mut Rng,
) -> Offspring {
    if a.routes.is_empty() || b.routes.is_empty() {
        let routes = if a.routes.is_empty() {
            b.routes.clone()
        } else {
            a.routes.clone()
        };
        return Offspring {
            routes,
            leftovers: Vec::new(),
        };
    }
    let max_k = a
        .routes
        .len()
        .min(b.routes.len())
        .div_ceil(2)
        .clamp(1, MAX_MOVED_ROUTES);
    let k = 1 + rng.below(max_k);
    // Route index of each job in A.
    let mut route_a = vec![NONE; inst.n_tasks()];
    for (r, (_, jobs)) in a.routes.iter().enumerate() {
        for &j in jobs {
            route_a[j] = r;
        }
    }
    let start_route = rng.below(a.routes.len());
    let seed_jobs = &a.routes[start_route].1;
    let seed = seed_jobs[rng.below(seed_jobs.len())];
    let mut selected = vec![false; a.routes.len()];
    selected[start_route] = true;
    let mut count = 1;
    for &v in &neighbours[seed] {
        if count >= k {
            break;
        }
        let r = route_a[v];
        if r != NONE && !selected[r] {
            selected[r] = true;
            count += 1;
        }
    }
    while count < k {
        let r = rng.below(a.routes.len());
        if !selected[r] {
            selected[r] = true;
            count += 1;
        }
    }
    let mut in_group = vec![false; inst.n_tasks()];
    let mut used_vehicle = vec![false; inst.vehicles.len()];
    let mut routes = Vec::new();
    for (r, (v, jobs)) in a.routes.iter().enumerate() {
        if selected[r] {
            for &j in jobs {
                in_group[j] = true;
            }
            used_vehicle[*v] = true;
            routes.push((*v, jobs.clone()));
        }
    }
    // Drop the k routes of B that overlap most with the group.
    let mut overlap: Vec<(usize, usize)> = b
        .routes
        .iter()
        .enumerate()
        .map(|(r, (_, jobs))| (jobs.iter().filter(|&&j| in_group[j]).count(), r))
        .collect();
    overlap.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut dropped = vec![false; b.routes.len()];
    for &(_, r) in overlap.iter().take(k) {
        dropped[r] = true;
    }
    let mut leftovers = Vec::new();
    for (r, (v, jobs)) in b.routes.iter().enumerate() {
        let rest: Vec<usize> = jobs.iter().copied().filter(|&j| !in_group[j]).collect();
        if dropped[r] {
            leftovers.extend(rest);
            continue;
        }
        if rest.is_empty() {
            continue;
        }
        let vehicle = if !used_vehicle[*v] {
            Some(*v)
        } else {
            let t = inst.vehicles[*v].vtype;
            inst.type_vehicles[t]
                .clone()
                .find(|&w| !used_vehicle[w])
                .or_else(|| {
                    (0..inst.vehicles.len())
                        .find(|&w| !used_vehicle[w] && rest.iter().all(|&j| inst.can_serve(w, j)))
                })
        };
        match vehicle {
            Some(w) => {
                used_vehicle[w] = true;
                routes.push((w, rest));
            }
            None => leftovers.extend(rest),
        }
    }
    rng.shuffle(&mut leftovers);
    Offspring { routes, leftovers }
}
