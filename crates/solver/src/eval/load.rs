//! Loads along a route, priced by segment concatenation.
//!
//! Three kinds of load meet in a vehicle:
//! - **deliveries** (`Job::demand`): loaded at the start of the route, or of the trip when the
//!   vehicle reloads at a depot, and left at the job;
//! - **pickups** (`Job::pickup`): collected at the job and carried to the end of the route, or
//!   unloaded at the next reload depot;
//! - **shipments**: picked up at one job and delivered at another, on board in between,
//!   across reloads.
//!
//! A [`LoadSegment`] summarises a sequence of stops so that two sequences join in O(1): the
//! deliveries and pickups of its first and last trips (the parts that continue into the
//! neighbouring sequences), the shipment balance, and the highest load seen at any point,
//! relative to the load on board when the segment starts. A reload stop (see
//! [`LoadSegment::reload`]) closes a trip. The load at a point is
//! `deliveries still to make in this trip + pickups made in this trip + shipments on board`;
//! a route's [`LoadSegment::excess`] is, per dimension, how far its highest point goes above
//! the capacity (0 when the route fits everywhere).

use crate::model::MAX_DIMENSIONS;

/// A load (or demand, or capacity) vector with up to [`MAX_DIMENSIONS`] dimensions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Load(pub [i64; MAX_DIMENSIONS]);

impl Load {
    /// From a slice (at most [`MAX_DIMENSIONS`] values; validated earlier).
    pub fn from_slice(values: &[i64]) -> Self {
        let mut l = [0; MAX_DIMENSIONS];
        l[..values.len()].copy_from_slice(values);
        Load(l)
    }

    /// Component-wise sum.
    #[inline]
    pub fn add(&self, other: &Load) -> Load {
        let mut l = self.0;
        for (a, b) in l.iter_mut().zip(other.0.iter()) {
            *a += b;
        }
        Load(l)
    }

    /// Component-wise difference.
    #[inline]
    pub fn sub(&self, other: &Load) -> Load {
        let mut l = self.0;
        for (a, b) in l.iter_mut().zip(other.0.iter()) {
            *a -= b;
        }
        Load(l)
    }

    /// Component-wise maximum.
    #[inline]
    pub fn max(&self, other: &Load) -> Load {
        let mut l = self.0;
        for (a, b) in l.iter_mut().zip(other.0.iter()) {
            *a = (*a).max(*b);
        }
        Load(l)
    }

    /// Sum over the first `dims` dimensions of the load above `capacity`.
    #[inline]
    pub fn excess(&self, capacity: &Load, dims: usize) -> i64 {
        (0..dims).map(|d| (self.0[d] - capacity.0[d]).max(0)).sum()
    }

    /// Whether every one of the first `dims` dimensions fits in `capacity`.
    pub fn fits(&self, capacity: &Load, dims: usize) -> bool {
        self.excess(capacity, dims) == 0
    }
}

/// Marks "no point" in [`LoadSegment::mid_peak`] (a segment without complete inner trip).
const NO_POINT: i64 = i64::MIN / 4;

/// Summary of a sequence of stops for capacity (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadSegment {
    /// Deliveries of the first trip (the whole segment without reload).
    pub first_delivery: Load,
    /// Pickups of the first trip.
    pub first_pickup: Load,
    /// Highest load in the first trip, relative to the segment's start, before the
    /// deliveries of a following sequence (same trip) are added.
    pub first_peak: Load,
    /// Highest load in the complete trips strictly inside the segment (`NO_POINT` if none).
    pub mid_peak: Load,
    /// Deliveries of the last trip (after the last reload).
    pub last_delivery: Load,
    /// Pickups of the last trip.
    pub last_pickup: Load,
    /// Highest load in the last trip, relative to the segment's start.
    pub last_peak: Load,
    /// Shipment balance over the whole segment (picked up minus delivered).
    pub shipped: Load,
    /// How many reload stops the segment contains (with one or more, it has a first and a
    /// last trip).
    pub reloads: u32,
}

impl Default for LoadSegment {
    fn default() -> Self {
        LoadSegment {
            first_delivery: Load::default(),
            first_pickup: Load::default(),
            first_peak: Load::default(),
            mid_peak: Load([NO_POINT; MAX_DIMENSIONS]),
            last_delivery: Load::default(),
            last_pickup: Load::default(),
            last_peak: Load::default(),
            shipped: Load::default(),
            reloads: 0,
        }
    }
}

