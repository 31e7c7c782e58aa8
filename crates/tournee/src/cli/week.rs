//! `tournee plan-week`: a week of recurring care (the embedded week or a WEEK.json) on a road
//! map or the user's own matrix, planned as one search (or day by day with `--baseline
//! day-by-day`): `week.json`, `calendar.csv`, and per day `DIR/<date>/plan.json`,
//! `routes.geojson`, `schedule.csv`; a summary on stdout, progress on stderr.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};
use tournee::plan;
use tournee::week::{self, Travel, Week, WeekModel, WeekOptions};
use tournee_roads::RoadNetwork;

use super::{emit, write_file, NetworkArgs};

/// Default wall-time limit of a week's search, seconds (when neither limit is given).
const DEFAULT_TIME_LIMIT: f64 = 30.0;

/// Default wall-time limit of each day a week re-plan searches, seconds.
const REPLAN_TIME_LIMIT: f64 = 4.0;

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
    #[arg(long, value_name = "WEEK.json", conflicts_with_all = ["carers", "orders"])]
    week: Option<PathBuf>,
    /// The carers as CSV, one column per weekday or date holding the shift (with --orders and
    /// --days).
    #[arg(long, value_name = "carers.csv", requires_all = ["orders", "days"])]
    carers: Option<PathBuf>,
    /// The care orders as CSV (with --carers and --days).
    #[arg(long, value_name = "orders.csv", requires_all = ["carers", "days"])]
    orders: Option<PathBuf>,
    /// The dates of a week given as CSV: `FIRST..LAST` (every day) or a comma-separated list.
    #[arg(long, value_name = "DATES", requires = "carers")]
    days: Option<String>,
    /// Plan on this travel matrix instead of a road map (`{"durations_s", "distances_m"}`),
    /// places given as matrix rows (`location_index`, `start_index`, `end_index`).
    #[arg(long, value_name = "MATRIX.json", conflicts_with_all = ["osm", "prepared"])]
    matrix: Option<PathBuf>,
    /// Wall-time limit of the whole week's search in seconds (default 30, or none with
    /// --iterations); with --replan, of each day re-planned (default 4).
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
    /// Re-plan the week written in this folder by `tournee plan-week` (its week.json and
    /// <date>/day.json) instead of planning a new one; with --at and --events.
    #[arg(long, value_name = "WEEK_DIR", requires = "at", conflicts_with_all = ["week", "carers", "baseline"])]
    replan: Option<PathBuf>,
    /// When the re-plan happens, `"YYYY-MM-DD HH:MM"`: that day from that time, the later
    /// days an event touches whole.
    #[arg(long, value_name = "DATE TIME", requires = "replan")]
    at: Option<String>,
    /// What happened (EVENTS.json, as for `tournee replan`; a carer_absent holds for the rest
    /// of the week).
    #[arg(long, value_name = "EVENTS.json", requires = "replan")]
    events: Option<PathBuf>,
    /// Minutes a start may move either way without calling the patient (re-plan).
    #[arg(long, value_name = "MIN", default_value_t = 15.0)]
    tolerance: f64,
    /// Re-plan ignoring what was announced.
    #[arg(long, requires = "replan")]
    from_scratch: bool,
}

