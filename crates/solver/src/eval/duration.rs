//! Time-warp duration segments (time windows, shifts, maximum duration).
//!
//! A segment summarises a sequence of visits by four numbers so that two
//! sequences can be joined in O(1): the minimum duration (travel, service and
//! unavoidable waiting), the total time warp (how much one must travel back in
//! time to respect every window, Nagata et al. 2010), and the earliest and
//! latest start times that achieve them. The merge is the same as PyVRP's
//! `DurationSegment::merge` (Wouda et al. 2024) and Vidal et al. (2013).

/// Summary of a sequence of visits for time-window evaluation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DurationSegment {
    /// Minimum total duration from the first service start to the last service end.
    pub duration: i64,
    /// Total time warp.
    pub time_warp: i64,
    /// Earliest start of the first service achieving `duration` and `time_warp`.
    pub earliest: i64,
    /// Latest start of the first service without adding time warp.
    pub latest: i64,
}

impl DurationSegment {
    /// One visit: service `service` that must start within `[open, close]`.
    #[inline]
    pub fn node(service: i64, open: i64, close: i64) -> Self {
        DurationSegment {
            duration: service,
            time_warp: 0,
            earliest: open,
            latest: close,
        }
    }

    /// Concatenation of `first`, then a trip of `edge` time units, then `second`.
    #[inline]
    pub fn merge(edge: i64, first: &Self, second: &Self) -> Self {
        let at_second = first.duration - first.time_warp + edge;
        let wait = (second.earliest - at_second - first.latest).max(0);
        let warp = (first.earliest + at_second - second.latest).max(0);
        DurationSegment {
            duration: first.duration + second.duration + edge + wait,
            time_warp: first.time_warp + second.time_warp + warp,
            earliest: (second.earliest - at_second).max(first.earliest) - wait,
            latest: (second.latest - at_second).min(first.latest) + warp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiting_and_warp() {
        let a = DurationSegment::node(10, 0, 5);
        let b = DurationSegment::node(5, 40, 50);
        let ab = DurationSegment::merge(10, &a, &b);
        // Start a at 5, end 15, arrive 25, wait until 40: duration 40 - 5 + 5 = 40.
        assert_eq!(ab.duration, 40);
        assert_eq!(ab.time_warp, 0);
        assert_eq!(ab.earliest, 5);
        let c = DurationSegment::node(0, 0, 10);
        let ac = DurationSegment::merge(20, &a, &c);
        // Earliest arrival at c is 0 + 10 + 20 = 30 > 10: 20 units of warp.
        assert_eq!(ac.time_warp, 20);
    }
}
