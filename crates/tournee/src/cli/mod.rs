//! Command-line interface: argument definitions and dispatch.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use tournee_roads::{CarProfile, RoadNetwork};

mod demo;
mod interrupt;
mod plan;
mod replan;
mod roads;
mod solve;
mod week;

#[derive(Parser)]
#[command(
    name = "tournee",
    version,
    about = "Rounds for home-care nurses and PSAD technicians, from OpenStreetMap data",
    long_about = "tournee turns a region's OpenStreetMap extract into travel-time matrices and \
                  routes, and plans the rounds of a day (`tournee plan`).\nMap data © OpenStreetMap contributors (ODbL)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Plan a day of rounds: visits and carers (JSON or CSV) on a road map; without input
    /// files, an example day on a generated rural canton.
    Plan(plan::PlanArgs),
    /// Plan a week of recurring care (days, carers' shifts, care orders) as one search; without
    /// input files, an example week on a generated rural canton.
    PlanWeek(week::PlanWeekArgs),
    /// Re-plan a day while it runs: the day, its plan, the time and what happened (a carer
    /// absent, a visit added or cancelled, a longer visit, a delay) give the new plan and
    /// changes.csv (whom to phone).
    Replan(replan::ReplanArgs),
    /// Travel-time and distance matrix between points (JSON on stdout).
    Matrix(roads::MatrixArgs),
    /// Road route between two points (GeoJSON Feature on stdout).
    Route(roads::RouteArgs),
    /// Read an extract once and save the prepared network for later runs.
    Prepare(roads::PrepareArgs),
    /// Run offline on a generated rural network: villages, a matrix and a route.
    Demo(demo::DemoArgs),
    /// Solve a vehicle-routing benchmark file (Solomon / Gehring–Homberger) and check it.
    Solve(solve::SolveArgs),
}

/// Where the road network comes from, shared by every road command.
#[derive(Args, Clone, Debug)]
pub(crate) struct NetworkArgs {
    /// OpenStreetMap extract (.osm.pbf).
    #[arg(long, value_name = "FILE.osm.pbf", conflicts_with = "prepared")]
    osm: Option<PathBuf>,
    /// Prepared network written by `tournee prepare` (instead of --osm).
    #[arg(long, value_name = "FILE")]
    prepared: Option<PathBuf>,
    /// Car profile overrides as JSON (see the roads crate's profile docs).
    #[arg(long, value_name = "PROFILE.json")]
    profile: Option<PathBuf>,
    /// Snap radius in metres: points farther from every road are refused.
    #[arg(long, value_name = "METRES")]
    snap_radius: Option<f64>,
    /// Road classes points are never snapped to, comma-separated (`highway=*` values or
    /// `ferry`; `none` for any road). Default: motorway,motorway_link,trunk,trunk_link,ferry.
    #[arg(long, value_name = "CLASSES")]
    snap_exclude: Option<String>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
}

impl NetworkArgs {
    pub(crate) fn load(&self) -> Result<RoadNetwork, String> {
        let mut net = match (&self.osm, &self.prepared) {
            (Some(osm), None) => {
                let profile = match &self.profile {
                    Some(p) => {
                        let text = std::fs::read_to_string(p)
                            .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
                        CarProfile::from_json(&text).map_err(|e| format!("{}: {e}", p.display()))?
                    }
                    None => CarProfile::default(),
                };
                RoadNetwork::from_osm_with(osm, &profile).map_err(|e| e.to_string())?
            }
            (None, Some(prepared)) => {
                if self.profile.is_some() {
                    return Err("--profile applies when reading --osm; a prepared network keeps the profile it was built with".into());
                }
                RoadNetwork::load(prepared).map_err(|e| e.to_string())?
            }
            _ => {
                return Err(
                    "give the road network with --osm FILE.osm.pbf or --prepared FILE".into(),
                )
            }
        };
        self.apply_snapping(&mut net)?;
        Ok(net)
    }

