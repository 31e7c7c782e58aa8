//! Path costs: travel time and length packed in one integer, compared time first.
//!
//! A cost is `time_ms << 32 | length_dm`: milliseconds in the high half, decimetres in the low
//! half. Adding two costs adds both parts; comparing them orders by time, then by length. So every
//! shortest-path search finds the fastest route and, among equally fast ones, the shortest: the
//! answer is unique, which makes the matrix reproducible and testable against plain Dijkstra.
//! Lengths stay below 2³² dm (429,496 km) on any route, far beyond a region.

/// Packed travel time (ms, high 32 bits) and length (dm, low 32 bits).
pub type Cost = u64;

/// No path.
pub const UNREACHABLE: Cost = u64::MAX;

/// Packs a time in milliseconds and a length in decimetres.
#[inline]
pub const fn pack(time_ms: u32, length_dm: u32) -> Cost {
    ((time_ms as u64) << 32) | length_dm as u64
}

/// Travel time in milliseconds.
#[inline]
pub const fn time_ms(c: Cost) -> u64 {
    c >> 32
}

/// Length in decimetres.
#[inline]
pub const fn length_dm(c: Cost) -> u64 {
    c & 0xffff_ffff
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
    }
}
