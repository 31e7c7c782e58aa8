//! Typed errors for bad planning input; each one names the file, line, item or field.

use tournee_solver::care::CareError;

/// Why a day could not be read or planned.
#[derive(Debug, thiserror::Error)]
pub enum PlanError {
    /// A file could not be read or written.
    #[error("cannot access {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A JSON day file is not valid JSON or does not have the documented shape.
    #[error("{path}: {detail}")]
    Json {
        /// The file (or `"day"` for a string).
        path: String,
        /// What serde found, with line and column.
        detail: String,
    },
    /// A CSV file is malformed or a cell does not hold what its column needs.
    #[error("{file}, line {line}, column {column}: {detail}")]
    Csv {
        /// The file.
        file: String,
        /// Line number (1 = the header).
        line: usize,
        /// Column name (or number when the header itself is wrong).
        column: String,
        /// What is wrong.
        detail: String,
    },
    /// A data frame (see [`Frame`](super::Frame)) lacks a column or a cell does not hold what
    /// its column needs.
    #[error("{frame} frame{}, column {column}: {detail}", row.map(|r| format!(", row {r}")).unwrap_or_default())]
    Frame {
        /// Which frame (`"visits"`, `"carers"`, `"links"`, `"shipments"`).
        frame: String,
        /// The row (0 = the first), `None` for a column missing or unknown.
        row: Option<usize>,
        /// Column name (or number when the column itself is wrong).
        column: String,
        /// What is wrong.
        detail: String,
    },
    /// A time is not a time of day `"HH:MM"`.
    #[error("{item}: {field} {value:?} is not a time of day HH:MM (00:00 to 24:00)")]
    BadTime {
        /// `"visit v1"`, `"carer c2"`, …
        item: String,
        /// The field.
        field: String,
        /// The text given.
        value: String,
    },
    /// A window (or shift) closes before it opens, or windows overlap.
    #[error("{item}: {field} {open}–{close} {problem}")]
    BadWindow {
        /// The item.
        item: String,
        /// The field.
        field: String,
        /// Opening, `"HH:MM"`.
        open: String,
        /// Closing, `"HH:MM"`.
        close: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// A number is negative, zero where it may not be, or not finite.
    #[error("{item}: {field} is {} ({expected})", show(*.value))]
    BadNumber {
        /// The item.
        item: String,
        /// The field.
        field: String,
        /// The value.
        value: f64,
        /// What is allowed.
        expected: &'static str,
    },
    /// An id is empty.
    #[error("{kind} number {index} has an empty id")]
    EmptyId {
        /// `"carer"`, `"visit"`, `"break"`.
        kind: &'static str,
        /// Position in its list (1-based).
        index: usize,
    },
    /// Two carers, two visits or two breaks of one carer share an id.
    #[error("{kind} id {id:?} is used twice")]
    DuplicateId {
        /// `"carer"`, `"visit"` or `"break of carer …"`.
        kind: String,
        /// The id.
        id: String,
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
    /// A link names a visit that does not exist.
    #[error("link {index} ({first} → {second}): unknown visit {visit:?}")]
    UnknownVisit {
        /// Link number (1-based).
        index: usize,
        /// Its first visit.
        first: String,
        /// Its second visit.
        second: String,
        /// The unknown id.
        visit: String,
    },
    /// A link is inconsistent (a visit linked to itself, a gap range that is empty).
    #[error("link {index} ({first} → {second}): {problem}")]
    BadLink {
        /// Link number (1-based).
        index: usize,
        /// Its first visit.
        first: String,
        /// Its second visit.
        second: String,
        /// What is wrong.
        problem: String,
    },
    /// The day has no carer.
    #[error("the day has no carer")]
    NoCarer,
    /// A place is outside the road map (too far from every road, or not a coordinate).
    #[error("{item}: place {lon}, {lat} is outside the map: {detail}")]
    OutsideMap {
        /// `"visit v1"`, `"carer c1 (start)"`, …
        item: String,
        /// Longitude given.
        lon: f64,
        /// Latitude given.
        lat: f64,
        /// What the road network said.
        detail: String,
    },
    /// A place is given both ways, neither way, or the way the travel source does not take.
    #[error("{item}: {problem}")]
    BadPlace {
        /// The visit or carer (`"visit v1"`, `"carer c1 (start)"`).
        item: String,
        /// What is wrong (`"gives both location and location_index"`, …).
        problem: String,
    },
    /// A matrix row index is outside the matrix.
    #[error("{item}: index {index} is outside the travel matrix ({size} rows)")]
    IndexOutOfRange {
        /// The visit or carer.
        item: String,
        /// The index given.
        index: usize,
        /// Rows of the matrix.
        size: usize,
    },
    /// The travel matrix itself is malformed.
    #[error("{path}: {problem}")]
    BadMatrix {
        /// The matrix file (or `"matrix"`).
        path: String,
        /// What is wrong, naming the row and column.
        problem: String,
    },
    /// A shipment names a visit that does not exist, or is malformed.
    #[error("shipment {index} ({pickup} → {delivery}): {problem}")]
    BadShipment {
        /// Shipment number, from 1.
        index: usize,
        /// Pickup visit id.
        pickup: String,
        /// Delivery visit id.
        delivery: String,
        /// What is wrong.
        problem: String,
    },
    /// No road leads from one place to another (a network that is not strongly connected).
    #[error("no road from {from} to {to}")]
    Unreachable {
        /// The item at the start.
        from: String,
        /// The item at the end.
        to: String,
    },
    /// A week (or an order, a carer's shifts) that cannot be planned as written.
    #[error("{item}: {problem}")]
    BadWeek {
        /// The order, carer or part of the week.
        item: String,
        /// What is wrong.
        problem: String,
    },
    /// A re-plan that cannot be made as asked: a time outside the day, a plan from another
    /// day, an event naming an unknown carer or visit, cancelling a started visit.
    #[error("{item}: {problem}")]
    BadReplan {
        /// The event (`"event 2 (visit_cancelled)"`), the plan's item, or the re-plan time.
        item: String,
        /// What is wrong.
        problem: String,
    },
    /// The care engine refused the problem built from the day.
    #[error("the care engine refused the day ({context}): {source}")]
    Engine {
        /// What was being done.
        context: &'static str,
        /// The engine's error (names the item).
        #[source]
        source: CareError,
    },
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
