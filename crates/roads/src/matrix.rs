//! Travel-time and distance tables.

use serde::Serialize;

use crate::cost::{length_dm, metres, seconds, time_ms, Cost, UNREACHABLE};

/// A `sources × targets` table of shortest travel times and the lengths of those same routes.
///
/// Cell `(i, j)` is the fastest route from source `i` to target `j` (ties broken by length).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Matrix {
    sources: usize,
    targets: usize,
    #[serde(skip)]
    costs: Vec<Cost>,
}

impl Matrix {
    pub(crate) fn new(sources: usize, targets: usize, costs: Vec<Cost>) -> Self {
        debug_assert_eq!(costs.len(), sources * targets);
        Matrix {
            sources,
            targets,
            costs,
        }
    }

    /// Number of rows (sources).
    pub fn sources(&self) -> usize {
        self.sources
    }

    /// Number of columns (targets).
    pub fn targets(&self) -> usize {
        self.targets
    }

    /// Travel time in seconds from source `i` to target `j`, `None` when unreachable.
    pub fn duration_s(&self, i: usize, j: usize) -> Option<f64> {
        seconds(self.costs[i * self.targets + j])
    }

    /// Route length in metres from source `i` to target `j`, `None` when unreachable.
    pub fn distance_m(&self, i: usize, j: usize) -> Option<f64> {
        metres(self.costs[i * self.targets + j])
    }

    /// Travel time in whole milliseconds, `None` when unreachable.
    pub fn duration_ms(&self, i: usize, j: usize) -> Option<u64> {
        let c = self.costs[i * self.targets + j];
        (c != UNREACHABLE).then(|| time_ms(c))
    }

    /// Route length in whole decimetres, `None` when unreachable.
    pub fn distance_dm(&self, i: usize, j: usize) -> Option<u64> {
        let c = self.costs[i * self.targets + j];
        (c != UNREACHABLE).then(|| length_dm(c))
    }

    /// All durations in seconds, row-major, `NaN` where unreachable (for numpy).
    pub fn durations_s_flat(&self) -> Vec<f64> {
        self.costs
            .iter()
            .map(|c| seconds(*c).unwrap_or(f64::NAN))
            .collect()
    }

    /// All distances in metres, row-major, `NaN` where unreachable (for numpy).
    pub fn distances_m_flat(&self) -> Vec<f64> {
        self.costs
            .iter()
            .map(|c| metres(*c).unwrap_or(f64::NAN))
            .collect()
    }

    /// Durations as rows of optional seconds (JSON `null` where unreachable).
    pub fn durations_s_rows(&self) -> Vec<Vec<Option<f64>>> {
        (0..self.sources)
            .map(|i| (0..self.targets).map(|j| self.duration_s(i, j)).collect())
            .collect()
    }

    /// Distances as rows of optional metres (JSON `null` where unreachable).
    pub fn distances_m_rows(&self) -> Vec<Vec<Option<f64>>> {
        (0..self.sources)
            .map(|i| (0..self.targets).map(|j| self.distance_m(i, j)).collect())
            .collect()
    }

    /// Number of unreachable cells.
    pub fn unreachable_count(&self) -> usize {
        self.costs.iter().filter(|c| **c == UNREACHABLE).count()
    }

    /// The raw packed costs, row-major (see [`crate::cost`]).
    pub fn costs(&self) -> &[Cost] {
        &self.costs
    }
}
