//! Typed errors for bad care input; each names the offending item.

use thiserror::Error;

/// Why a [`CareProblem`](super::CareProblem) was rejected before solving.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum CareError {
    /// A flat matrix does not hold `size × size` values.
    #[error("{matrix} matrix holds {found} values, expected {expected}")]
    MatrixShape {
        /// `"time"` or `"distance"`.
        matrix: &'static str,
        /// Values expected.
        expected: usize,
        /// Values found.
        found: usize,
    },
    /// A matrix row has the wrong length.
    #[error("{matrix} matrix row {row} has {found} values, expected {expected}")]
    MatrixRow {
        /// `"time"` or `"distance"`.
        matrix: &'static str,
        /// Row index.
        row: usize,
        /// Values found.
        found: usize,
        /// Values expected.
        expected: usize,
    },
    /// A matrix value is negative or not a number.
    #[error(
        "{matrix} matrix value from place {from} to place {to} is {value} (must be finite and ≥ 0)"
    )]
    MatrixValue {
        /// `"time"` or `"distance"`.
        matrix: &'static str,
        /// Row.
        from: usize,
        /// Column.
        to: usize,
        /// The value.
        value: f64,
    },
    /// Two carers, two visits or two breaks of a carer share an id.
    #[error("{kind} id {id:?} is used twice")]
    DuplicateId {
        /// `"carer"`, `"visit"` or `"break"`.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// A search option is out of range (a time limit that is not a positive number, zero
    /// threads or iterations).
    #[error("option {option} is {value}: {expected}")]
    BadOption {
        /// `"time_limit"`, `"iterations"` or `"threads"`.
        option: &'static str,
        /// The value given, as text.
        value: String,
        /// What is accepted.
        expected: &'static str,
    },
    /// A place index is outside the travel matrix.
    #[error("{item}: place {place} is outside the travel matrix ({size} places)")]
    PlaceOutOfRange {
        /// `"visit v1"`, `"carer c2 (start)"`, …
        item: String,
        /// The index.
        place: usize,
        /// Matrix size.
        size: usize,
    },
    /// A number is negative or not finite where it may not be.
    #[error("{item}: {field} is {value} (must be finite and ≥ 0)")]
    BadNumber {
        /// The item.
        item: String,
        /// The field.
        field: &'static str,
        /// The value.
        value: f64,
    },
    /// A window closes before it opens, or windows overlap / are out of order.
    #[error("{item}: window [{open}, {close}] {problem}")]
    BadWindow {
        /// The item.
        item: String,
        /// Opening.
        open: f64,
        /// Closing.
        close: f64,
        /// What is wrong.
        problem: &'static str,
    },
    /// A visit names a carer that does not exist.
    #[error("visit {visit}: {field} names unknown carer {carer:?}")]
    UnknownCarer {
        /// Visit id.
        visit: String,
        /// `"preferred_carers"`, `"refused_carers"` or `"pinned_carer"`.
        field: &'static str,
        /// The unknown id.
        carer: String,
    },
    /// A link names a visit that does not exist, or links a visit to itself.
    #[error("link {index}: {problem}")]
    BadLink {
        /// Link index.
        index: usize,
        /// What is wrong (names the visit).
        problem: String,
    },
    /// A shipment names a visit that does not exist, or pairs visits that cannot be paired.
    #[error("shipment {index}: {problem}")]
    BadShipment {
        /// Shipment index.
        index: usize,
        /// What is wrong (names the visit).
        problem: String,
    },
    /// A visit's equipment or a carer's capacity has a different number of dimensions
    /// than the others.
    #[error("{item}: {field} has {found} dimensions, the other loads have {expected}")]
    LoadDimensions {
        /// The item.
        item: String,
        /// `"capacity"`, `"delivery"` or `"pickup"`.
        field: &'static str,
        /// Dimensions found.
        found: usize,
        /// Dimensions expected.
        expected: usize,
    },
    /// The weights are negative or not finite.
    #[error("weight {field} is {value} (must be finite and ≥ 0)")]
    BadWeight {
        /// The weight.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// A number lies outside its range (see [`MAX_TIME`](super::MAX_TIME) and its siblings).
    #[error("{item}: {field} {} is out of range (at most {} in magnitude)", show(*.value), show(*.max))]
    OutOfRange {
        /// The item.
        item: String,
        /// The field.
        field: &'static str,
        /// The value.
        value: f64,
        /// The largest magnitude allowed.
        max: f64,
    },
    /// There is no carer at all.
    #[error("there is no carer")]
    NoCarer,
    /// The engine refused the day as translated (a bug: the checks above should catch it).
    #[error("the engine refused the day: {0}")]
    Engine(String),
}

/// A number as people read it: plain up to a billion, in exponent form beyond (`1e300`, not
/// three hundred digits).
pub(crate) fn show(x: f64) -> String {
    if x.is_finite() && x.abs() >= 1e9 {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}