impl LoadSegment {
    /// One stop: `delivery` left here, `pickup` collected here, `shipped` picked up (> 0) or
    /// delivered (< 0) for a shipment.
    pub fn stop(delivery: Load, pickup: Load, shipped: Load) -> Self {
        // On arrival the stop's own delivery is still on board; after service its pickup
        // and shipment are.
        let after = pickup.add(&shipped);
        LoadSegment {
            first_delivery: delivery,
            first_pickup: pickup,
            first_peak: delivery.max(&after),
            shipped,
            ..LoadSegment::default()
        }
    }

    /// A reload stop at a depot: ends one trip and starts the next.
    pub fn reload() -> Self {
        LoadSegment {
            reloads: 1,
            ..LoadSegment::default()
        }
    }

    /// Concatenation of `self` then `next`.
    #[inline]
    pub fn merge(&self, next: &LoadSegment, dims: usize) -> LoadSegment {
        let mut out = *self;
        for d in 0..dims {
            let s = self.shipped.0[d];
            // The trip that continues across the junction: self's last (or only) trip and
            // next's first (or only) trip.
            let (left_delivery, left_pickup, left_peak) = if self.reloads > 0 {
                (
                    self.last_delivery.0[d],
                    self.last_pickup.0[d],
                    self.last_peak.0[d],
                )
            } else {
                (
                    self.first_delivery.0[d],
                    self.first_pickup.0[d],
                    self.first_peak.0[d],
                )
            };
            let joined_delivery = left_delivery + next.first_delivery.0[d];
            let joined_pickup = left_pickup + next.first_pickup.0[d];
            let joined_peak =
                (left_peak + next.first_delivery.0[d]).max(next.first_peak.0[d] + left_pickup + s);
            match (self.reloads > 0, next.reloads > 0) {
                (false, false) => {
                    out.first_delivery.0[d] = joined_delivery;
                    out.first_pickup.0[d] = joined_pickup;
                    out.first_peak.0[d] = joined_peak;
                }
                (false, true) => {
                    out.first_delivery.0[d] = joined_delivery;
                    out.first_pickup.0[d] = joined_pickup;
                    out.first_peak.0[d] = joined_peak;
                    out.mid_peak.0[d] = shift(next.mid_peak.0[d], s);
                    out.last_delivery.0[d] = next.last_delivery.0[d];
                    out.last_pickup.0[d] = next.last_pickup.0[d];
                    out.last_peak.0[d] = next.last_peak.0[d] + s;
                }
                (true, false) => {
                    out.last_delivery.0[d] = joined_delivery;
                    out.last_pickup.0[d] = joined_pickup;
                    out.last_peak.0[d] = joined_peak;
                }
                (true, true) => {
                    out.mid_peak.0[d] = self.mid_peak.0[d]
                        .max(joined_peak)
                        .max(shift(next.mid_peak.0[d], s));
                    out.last_delivery.0[d] = next.last_delivery.0[d];
                    out.last_pickup.0[d] = next.last_pickup.0[d];
                    out.last_peak.0[d] = next.last_peak.0[d] + s;
                }
            }
            out.shipped.0[d] = s + next.shipped.0[d];
        }
        out.reloads = self.reloads + next.reloads;
        out
    }

    /// Highest load at any point of a whole route (nothing before or after it).
    pub fn peak(&self, dims: usize) -> Load {
        let mut p = self.first_peak;
        if self.reloads > 0 {
            for d in 0..dims {
                p.0[d] = p.0[d].max(self.mid_peak.0[d]).max(self.last_peak.0[d]);
            }
        }
        p
    }

    /// Load above `capacity` at the highest point of a whole route, summed over dimensions.
    #[inline]
    pub fn excess(&self, capacity: &Load, dims: usize) -> i64 {
        self.peak(dims).excess(capacity, dims)
    }

    /// [`excess`](Self::excess) of a whole route whose vehicle may stop at most `max_stops`
    /// times at a depot: each stop beyond that counts as a full vehicle's load of excess (the
    /// largest capacity, at least 1), so the search treats it as strongly as an overload.
    #[inline]
    pub fn route_excess(&self, capacity: &Load, max_stops: usize, dims: usize) -> i64 {
        let over = (self.reloads as usize).saturating_sub(max_stops) as i64;
        let mut excess = self.excess(capacity, dims);
        if over > 0 {
            let full = capacity.0[..dims].iter().copied().max().unwrap_or(1).max(1);
            excess = excess.saturating_add(over.saturating_mul(full));
        }
        excess
    }
}