pub(crate) fn run(a: &PlanWeekArgs) -> Result<(), String> {
    if let Some(dir) = &a.replan {
        return replan(a, dir);
    }
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
    let given = match (&a.week, &a.carers, &a.orders, &a.days) {
        (Some(path), ..) => Some(Week::read_json(path).map_err(|e| e.to_string())?),
        (None, Some(carers), Some(orders), Some(days)) => {
            let dates = week::horizon_dates(days).ok_or_else(|| {
                format!("--days {days:?}: give FIRST..LAST or a comma-separated list of dates YYYY-MM-DD")
            })?;
            Some(Week::read_csv(&dates, carers, orders).map_err(|e| e.to_string())?)
        }
        _ => None,
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
                "give the week with --week WEEK.json or --carers carers.csv --orders orders.csv --days FIRST..LAST (a matrix alone has nothing to plan)".into(),
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
                return Err("give the week with --week WEEK.json or --carers carers.csv --orders orders.csv --days FIRST..LAST (the example week lies on the generated map, not on yours)".into());
            }
            step("generating the example canton and its week (no input files given)");
            let map = plan::default_map();
            let pbf = a.out.join("rural.osm.pbf");
            map.osm.write(&pbf).map_err(|e| e.to_string())?;
            let w = week::default_week();
            write_file(&a.out.join("week.input.json"), &w.to_json())?;
            let csv = w.to_csv();
            write_file(&a.out.join("carers.csv"), &csv.carers)?;
            write_file(&a.out.join("orders.csv"), &csv.orders)?;
            eprintln!(
                "          wrote {} and the week as week.input.json, carers.csv and orders.csv in {}",
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
    write_week(&a.out, &plan, net.as_ref())?;
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

/// Writes `week.json`, `calendar.csv` and per day `<date>/day.json` (the day as planned, what
/// a re-plan starts from) with the files of `tournee plan` (`plan.json`, `plan.html`,
/// `schedule.csv`, `routes.geojson`).
fn write_week(out: &Path, plan: &week::WeekPlan, net: Option<&RoadNetwork>) -> Result<(), String> {
    write_file(&out.join("week.json"), &plan.to_json())?;
    write_file(&out.join("calendar.csv"), &plan.calendar_csv())?;
    for d in &plan.days {
        let dir = out.join(&d.date);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        if let Some(day) = &d.day {
            write_file(&dir.join("day.json"), &day.to_json())?;
        }
        super::plan::write_plan_files(&dir, &d.plan, d.day.as_ref(), net, &|_| {})?;
    }
    Ok(())
}

/// `plan-week --replan WEEK_DIR --at "DATE HH:MM" --events EVENTS.json`.
fn replan(a: &PlanWeekArgs, dir: &Path) -> Result<(), String> {
    let started = Instant::now();
    let step = |text: &str| eprintln!("[{:>5.1} s] {text}", started.elapsed().as_secs_f64());
    let (care, limits) = super::search_options(
        a.time_limit,
        a.iterations,
        a.net.threads,
        a.seed,
        REPLAN_TIME_LIMIT,
    )?;
    let at = a.at.as_deref().unwrap_or_default();
    let (date, time) = at
        .trim()
        .split_once([' ', 'T'])
        .ok_or_else(|| format!("--at {at:?}: give the day and the time, \"YYYY-MM-DD HH:MM\""))?;
    let text = std::fs::read_to_string(dir.join("week.json"))
        .map_err(|e| format!("cannot read {}: {e}", dir.join("week.json").display()))?;
    let mut old: week::WeekPlan = serde_json::from_str(&text)
        .map_err(|e| format!("{}: {e}", dir.join("week.json").display()))?;
    for d in &mut old.days {
        let path = dir.join(&d.date).join("day.json");
        if path.exists() {
            d.day = Some(plan::Day::read_json(&path).map_err(|e| e.to_string())?);
        }
    }
    let events = match &a.events {
        Some(path) => plan::Events::read_json(path).map_err(|e| e.to_string())?,
        None => plan::Events::default(),
    };
    let options = plan::ReplanOptions {
        tolerance_min: a.tolerance,
        keep_announcements: !a.from_scratch,
    };
    let pool = a.net.pool()?;
    let has_map = a.net.osm.is_some() || a.net.prepared.is_some();
    let example = dir.join("rural.osm.pbf");
    let matrix = match &a.matrix {
        Some(path) => Some(plan::TravelInput::read_json(path).map_err(|e| e.to_string())?),
        None => None,
    };
    let net = match (&matrix, has_map) {
        (Some(_), _) => None,
        (None, true) => {
            step("reading the map");
            Some(pool.install(|| a.net.load())?)
        }
        (None, false) if example.exists() => {
            step("reading the example canton of the week");
            Some(super::read_example_map(&a.net, &pool, &example)?)
        }
        (None, false) => return Err("give the week's road network with --osm FILE.osm.pbf or --prepared FILE, or its travel matrix with --matrix MATRIX.json".into()),
    };
    let travel = match (&matrix, &net) {
        (Some(m), _) => Travel::Matrix(m),
        (None, Some(n)) => Travel::Network(n),
        (None, None) => unreachable!("a matrix or a network is read above"),
    };
    let solve = |day: &plan::Day| -> Result<(plan::Built, plan::Plan), tournee::plan::PlanError> {
        pool.install(|| {
            let built = travel.build(day)?;
            let rest = built.solve(day, &care)?;
            Ok((built, rest))
        })
    };
    step(&format!(
        "re-planning the week from {date} {time}: {} events ({limits} per day re-planned)",
        events.events.len()
    ));
    let new = week::replan_week(&old, date, time, &events, &options, &solve)
        .map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&a.out)
        .map_err(|e| format!("cannot create {}: {e}", a.out.display()))?;
    write_week(&a.out, &new, net.as_ref())?;
    write_file(
        &a.out.join("changes.csv"),
        &week::week_changes_csv(&new.changes),
    )?;
    let touched: Vec<&str> = new
        .days
        .iter()
        .zip(&old.days)
        .filter(|(n, o)| n.plan != o.plan)
        .map(|(n, _)| n.date.as_str())
        .collect();
    step(&format!(
        "re-planned {}; wrote week.json, changes.csv, calendar.csv and the day folders in {}",
        if touched.is_empty() {
            "no day".to_string()
        } else {
            touched.join(", ")
        },
        a.out.display()
    ));
    let changed = new
        .changes
        .iter()
        .filter(|c| c.change.is_announcement_change())
        .count();
    emit(
        format!(
            "{}\nre-planned from {date} {time}: {changed} announced visits changed (changes.csv), driving over the week {:.0} min (was {:.0})",
            new.summary().trim_end(),
            new.totals.driving_min,
            old.totals.driving_min
        )
        .trim_end(),
    )
}
