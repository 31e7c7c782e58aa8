//! Planning a day of home-care rounds: the main job of tournee.
//!
//! A [`Day`] lists the carers (nurses, aides, PSAD technicians: skills, shift, home, breaks,
//! van capacity) and the visits (patient, place as `[lon, lat]`, duration, windows as
//! `"HH:MM"`, skills, priority, preferred / refused / pinned carer, equipment), plus
//! [`LinkInput`]s for double-staffed visits and linked visits of one patient. It is read from
//! JSON ([`Day::from_json`]) or from spreadsheet CSV files ([`Day::from_csv`], columns in
//! [`csv`]); `docs/plan-input.md` documents both.
//!
//! [`plan_day`] checks the day (typed [`PlanError`]s naming the item), snaps every place
//! onto the [`RoadNetwork`], computes the travel time and distance matrix between the distinct
//! places, solves with the care engine ([`tournee_solver::care::solve_care`]) and returns a
//! [`Plan`]: per carer the ordered stops with `"HH:MM"` times, driving minutes and km, totals
//! (share of working time spent driving, overtime, lateness, continuity breaks) and the
//! visits left out with a reason code. [`routes_geojson`], [`schedule_csv`] and [`summary`]
//! give the other outputs of `tournee plan`.
//!
//! ```
//! use tournee::plan::{default_day, default_map, plan_day, summary};
//! use tournee::roads::RoadNetwork;
//! use tournee_solver::care::CareOptions;
//!
//! let map = default_map(); // a generated rural canton
//! let dir = tempfile::tempdir().unwrap();
//! let pbf = dir.path().join("canton.osm.pbf");
//! map.osm.write(&pbf).unwrap();
//! let net = RoadNetwork::from_osm(&pbf).unwrap();
//! let day = default_day();
//! let options = CareOptions { iterations: Some(20_000), ..Default::default() };
//! let plan = plan_day(&net, &day, &options).unwrap();
//! assert!(plan.feasible);
//! println!("{}", summary(&plan));
//! # std::fs::remove_file(&pbf).ok();
//! ```

mod build;
pub mod csv;
mod default_day;
mod error;
mod export;
mod html;
mod input;
mod output;
mod replan;
mod search;
mod time;

pub use build::{build, build_on_matrix, Built, Place, Travel, TravelInput, MAX_MINUTES};
pub use csv::{CsvDay, Frame};
pub use default_day::{default_day, default_map};
pub use error::PlanError;
pub use export::{
    carer_colour, routes_geojson, routes_geojson_straight, schedule_csv, schedule_rows, summary,
    ScheduleRow, SCHEDULE_COLUMNS,
};
pub use html::plan_html;
pub use input::{
    BreakInput, CarerInput, Day, LatenessInput, LinkInput, LinkKindInput, ReloadsInput,
    ShipmentInput, VisitInput,
};
pub(crate) use output::share_of;
pub use output::{Plan, PlanRound, PlanStop, PlanTotals, PlanUnassigned};
pub(crate) use replan::change_row;
pub use replan::{
    changes_csv, Change, Event, Events, Replan, ReplanDay, ReplanOptions, CHANGES_COLUMNS,
};
pub use search::{search_options, SearchOptionError};
pub use time::{format_duration, format_hhmm, format_hhmmss, parse_hhmm};

use tournee_roads::RoadNetwork;
use tournee_solver::care::CareOptions;

/// Plans `day` on `net`: [`build`] (check, snap, matrix), then [`Built::solve`].
pub fn plan_day(net: &RoadNetwork, day: &Day, options: &CareOptions) -> Result<Plan, PlanError> {
    build(net, day)?.solve(day, options)
}

/// Plans `day` on the user's own travel `matrix` (places given as matrix rows); see
/// [`build_on_matrix`].
pub fn plan_on_matrix(
    matrix: &TravelInput,
    day: &Day,
    options: &CareOptions,
) -> Result<Plan, PlanError> {
    build_on_matrix(matrix, day)?.solve(day, options)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod replan_tests;
