//! # tournee-fuzz
//!
//! One harness per reader of tournee, each feeding arbitrary bytes through the whole path a
//! user's file takes: read, build the problem, and let the engine validate it (a solve of one
//! iteration within [`SEARCH_BUDGET_SECONDS`], so that the checks at the engine's door, its
//! first plan and the explanation of the result run too). A harness returns `Ok(())` when the input was accepted and `Err(message)` when it was
//! refused with a typed error; it must never panic, hang or allocate without bound.
//!
//! The harnesses run under AFL++ (`cargo afl`, stable toolchain; the `fuzz-*` binaries, see
//! `fuzz/README.md`) and, as plain tests, over the committed corpora: `fuzz/corpus/<target>/`
//! (seeds written by `write-seeds` from the project's own generators, all accepted) and
//! `fuzz/regressions/<target>/` (inputs that once crashed or hung, kept so they stay fixed).
//!
//! ```
//! assert!(tournee_fuzz::matrix(tournee_fuzz::seeds::MATRIX.as_bytes()).is_ok());
//! assert!(tournee_fuzz::matrix(b"{\"durations_s\": [[0, -1]]}").is_err());
//! ```

pub mod seeds;

use std::path::PathBuf;
use std::sync::OnceLock;

use tournee::hhcrsp::Instance;
use tournee::plan::{build, build_on_matrix, Day, TravelInput};
use tournee::roads::{Coord, RoadNetwork};
use tournee_solver::care::CareOptions;
use tournee_solver::io::solomon::{parse_solomon, Rounding};
use tournee_solver::{solve, SolveOptions};

/// The names of the targets, as in `fuzz/corpus/<target>/` and the `fuzz-<target>` binaries
/// (with `_` written `-`).
pub const TARGETS: [&str; 7] = [
    "pbf", "prepared", "day_json", "day_csv", "hhcrsp", "solomon", "matrix",
];

/// Runs the harness named `target` (one of [`TARGETS`]) on `data`.
pub fn run(target: &str, data: &[u8]) -> Result<(), String> {
    match target {
        "pbf" => pbf(data),
        "prepared" => prepared(data),
        "day_json" => day_json(data),
        "day_csv" => day_csv(data),
        "hhcrsp" => hhcrsp(data),
        "solomon" => solomon(data),
        "matrix" => matrix(data),
        other => Err(format!("no fuzz target {other:?}")),
    }
}

/// Limits rayon to one thread: a fuzzing process is one core's worth of work, and a
/// deterministic one.
pub fn quiet_threads() {
    std::env::set_var("RAYON_NUM_THREADS", "1");
}

/// Separator between the CSV files of a [`day_csv`] input (ASCII record separator):
/// `visits.csv`, `carers.csv`, then optionally `links.csv` and `shipments.csv`.
pub const CSV_SEPARATOR: char = '\u{1e}';

fn text(data: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(data).map_err(|e| e.to_string())
}

/// How long a harness lets the engine search: the checks at its door, its first plan and its
/// explanation of what is left out always run; the search itself stops after one iteration or
/// this long. (A valid day whose visits cannot all be served takes the first plan's local search
/// a few seconds under AFL's instrumentation: a slow input, not a hang to report.)
pub const SEARCH_BUDGET_SECONDS: f64 = 0.25;

/// One iteration of the care engine, one thread, at most [`SEARCH_BUDGET_SECONDS`]: what the
/// engine checks, without the search.
fn one_iteration() -> CareOptions {
    CareOptions {
        iterations: Some(1),
        time_limit: Some(SEARCH_BUDGET_SECONDS),
        threads: 1,
        ..CareOptions::default()
    }
}

/// The map the days with coordinates are planned on: the project's generated canton (4×4
/// villages; [`tournee::plan::default_map`]).
fn map() -> &'static RoadNetwork {
    static MAP: OnceLock<RoadNetwork> = OnceLock::new();
    MAP.get_or_init(|| {
        let path =
            std::env::temp_dir().join(format!("tournee-fuzz-map-{}.osm.pbf", std::process::id()));
        tournee::plan::default_map()
            .osm
            .write(&path)
            .expect("the generated canton can be written to the temporary folder");
        let net = RoadNetwork::from_osm(&path).expect("the generated canton reads back");
        let _ = std::fs::remove_file(&path);
        net
    })
}

/// The matrix the days with matrix rows are planned on: 6 places on a line, 5 min and 4 km
/// apart.
fn line_matrix() -> TravelInput {
    let n = 6;
    let row = |k: f64| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| (0..n).map(|j| (i as f64 - j as f64).abs() * k).collect())
            .collect()
    };
    TravelInput::new(row(300.0), row(4000.0))
}

