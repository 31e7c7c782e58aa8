//! # tournee
//!
//! Plans the daily rounds of home-care nurses and home-health providers (PSAD) straight from
//! OpenStreetMap data. This crate holds the domain layer and the `tournee` command; the road
//! network lives in [`tournee_roads`] (re-exported as [`roads`]).
//!
//! The main job is [`plan`]: a day of visits and carers (JSON or CSV) and a road map become
//! optimised rounds (`tournee plan`). The command also answers road questions
//! (`tournee matrix`, `tournee route`, `tournee prepare`, `tournee demo`) and runs
//! benchmarks (`tournee solve`).
//!
//! ```
//! use tournee::points::parse_points;
//! let pts = parse_points(r#"{"coordinates": [[1.52, 42.50], [1.60, 42.53]], "ids": [1, 2]}"#).unwrap();
//! assert_eq!(pts.len(), 2);
//! ```
#![warn(missing_docs)]

pub use tournee_roads as roads;

pub mod hhcrsp;
pub mod plan;
pub mod points;
pub mod week;
