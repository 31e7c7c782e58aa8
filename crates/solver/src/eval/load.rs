//! Multi-dimensional loads (capacity constraint).

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