/// Plans a parsed day: on [`line_matrix`] when it names matrix rows, else on [`map`].
fn plan(day: &Day) -> Result<(), String> {
    day.validate().map_err(|e| e.to_string())?;
    let built = if day.on_matrix() {
        build_on_matrix(&line_matrix(), day)
    } else {
        build(map(), day)
    }
    .map_err(|e| e.to_string())?;
    built
        .solve(day, &one_iteration())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A day as JSON (`tournee plan --day DAY.json`).
pub fn day_json(data: &[u8]) -> Result<(), String> {
    let day = Day::from_json(text(data)?).map_err(|e| e.to_string())?;
    plan(&day)
}

/// A day as CSV files joined by [`CSV_SEPARATOR`] (`tournee plan --visits … --carers …`).
pub fn day_csv(data: &[u8]) -> Result<(), String> {
    let text = text(data)?;
    let mut parts = text.split(CSV_SEPARATOR);
    let visits = parts.next().unwrap_or("");
    let carers = parts.next().ok_or("no carers part")?;
    let links = parts.next();
    let shipments = parts.next();
    let day = Day::from_csv(visits, carers, links, shipments).map_err(|e| e.to_string())?;
    plan(&day)
}

/// The day every [`matrix`] input is planned with: two nurses at row 0, visits at rows 1–3.
fn matrix_day() -> &'static Day {
    static DAY: OnceLock<Day> = OnceLock::new();
    DAY.get_or_init(|| {
        Day::from_json(
            r#"{"carers": [
                 {"id": "n1", "shift_start": "07:00", "shift_end": "12:00", "start_index": 0},
                 {"id": "n2", "shift_start": "07:00", "shift_end": "12:00", "start_index": 0}],
               "visits": [
                 {"id": "v1", "location_index": 1, "duration_min": 10},
                 {"id": "v2", "location_index": 2, "duration_min": 20,
                  "windows": [["08:00", "09:00"]]},
                 {"id": "v3", "location_index": 3, "duration_min": 15}]}"#,
        )
        .expect("the fixed day of the matrix target is valid")
    })
}

/// A travel matrix as JSON (`tournee plan --matrix MATRIX.json`), planned with a fixed day.
pub fn matrix(data: &[u8]) -> Result<(), String> {
    let m = TravelInput::from_json_named(text(data)?, "matrix.json").map_err(|e| e.to_string())?;
    let day = matrix_day();
    build_on_matrix(&m, day)
        .map_err(|e| e.to_string())?
        .solve(day, &one_iteration())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// An HHCRSP instance (`tournee solve FILE --format hhcrsp`): read, solved for one
/// iteration, checked by the independent checker.
pub fn hhcrsp(data: &[u8]) -> Result<(), String> {
    let instance = Instance::parse(text(data)?, "fuzz").map_err(|e| e.to_string())?;
    tournee::hhcrsp::solve(&instance, &one_iteration())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A Solomon VRPTW file (`tournee solve FILE --format solomon`): read, built, solved for one
/// iteration.
pub fn solomon(data: &[u8]) -> Result<(), String> {
    let instance = parse_solomon(text(data)?, "fuzz").map_err(|e| e.to_string())?;
    let problem = instance.to_problem(Rounding::Exact);
    let options = SolveOptions {
        iteration_limit: Some(1),
        time_limit: Some(std::time::Duration::from_secs_f64(SEARCH_BUDGET_SECONDS)),
        threads: 1,
        ..SolveOptions::default()
    };
    solve(&problem, &options)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Queries a network that was read: snaps two of its nodes, a matrix and a route between
/// them.
fn query(net: &RoadNetwork) -> Result<(), String> {
    let g = net.graph();
    let n = g.node_count();
    if n == 0 {
        return Ok(());
    }
    let a: Coord = g.node_coord(0);
    let b: Coord = g.node_coord((n - 1) as u32);
    net.matrix(&[a, b]).map_err(|e| e.to_string())?;
    net.route(a, b).map(|_| ()).map_err(|e| e.to_string())
}

/// A prepared network file (`tournee prepare`, `RoadNetwork::load`).
pub fn prepared(data: &[u8]) -> Result<(), String> {
    let net = RoadNetwork::from_prepared_bytes(data, "fuzz.prepared").map_err(|e| e.to_string())?;
    query(&net)
}

/// An OpenStreetMap PBF extract (`tournee prepare`, `RoadNetwork::from_osm`): the bytes are
/// written to a file of this process (the reader seeks), read, built, contracted, queried.
pub fn pbf(data: &[u8]) -> Result<(), String> {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    let path = PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("tournee-fuzz-{}.osm.pbf", std::process::id()))
    });
    std::fs::write(path, data).map_err(|e| e.to_string())?;
    let net = RoadNetwork::from_osm(path).map_err(|e| e.to_string());
    let _ = std::fs::remove_file(path);
    query(&net?)
}
