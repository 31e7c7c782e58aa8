//! `tournee plan-week`: a week of recurring care (the embedded week or a WEEK.json) on a road
//! map or the user's own matrix, planned as one search (or day by day with `--baseline
//! day-by-day`): `week.json`, `calendar.csv`, and per day `DIR/<date>/plan.json`,
//! `routes.geojson`, `schedule.csv`; a summary on stdout, progress on stderr.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};
use tournee::plan;
use tournee::week::{self, Travel, Week, WeekModel, WeekOptions};
use tournee_roads::RoadNetwork;

use super::{emit, write_file, NetworkArgs};

/// Default wall-time limit of a week's search, seconds (when neither limit is given).
const DEFAULT_TIME_LIMIT: f64 = 30.0;

/// How a week is planned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Baseline {
    /// Flexible occurrences on their first allowed day, each day planned alone, no continuity
    /// or fairness across days (what a single-day tool does), same total time.
    DayByDay,
}

/// Arguments of `tournee plan-week`.
#[derive(Args)]
pub(crate) struct PlanWeekArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// The week as JSON (days, carers with shifts, care orders; see docs/week-input.md).
    #[arg(long, value_name = "WEEK.json")]
    week: Option<PathBuf>,
    /// Plan on this travel matrix instead of a road map (`{"durations_s", "distances_m"}`),
    /// places given as matrix rows (`location_index`, `start_index`, `end_index`).
    #[arg(long, value_name = "MATRIX.json", conflicts_with_all = ["osm", "prepared"])]
    matrix: Option<PathBuf>,
    /// Wall-time limit of the whole week's search in seconds (default 30, or none with
    /// --iterations).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Search iterations per thread for the whole week (a deterministic stop).
    #[arg(long, value_name = "N")]
    iterations: Option<u64>,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Plan the way a single-day tool must instead of as one week.
    #[arg(long, value_enum, value_name = "KIND")]
    baseline: Option<Baseline>,
    /// Folder for week.json, calendar.csv and one folder per day.
    #[arg(long, value_name = "DIR", default_value = "tournee-week")]
    out: PathBuf,
}

pub(crate) fn run(a: &PlanWeekArgs) -> Result<(), String> {
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
    std::fs::create_dir_all(&a.out)
        .map_err(|e| format!("cannot create {}: {e}", a.out.display()))?;
    let pool = a.net.pool()?;
    let given = match &a.week {
        Some(path) => Some(Week::read_json(path).map_err(|e| e.to_string())?),
        None => None,
    };
    let mut net: Option<RoadNetwork> = None;
    let model = match (given, &a.matrix) {
        (Some(w), Some(matrix_path)) => {
            step("reading the matrix");
            let matrix = plan::TravelInput::read_json(matrix_path).map_err(|e| e.to_string())?;
            WeekModel::new(&w, Travel::Matrix(&matrix)).map_err(|e| e.to_string())?
        }
        (None, Some(_)) => {
            return Err(
                "give the week with --week WEEK.json (a matrix alone has nothing to plan)".into(),
            )
        }
        (Some(w), None) => {
            if !has_map {
                return Err("give the road network of the week with --osm FILE.osm.pbf or --prepared FILE, or its travel matrix with --matrix MATRIX.json (without a week, tournee plan-week runs its example week on a generated map)".into());
            }
            step("reading the map");
            let n = pool.install(|| a.net.load())?;
            let m = pool
                .install(|| WeekModel::new(&w, Travel::Network(&n)))
                .map_err(|e| e.to_string())?;
            net = Some(n);
            m
        }
        (None, None) => {
            if has_map {
                return Err("give the week with --week WEEK.json (the example week lies on the generated map, not on yours)".into());
            }
            step("generating the example canton and its week (no input files given)");
            let map = plan::default_map();
            let pbf = a.out.join("rural.osm.pbf");
            map.osm.write(&pbf).map_err(|e| e.to_string())?;
            let w = week::default_week();
            write_file(&a.out.join("week.input.json"), &w.to_json())?;
            eprintln!(
                "          wrote {} and the week as week.input.json in {}",
                pbf.display(),
                a.out.display()
            );
            step("reading the map");
            let n = super::read_example_map(&a.net, &pool, &pbf)?;
            let m = pool
                .install(|| WeekModel::new(&w, Travel::Network(&n)))
                .map_err(|e| e.to_string())?;
            net = Some(n);
            m
        }
    };
    let options = WeekOptions { care };
    step(&format!(
        "solving {}: {} days, {} orders → {} occurrences, {} carer-days ({limits})",
        match a.baseline {
            Some(Baseline::DayByDay) => "day by day (baseline)",
            None => "the week as one search",
        },
        model.horizon.dates.len(),
        model.week.orders.len(),
        model.occurrences.len(),
        model.carer_days.len(),
    ));
    let plan = match a.baseline {
        Some(Baseline::DayByDay) => week::plan_day_by_day(&model, &options),
        None => week::plan_week_model(&model, &options),
    }
    .map_err(|e| e.to_string())?;
    step(&format!(
        "solved: {} / {} visits served, {:.0} min driving",
        plan.totals.served, plan.totals.visits, plan.totals.driving_min
    ));
    write_file(&a.out.join("week.json"), &plan.to_json())?;
    write_file(&a.out.join("calendar.csv"), &plan.calendar_csv())?;
    for d in &plan.days {
        let dir = a.out.join(&d.date);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        write_file(&dir.join("plan.json"), &d.plan.to_json())?;
        write_file(&dir.join("schedule.csv"), &plan::schedule_csv(&d.plan))?;
        let geojson = match &net {
            Some(net) => Some(plan::routes_geojson(net, &d.plan).map_err(|e| e.to_string())?),
            None => plan::routes_geojson_straight(&d.plan),
        };
        if let Some(g) = geojson {
            write_file(&dir.join("routes.geojson"), &g.to_string())?;
        }
    }
    step(&format!(
        "wrote week.json, calendar.csv and {} day folders in {}",
        plan.days.len(),
        a.out.display()
    ));
    if !plan.check.valid {
        eprintln!(
            "warning: the checker found {} violation(s): {}",
            plan.check.violations.len(),
            plan.check.violations.join("; ")
        );
    }
    emit(plan.summary().trim_end())
}
