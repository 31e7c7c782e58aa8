//! Typed errors for bad input. Every variant names the offending item
//! (profile, vehicle type or job by index and id) so that a caller can point
//! the user at the exact row to fix.

use thiserror::Error;

/// Why a [`Problem`](crate::model::Problem) was rejected before solving.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProblemError {
    /// The problem has no travel profile (no matrix at all).
    #[error("the problem has no travel profile (at least one pair of matrices is needed)")]
    NoProfiles,
    /// A matrix row does not have as many entries as the matrix has rows.
    #[error("profile {profile}: {matrix} matrix is not square: row {row} has {found} entries, expected {expected}")]
    NonSquareMatrix {
        /// Profile index.
        profile: usize,
        /// `"duration"` or `"distance"`.
        matrix: &'static str,
        /// Offending row.
        row: usize,
        /// Entries found on that row.
        found: usize,
        /// Entries expected (the number of rows).
        expected: usize,
    },
    /// A matrix entry is missing (`None`).
    #[error("profile {profile}: {matrix} matrix has no value at ({row}, {col})")]
    MissingValue {
        /// Profile index.
        profile: usize,
        /// `"duration"` or `"distance"`.
        matrix: &'static str,
        /// Row of the missing entry.
        row: usize,
        /// Column of the missing entry.
        col: usize,
    },
    /// A matrix entry is negative.
    #[error("profile {profile}: {matrix} matrix has negative value {value} at ({row}, {col})")]
    NegativeValue {
        /// Profile index.
        profile: usize,
        /// `"duration"` or `"distance"`.
        matrix: &'static str,
        /// Row of the entry.
        row: usize,
        /// Column of the entry.
        col: usize,
        /// The negative value.
        value: i64,
    },
    /// Two matrices (of one profile, or of two profiles) do not have the same size.
    #[error("profile {profile}: {matrix} matrix has {found} locations, expected {expected} (all matrices must have the same size)")]
    MismatchedMatrices {
        /// Profile index.
        profile: usize,
        /// `"duration"` or `"distance"`.
        matrix: &'static str,
        /// Size found.
        found: usize,
        /// Size expected (the first duration matrix's).
        expected: usize,
    },
    /// A location index is outside the matrices.
    #[error("{item}: location {location} is out of range (matrices have {size} locations)")]
    LocationOutOfRange {
        /// The item, e.g. `job 3 ("p4")` or `vehicle type 0 ("van") start`.
        item: String,
        /// The offending location index.
        location: usize,
        /// Number of locations in the matrices.
        size: usize,
    },
    /// A vehicle type references a profile that does not exist.
    #[error(
        "vehicle type {vehicle_type} ({id:?}): profile {profile} does not exist ({count} profiles)"
    )]
    ProfileOutOfRange {
        /// Vehicle type index.
        vehicle_type: usize,
        /// Vehicle type id.
        id: String,
        /// Offending profile index.
        profile: usize,
        /// Number of profiles.
        count: usize,
    },
    /// A time window closes before it opens (or a shift ends before it starts).
    #[error("{item}: time window [{open}, {close}] closes before it opens")]
    InvalidTimeWindow {
        /// The item.
        item: String,
        /// Opening time.
        open: i64,
        /// Closing time.
        close: i64,
    },
    /// Time windows of one job overlap or are not sorted.
    #[error("{item}: time windows must be sorted and disjoint")]
    UnsortedTimeWindows {
        /// The item.
        item: String,
    },
    /// A job has no time window at all.
    #[error("{item}: no time window (give one covering the whole horizon if the job has none)")]
    NoTimeWindow {
        /// The item.
        item: String,
    },
    /// A demand or capacity vector does not have the problem's number of dimensions.
    #[error("{item}: {found} capacity dimensions, expected {expected}")]
    DimensionMismatch {
        /// The item.
        item: String,
        /// Dimensions found.
        found: usize,
        /// Dimensions expected.
        expected: usize,
    },
    /// More capacity dimensions than the solver supports.
    #[error("{found} capacity dimensions, at most {max} are supported")]
    TooManyDimensions {
        /// Dimensions found.
        found: usize,
        /// Supported maximum.
        max: usize,
    },
    /// A quantity that must not be negative is negative.
    #[error("{item}: {what} must not be negative (got {value})")]
    NegativeQuantity {
        /// The item.
        item: String,
        /// Which field (e.g. `service duration`, `demand`, `fixed cost`).
        what: &'static str,
        /// The value.
        value: i64,
    },
    /// A job names a vehicle type that does not exist.
    #[error("{item}: vehicle type {vehicle_type} does not exist ({count} vehicle types)")]
    VehicleTypeOutOfRange {
        /// The item.
        item: String,
        /// The offending vehicle type index.
        vehicle_type: usize,
        /// Number of vehicle types.
        count: usize,
    },
    /// Two breaks of one vehicle type share one id.
    #[error("{item}: the break id is used twice")]
    DuplicateBreakId {
        /// The vehicle type and break.
        item: String,
    },
    /// A link between jobs is malformed.
    #[error("link {index}: {problem}")]
    BadLink {
        /// Index of the link in `Problem::links`.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// A shipment is malformed.
    #[error("shipment {index}: {problem}")]
    BadShipment {
        /// Index of the shipment in `Problem::shipments`.
        index: usize,
        /// What is wrong.
        problem: String,
    },
    /// A number lies outside its range ([`MAX_MAGNITUDE`](crate::model::MAX_MAGNITUDE) in
    /// magnitude, or the bound named).
    #[error("{item}: {what} {value} is out of range (at most {max} in magnitude)")]
    OutOfRange {
        /// The item.
        item: String,
        /// Which number.
        what: String,
        /// The value.
        value: i64,
        /// The largest magnitude allowed.
        max: i64,
    },
    /// The vehicle types together have more vehicles than the solver takes.
    #[error("{found} vehicles in all, at most {max} are supported")]
    TooManyVehicles {
        /// Vehicles found (the sum of the counts).
        found: usize,
        /// Supported maximum.
        max: usize,
    },
    /// The numbers are each in range but together could overflow the search's arithmetic.
    #[error("{what} could reach {value}, beyond the supported {max}: use coarser units or smaller costs and weights")]
    TooLarge {
        /// What would be too large.
        what: &'static str,
        /// Its worst case.
        value: i128,
        /// The supported maximum.
        max: i64,
    },
    /// Two jobs share one id.
    #[error("job {job}: id {id:?} is already used by job {first}")]
    DuplicateJobId {
        /// Index of the second job with that id.
        job: usize,
        /// Index of the first job with that id.
        first: usize,
        /// The id.
        id: String,
    },
}

/// Why a solve did not produce a solution.
#[derive(Debug, Error)]
pub enum SolveError {
    /// The problem is malformed.
    #[error(transparent)]
    Problem(#[from] ProblemError),
    /// The options are inconsistent.
    #[error("invalid options: {0}")]
    Options(String),
}
