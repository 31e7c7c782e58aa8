//! Bucket-based many-to-many tables.

use rayon::prelude::*;

use super::search::{Direction, UpSearch};
use super::ContractionHierarchy;
use crate::cost::{Cost, UNREACHABLE};

/// Costs from every source to every target, row-major (`sources × targets`).
///
/// Each source and target is given as the hierarchy nodes (ranks) it reaches, with the cost of
/// reaching them (a snapped point reaches the two ends of its road piece).
pub(crate) fn many_to_many(
    ch: &ContractionHierarchy,
    sources: &[Vec<(u32, Cost)>],
    targets: &[Vec<(u32, Cost)>],
) -> Vec<Cost> {
    let n = ch.node_count();
    let t_count = targets.len();
    // Backward phase: every target's upward search space with costs.
    // Few large work units, so each worker allocates its search state only a few times.
    let unit = |len: usize| (len / (rayon::current_num_threads() * 4)).max(1);
    let spaces: Vec<Vec<(u32, Cost)>> = targets
        .par_iter()
        .with_min_len(unit(targets.len()))
        .map_init(
            || UpSearch::new(n),
            |s, init| {
                s.start(init);
                let mut space = Vec::new();
                while let Some((v, d, stalled)) = s.step(ch, Direction::Backward) {
                    if !stalled {
                        space.push((v, d));
                    }
                }
                space
            },
        )
        .collect();
    // Buckets: entries grouped by node, targets ascending inside a bucket.
    let mut first = vec![0u32; n + 1];
    for space in &spaces {
        for &(v, _) in space {
            first[v as usize + 1] += 1;
        }
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let total = first[n] as usize;
    let mut fill = first.clone();
    let mut bucket_target = vec![0u32; total];
    let mut bucket_cost = vec![0 as Cost; total];
    for (t, space) in spaces.iter().enumerate() {
        for &(v, d) in space {
            let slot = fill[v as usize] as usize;
            bucket_target[slot] = t as u32;
            bucket_cost[slot] = d;
            fill[v as usize] += 1;
        }
    }
    drop(spaces);
    drop(fill);

    // Forward phase: one row per source.
    let rows: Vec<Vec<Cost>> = sources
        .par_iter()
        .with_min_len(unit(sources.len()))
        .map_init(
            || UpSearch::new(n),
            |s, init| {
                let mut row = vec![UNREACHABLE; t_count];
                s.start(init);
                while let Some((v, d, stalled)) = s.step(ch, Direction::Forward) {
                    if stalled {
                        continue;
                    }
                    let (a, b) = (first[v as usize] as usize, first[v as usize + 1] as usize);
                    for (t, c) in bucket_target[a..b].iter().zip(&bucket_cost[a..b]) {
                        let cell = &mut row[*t as usize];
                        let via = d.saturating_add(*c);
                        if via < *cell {
                            *cell = via;
                        }
                    }
                }
                row
            },
        )
        .collect();
    let mut out = Vec::with_capacity(sources.len() * t_count);
    for row in rows {
        out.extend(row);
    }
    out
}
