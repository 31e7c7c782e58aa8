//! `tournee plan`: the main job. A day of visits and carers (the embedded example, a JSON day
//! or CSV files) and a road map become rounds: `plan.json`, `routes.geojson`, `schedule.csv`
//! and a summary table on stdout; progress on stderr.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use clap::Args;
use tournee::plan::{self, Day};
use tournee_roads::RoadNetwork;
use tournee_solver::care::CareOptions;

use super::{emit, NetworkArgs};

/// Default wall-time limit of the search, seconds (when neither limit is given).
const DEFAULT_TIME_LIMIT: f64 = 10.0;

/// The day given on the command line (JSON or CSV files) and its travel matrix, if any:
/// shared by `plan` and `replan`.
#[derive(Args)]
pub(crate) struct DayArgs {
    /// The day as JSON (carers, visits, links; see docs/plan-input.md).
    #[arg(long, value_name = "DAY.json", conflicts_with_all = ["visits", "carers", "links"])]
    day: Option<PathBuf>,
    /// The visits as CSV (with --carers).
    #[arg(long, value_name = "visits.csv", requires = "carers")]
    visits: Option<PathBuf>,
    /// The carers as CSV (with --visits).
    #[arg(long, value_name = "carers.csv", requires = "visits")]
    carers: Option<PathBuf>,
    /// Links between visits as CSV (optional, with --visits and --carers).
    #[arg(long, value_name = "links.csv", requires = "visits")]
    links: Option<PathBuf>,
    /// Shipments between visits as CSV (optional, with --visits and --carers).
    #[arg(long, value_name = "shipments.csv", requires = "visits")]
    shipments: Option<PathBuf>,
    /// Plan on this travel matrix instead of a road map: `{"durations_s": [[…]],
    /// "distances_m": [[…]]}` (seconds, metres; what `tournee matrix` prints), places given as
    /// matrix rows (`location_index`, `start_index`, `end_index`).
    #[arg(long, value_name = "MATRIX.json", conflicts_with_all = ["osm", "prepared"])]
    matrix: Option<PathBuf>,
}

impl DayArgs {
    /// The day given, if any.
    pub(crate) fn read(&self) -> Result<Option<Day>, String> {
        match (&self.day, &self.visits, &self.carers) {
            (Some(path), _, _) => Ok(Some(Day::read_json(path).map_err(|e| e.to_string())?)),
            (None, Some(v), Some(c)) => Ok(Some(
                Day::read_csv(v, c, self.links.as_deref(), self.shipments.as_deref())
                    .map_err(|e| e.to_string())?,
            )),
            _ => Ok(None),
        }
    }

    /// Builds `day` on the matrix given, or on the road network of `net` (loaded here, and
    /// returned for the routes' geometry).
    pub(crate) fn build(
        &self,
        net: &NetworkArgs,
        pool: &rayon::ThreadPool,
        day: &Day,
        step: &dyn Fn(&str),
    ) -> Result<(plan::Built, Option<RoadNetwork>), String> {
        match &self.matrix {
            Some(matrix_path) => {
                step("reading the matrix");
                let matrix =
                    plan::TravelInput::read_json(matrix_path).map_err(|e| e.to_string())?;
                let built = plan::build_on_matrix(&matrix, day).map_err(|e| e.to_string())?;
                let n = matrix.size();
                step(&format!(
                    "{n} × {n} travel matrix read, {} places used",
                    built.places.len()
                ));
                Ok((built, None))
            }
            None => {
                day.validate().map_err(|e| e.to_string())?;
                if net.osm.is_none() && net.prepared.is_none() {
                    return Err("give the road network of the day with --osm FILE.osm.pbf or --prepared FILE, or its travel matrix with --matrix MATRIX.json".into());
                }
                step("reading the map");
                let n = pool.install(|| net.load())?;
                let built = map_day(pool, &n, day, step)?;
                Ok((built, Some(n)))
            }
        }
    }
}

/// Arguments of `tournee plan`.
#[derive(Args)]
pub(crate) struct PlanArgs {
    #[command(flatten)]
    net: NetworkArgs,
    #[command(flatten)]
    input: DayArgs,
    /// Wall-time limit of the search in seconds (default 10, or none with --iterations).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Search iterations per thread (genetic generations, ruin-and-recreate steps, or
    /// thousands of annealing moves): a deterministic stop for a seed and thread count.
    #[arg(long, value_name = "N")]
    iterations: Option<u64>,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder for plan.json, routes.geojson and schedule.csv.
    #[arg(long, value_name = "DIR", default_value = "tournee-plan")]
    out: PathBuf,
}

