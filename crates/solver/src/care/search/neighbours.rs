//! Nearby visits, to aim moves at promising places (granular neighbourhoods).

use super::super::compiled::Compiled;

/// For each visit, the `k` visits closest by travel time plus half the gap between
/// window middles.
pub(crate) fn nearest(c: &Compiled, k: usize) -> Vec<Vec<u32>> {
    let middle = |t: usize| {
        let w = &c.windows[t];
        let (open, close) = (w[0].0, w[w.len() - 1].1);
        if open.is_finite() && close.is_finite() {
            Some((open + close) / 2.0)
        } else {
            None
        }
    };
    (0..c.n_visits)
        .map(|a| {
            let mut near: Vec<(f64, u32)> = (0..c.n_visits)
                .filter(|&b| b != a)
                .map(|b| {
                    let (pa, pb) = (c.place[a] as usize, c.place[b] as usize);
                    let travel = c.travel.time(pa, pb).min(c.travel.time(pb, pa));
                    let gap = match (middle(a), middle(b)) {
                        (Some(x), Some(y)) => (x - y).abs() / 2.0,
                        _ => 0.0,
                    };
                    (travel + gap, b as u32)
                })
                .collect();
            let keep = k.min(near.len());
            if keep < near.len() {
                near.select_nth_unstable_by(keep, |x, y| x.0.total_cmp(&y.0));
                near.truncate(keep);
            }
            near.sort_by(|x, y| x.0.total_cmp(&y.0));
            near.into_iter().map(|x| x.1).collect()
        })
        .collect()
}
