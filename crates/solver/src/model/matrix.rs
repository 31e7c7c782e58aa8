use serde::{Deserialize, Serialize};

/// A square matrix of non-negative integers (travel durations or distances), row-major.
///
/// Rows may be given ragged or with holes: [`Problem::validate`](crate::model::Problem::validate)
/// reports them as typed errors rather than panicking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matrix {
    rows: Vec<Vec<Option<i64>>>,
}

impl Matrix {
    /// Builds a matrix from complete rows.
    pub fn from_rows(rows: Vec<Vec<i64>>) -> Self {
        Matrix {
            rows: rows
                .into_iter()
                .map(|r| r.into_iter().map(Some).collect())
                .collect(),
        }
    }

    /// Builds a matrix whose entries may be missing (`None`); missing entries are
    /// rejected by validation with [`ProblemError::MissingValue`](crate::ProblemError::MissingValue).
    pub fn from_optional_rows(rows: Vec<Vec<Option<i64>>>) -> Self {
        Matrix { rows }
    }

    /// Builds a matrix with `size * size` entries from a function of (row, column).
    pub fn from_fn(size: usize, mut f: impl FnMut(usize, usize) -> i64) -> Self {
        Matrix {
            rows: (0..size)
                .map(|i| (0..size).map(|j| Some(f(i, j))).collect())
                .collect(),
        }
    }

    /// Number of rows.
    pub fn size(&self) -> usize {
        self.rows.len()
    }

    /// Entry at (row, column), if present.
    pub fn get(&self, row: usize, col: usize) -> Option<i64> {
        self.rows.get(row)?.get(col).copied().flatten()
    }

    /// The rows as given.
    pub fn rows(&self) -> &[Vec<Option<i64>>] {
        &self.rows
    }
}

/// A travel profile: durations and distances between every pair of locations
/// (asymmetric allowed). Vehicle types reference a profile by its index in
/// [`Problem::profiles`](crate::model::Problem::profiles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Travel time from row to column, in the problem's time unit.
    pub durations: Matrix,
    /// Travel distance from row to column, in the problem's distance unit.
    pub distances: Matrix,
}