pub(crate) fn run(a: &PlanArgs) -> Result<(), String> {
    let started = Instant::now();
    let step = |text: &str| eprintln!("[{:>5.1} s] {text}", started.elapsed().as_secs_f64());
    let (care, limits) = super::search_options(
        a.time_limit,
        a.iterations,
        a.net.threads,
        a.seed,
        DEFAULT_TIME_LIMIT,
    )?;
    let has_map = a.net.osm.is_some() || a.net.prepared.is_some();
    let given = a.input.read()?;
    std::fs::create_dir_all(&a.out)
        .map_err(|e| format!("cannot create {}: {e}", a.out.display()))?;
    let pool = a.net.pool()?;
    let (day, built, net) = match (given, &a.input.matrix) {
        (None, Some(_)) => {
            return Err("give the day with --day DAY.json or --visits visits.csv --carers carers.csv (a matrix alone has nothing to plan)".into());
        }
        (Some(day), _) => {
            let (built, net) = a.input.build(&a.net, &pool, &day, &step)?;
            (day, built, net)
        }
        (None, None) => {
            if has_map {
                return Err("give the day with --day DAY.json or --visits visits.csv --carers carers.csv (the example day lies on the generated map, not on yours)".into());
            }
            step("generating the example canton and its day (no input files given)");
            let map = plan::default_map();
            let pbf = a.out.join("rural.osm.pbf");
            map.osm.write(&pbf).map_err(|e| e.to_string())?;
            let day = plan::default_day();
            super::write_file(&a.out.join("day.json"), &day.to_json())?;
            let csv = day.to_csv();
            super::write_file(&a.out.join("visits.csv"), &csv.visits)?;
            super::write_file(&a.out.join("carers.csv"), &csv.carers)?;
            super::write_file(&a.out.join("links.csv"), &csv.links)?;
            eprintln!(
                "          wrote {} and the day as day.json, visits.csv, carers.csv, links.csv in {}",
                pbf.display(),
                a.out.display()
            );
            step("reading the map");
            let n = super::read_example_map(&a.net, &pool, &pbf)?;
            let built = map_day(&pool, &n, &day, &step)?;
            (day, built, Some(n))
        }
    };
    step(&format!(
        "solving: {} visits, {} carers, {} links ({limits})",
        day.visits.len(),
        day.carers.len(),
        day.links.len(),
    ));
    let plan = solve_ticking(&built, &day, &care, care.time_limit)?;
    step(&format!(
        "solved: {} / {} visits served, {} search iterations",
        plan.totals.served, plan.totals.visits, plan.search.iterations
    ));
    write_plan_files(&a.out, &plan, Some(&day), net.as_ref(), &step)?;
    emit(plan::summary(&plan).trim_end())
}

/// Writes `plan.json`, `schedule.csv`, `routes.geojson` (along the roads on a map; straight
/// lines when a matrix gives coordinates; none otherwise) and `plan.html` (the page to look
/// at: rounds on the roads, timeline, tables) in `out`. `day` is the day as planned.
pub(crate) fn write_plan_files(
    out: &std::path::Path,
    plan: &plan::Plan,
    day: Option<&Day>,
    net: Option<&RoadNetwork>,
    step: &dyn Fn(&str),
) -> Result<(), String> {
    let geojson = match net {
        Some(net) => Some(plan::routes_geojson(net, plan).map_err(|e| e.to_string())?),
        None => plan::routes_geojson_straight(plan),
    };
    let plan_path = out.join("plan.json");
    let routes_path = out.join("routes.geojson");
    let schedule_path = out.join("schedule.csv");
    let html_path = out.join("plan.html");
    super::write_file(&plan_path, &plan.to_json())?;
    super::write_file(
        &html_path,
        &plan::plan_html(plan, day, geojson.as_ref(), net),
    )?;
    if let Some(g) = &geojson {
        super::write_file(&routes_path, &g.to_string())?;
    }
    super::write_file(&schedule_path, &plan::schedule_csv(plan))?;
    step(&format!(
        "wrote {}, {}, {}{}",
        plan_path.display(),
        html_path.display(),
        schedule_path.display(),
        match &geojson {
            Some(_) => format!(", {}", routes_path.display()),
            None => " (no routes.geojson: the matrix file gives no coordinates)".to_string(),
        }
    ));
    Ok(())
}

/// Snaps the day's places on the map and computes their matrix.
fn map_day(
    pool: &rayon::ThreadPool,
    net: &RoadNetwork,
    day: &Day,
    step: &dyn Fn(&str),
) -> Result<plan::Built, String> {
    let info = net.info();
    step(&format!(
        "map ready: {} intersections, {:.0} km of roads",
        info.nodes, info.road_km
    ));
    let built = pool
        .install(|| plan::build(net, day))
        .map_err(|e| e.to_string())?;
    let n = built.places.len();
    step(&format!(
        "{n} places snapped onto the roads, {n} × {n} travel matrix computed"
    ));
    Ok(built)
}

/// Solves, ticking the elapsed time on stderr once a second when it is a terminal.
pub(crate) fn solve_ticking(
    built: &plan::Built,
    day: &Day,
    options: &CareOptions,
    time_limit: Option<f64>,
) -> Result<plan::Plan, String> {
    let tty = std::io::stderr().is_terminal();
    let (done, ticks) = mpsc::channel::<()>();
    let started = Instant::now();
    std::thread::scope(|s| {
        if tty {
            s.spawn(move || {
                while let Err(mpsc::RecvTimeoutError::Timeout) =
                    ticks.recv_timeout(Duration::from_secs(1))
                {
                    let limit = time_limit
                        .map(|t| format!(" / {t:.0} s"))
                        .unwrap_or_default();
                    eprint!(
                        "\r          searching… {:.0} s{limit}   ",
                        started.elapsed().as_secs_f64()
                    );
                }
                eprint!("\r{:60}\r", "");
            });
        }
        let result = built.solve(day, options).map_err(|e| e.to_string());
        drop(done);
        result
    })
}