    /// Applies `--snap-radius` and `--snap-exclude` to `net`.
    fn apply_snapping(&self, net: &mut RoadNetwork) -> Result<(), String> {
        if let Some(r) = self.snap_radius {
            net.set_snap_radius_m(r).map_err(|e| e.to_string())?;
        }
        if let Some(list) = &self.snap_exclude {
            let classes: Vec<&str> = list
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty() && *c != "none")
                .collect();
            net.set_snap_excluded(classes)
                .map_err(|e| format!("--snap-exclude: {e}"))?;
        }
        Ok(())
    }

    pub(crate) fn pool(&self) -> Result<rayon::ThreadPool, String> {
        let mut b = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            if n == 0 {
                return Err("--threads must be at least 1".into());
            }
            b = b.num_threads(n);
        }
        b.build().map_err(|e| e.to_string())
    }
}

/// The search options of `plan`, `plan-week` and `replan` ([`tournee::plan::search_options`]:
/// `--time-limit` default `default_limit` seconds when neither limit is given, `--threads`
/// default 1 with `--iterations`, all cores without), watching Ctrl-C; with how the stop reads,
/// e.g. `"10 s, 2 threads"`.
pub(crate) fn search_options(
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: Option<usize>,
    seed: u64,
    default_limit: f64,
) -> Result<(tournee_solver::care::CareOptions, String), String> {
    use tournee::plan::SearchOptionError as E;
    let mut options =
        tournee::plan::search_options(time_limit, iterations, threads, seed, default_limit)
            .map_err(|e| match e {
                E::TimeLimit(t) => format!("--time-limit {t} must be a number of seconds above 0"),
                E::Threads => "--threads must be at least 1".to_string(),
                E::Iterations => "--iterations must be at least 1".to_string(),
            })?;
    options.cancel = Some(interrupt::token());
    let limit = match (options.time_limit, options.iterations) {
        (Some(t), Some(i)) => format!("{t} s or {i} iterations per thread"),
        (Some(t), None) => format!("{t} s"),
        (None, Some(i)) => format!("{i} iterations per thread"),
        (None, None) => unreachable!("a default time limit is set"),
    };
    let threads = options.threads;
    let text = format!(
        "{limit}, {threads} thread{}",
        if threads == 1 { "" } else { "s" }
    );
    Ok((options, text))
}

/// Reads the generated canton written at `pbf` (the example day's and week's map), with the
/// snap radius of `net` if given.
pub(crate) fn read_example_map(
    net: &NetworkArgs,
    pool: &rayon::ThreadPool,
    pbf: &std::path::Path,
) -> Result<RoadNetwork, String> {
    let mut n = pool.install(|| RoadNetwork::from_osm(pbf).map_err(|e| e.to_string()))?;
    net.apply_snapping(&mut n)?;
    Ok(n)
}

/// Writes an output file atomically (a temporary file in the same folder renamed into place), so
/// a run stopped half-way never leaves a truncated file; the error names the path.
pub(crate) fn write_file(path: &std::path::Path, text: &str) -> Result<(), String> {
    tournee_roads::write_atomic(path, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Prints a line on stdout; a closed pipe (`tournee matrix … | head`) is not an error.
pub(crate) fn emit(text: impl std::fmt::Display) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {e}"))
        }
        _ => Ok(()),
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Plan(a) => plan::run(&a),
        Command::PlanWeek(a) => week::run(&a),
        Command::Replan(a) => replan::run(&a),
        Command::Matrix(a) => roads::matrix(&a),
        Command::Route(a) => roads::route(&a),
        Command::Prepare(a) => roads::prepare(&a),
        Command::Demo(a) => demo::run(&a),
        Command::Solve(a) => solve::run(&a),
    };
    match result {
        Ok(()) if interrupt::interrupted() => {
            eprintln!("interrupted: the files written hold the best plan found before the signal");
            ExitCode::from(interrupt::EXIT_INTERRUPTED)
        }
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