#[inline]
fn shift(peak: i64, by: i64) -> i64 {
    if peak == NO_POINT {
        NO_POINT
    } else {
        peak + by
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// A stop of a random route: (delivery, pickup, shipped) or a reload.
    #[derive(Clone, Copy, Debug)]
    enum S {
        Stop(i64, i64, i64),
        Reload,
    }

    /// Highest load at any point, by walking the route (one dimension).
    fn simulate(stops: &[S]) -> i64 {
        let trips: Vec<&[S]> = stops.split(|s| matches!(s, S::Reload)).collect();
        let mut on_board_shipments = 0;
        let mut peak = i64::MIN;
        for trip in trips {
            let mut load: i64 = trip
                .iter()
                .map(|s| match s {
                    S::Stop(d, _, _) => *d,
                    S::Reload => 0,
                })
                .sum::<i64>()
                + on_board_shipments;
            peak = peak.max(load);
            for s in trip {
                if let S::Stop(d, p, sh) = s {
                    load += p - d + sh;
                    on_board_shipments += sh;
                    peak = peak.max(load);
                }
            }
        }
        peak
    }

    fn seg(s: &S) -> LoadSegment {
        match *s {
            S::Stop(d, p, sh) => LoadSegment::stop(
                Load::from_slice(&[d]),
                Load::from_slice(&[p]),
                Load::from_slice(&[sh]),
            ),
            S::Reload => LoadSegment::reload(),
        }
    }

    #[test]
    fn any_split_gives_the_walked_peak() {
        let mut rng = Rng::new(7);
        for case in 0..3000 {
            let n = 1 + rng.below(9);
            let stops: Vec<S> = (0..n)
                .map(|_| {
                    if rng.below(5) == 0 {
                        S::Reload
                    } else {
                        let sh = rng.below(7) as i64 - 3;
                        S::Stop(rng.below(4) as i64, rng.below(4) as i64, sh)
                    }
                })
                .collect();
            // Depots (zero stops) at both ends, as in a route.
            let mut route = vec![S::Stop(0, 0, 0)];
            route.extend(&stops);
            route.push(S::Stop(0, 0, 0));
            let want = simulate(&route);
            // Left fold, right fold and a split in the middle must all agree.
            let left = route
                .iter()
                .skip(1)
                .fold(seg(&route[0]), |a, s| a.merge(&seg(s), 1));
            let right = route
                .iter()
                .rev()
                .skip(1)
                .fold(seg(route.last().unwrap()), |a, s| seg(s).merge(&a, 1));
            let k = 1 + rng.below(route.len() - 1);
            let fold = |xs: &[S]| {
                xs.iter()
                    .skip(1)
                    .fold(seg(&xs[0]), |a, s| a.merge(&seg(s), 1))
            };
            let split = fold(&route[..k]).merge(&fold(&route[k..]), 1);
            for (name, got) in [("left", left), ("right", right), ("split", split)] {
                assert_eq!(got.peak(1).0[0], want, "case {case} {name}: {route:?}");
            }
        }
    }

    #[test]
    fn reload_resets_deliveries_and_pickups_not_shipments() {
        let one = |d, p, s| seg(&S::Stop(d, p, s));
        // Deliver 3 + 3 with capacity 4: too much in one trip, fine with a reload between.
        let cap = Load::from_slice(&[4]);
        let two = one(3, 0, 0).merge(&one(3, 0, 0), 1);
        assert_eq!(two.excess(&cap, 1), 2);
        let reloaded = one(3, 0, 0)
            .merge(&seg(&S::Reload), 1)
            .merge(&one(3, 0, 0), 1);
        assert_eq!(reloaded.excess(&cap, 1), 0);
        // A bed (3) on board across the reload, plus 2 delivered after it: 5 > 4.
        let bed = one(0, 0, 3)
            .merge(&seg(&S::Reload), 1)
            .merge(&one(2, 0, 0), 1)
            .merge(&one(0, 0, -3), 1);
        assert_eq!(bed.excess(&cap, 1), 1);
    }
}
