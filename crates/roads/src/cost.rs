//! Path costs: entries into local-access-only roads, travel time and length packed in one
//! integer, compared in that order.
//!
//! A cost is `entries << 60 | time_ms << 30 | length_dm`: in the top 4 bits how many times the
//! path turns from an open road into a local-access-only one (`access=destination`,
//! `private`…), then milliseconds (30 bits, 298 h), then decimetres (30 bits, 107,374 km).
//! Adding two costs adds every part; comparing them orders by entries, then time, then length.
//! So every shortest-path search finds the route that drives through such roads only where it
//! cannot be avoided (to reach a patient who lives there, or out of a place reached only that
//! way), then the fastest, then the shortest: the answer is unique, which makes the matrix
//! reproducible and testable against plain Dijkstra. Matrices and routes report time and length
//! only.

/// Packed entries into local-access-only roads (4 bits), travel time (ms, 30 bits) and length
/// (dm, 30 bits).
pub type Cost = u64;

/// No path.
pub const UNREACHABLE: Cost = u64::MAX;

const TIME_SHIFT: u32 = 30;
const PART: u64 = (1 << 30) - 1;

/// One turn from an open road into a local-access-only one.
pub const RESTRICTED_ENTRY: Cost = 1 << 60;

/// Packs a time in milliseconds and a length in decimetres (each below 2³⁰).
#[inline]
pub const fn pack(time_ms: u32, length_dm: u32) -> Cost {
    ((time_ms as u64) << TIME_SHIFT) | length_dm as u64
}

/// Travel time in milliseconds.
#[inline]
pub const fn time_ms(c: Cost) -> u64 {
    (c >> TIME_SHIFT) & PART
}

/// Length in decimetres.
#[inline]
pub const fn length_dm(c: Cost) -> u64 {
    c & PART
}

/// Travel time in seconds, or `None` when unreachable.
#[inline]
pub fn seconds(c: Cost) -> Option<f64> {
    (c != UNREACHABLE).then(|| time_ms(c) as f64 / 1000.0)
}

/// Length in metres, or `None` when unreachable.
#[inline]
pub fn metres(c: Cost) -> Option<f64> {
    (c != UNREACHABLE).then(|| length_dm(c) as f64 / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_adds_and_orders() {
        let a = pack(1_000, 50);
        let b = pack(1_000, 40);
        let c = pack(999, 90_000);
        assert!(b < a && c < b);
        assert_eq!(time_ms(a + b), 2_000);
        assert_eq!(length_dm(a + b), 90);
        assert_eq!(seconds(a), Some(1.0));
        assert_eq!(metres(a), Some(5.0));
        assert_eq!(seconds(UNREACHABLE), None);
        // Entering a local-access-only road outweighs any time.
        let through = pack(1, 1) + RESTRICTED_ENTRY;
        assert!(pack(PART as u32, PART as u32) < through);
        assert_eq!((time_ms(through), length_dm(through)), (1, 1));
    }
}
