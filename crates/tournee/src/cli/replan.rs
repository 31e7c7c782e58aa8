//! `tournee replan`: re-plan a day while it runs. The day, the plan being carried out, the
//! time and what happened (EVENTS.json) become the new plan (`plan.json`, `routes.geojson`,
//! `schedule.csv`), `changes.csv` (whom to phone) and `replan.day.json` (what remained to
//! plan: each carer from where the part already done leaves them, the rest from `--at`).

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use tournee::plan::{self, Events, Plan, ReplanDay, ReplanOptions};

use super::plan::{solve_ticking, write_plan_files, DayArgs};
use super::{emit, NetworkArgs};

/// Default wall-time limit of a re-plan, seconds.
const DEFAULT_TIME_LIMIT: f64 = 4.0;

/// Arguments of `tournee replan`.
#[derive(Args)]
pub(crate) struct ReplanArgs {
    #[command(flatten)]
    net: NetworkArgs,
    #[command(flatten)]
    input: DayArgs,
    /// The plan being carried out (`plan.json` written by `tournee plan` for this day).
    #[arg(long, value_name = "PLAN.json")]
    plan: PathBuf,
    /// Time of the re-plan, `HH:MM`: every stop started before stays as it was.
    #[arg(long, value_name = "HH:MM")]
    at: String,
    /// What happened (`{"events": [...]}`: carer_absent, visit_added, visit_cancelled,
    /// duration_changed, carer_delayed; see docs/replan.md). Default: none.
    #[arg(long, value_name = "EVENTS.json")]
    events: Option<PathBuf>,
    /// Minutes a start may move either way without calling the patient.
    #[arg(long, value_name = "MIN", default_value_t = 15.0)]
    tolerance: f64,
    /// Re-plan the remaining visits from scratch, ignoring what was announced.
    #[arg(long)]
    from_scratch: bool,
    /// Wall-time limit of the search in seconds (default 4, or none with --iterations).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Search iterations per thread (a deterministic stop for a seed and thread count).
    #[arg(long, value_name = "N")]
    iterations: Option<u64>,
    /// Seed of the search.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder for plan.json, changes.csv, routes.geojson, schedule.csv, replan.day.json.
    #[arg(long, value_name = "DIR", default_value = "tournee-replan")]
    out: PathBuf,
}

pub(crate) fn run(a: &ReplanArgs) -> Result<(), String> {
    let started = Instant::now();
    let step = |text: &str| eprintln!("[{:>5.1} s] {text}", started.elapsed().as_secs_f64());
    let (care, limits) = super::search_options(
        a.time_limit,
        a.iterations,
        a.net.threads,
        a.seed,
        DEFAULT_TIME_LIMIT,
    )?;
    let day = a.input.read()?.ok_or(
        "give the day with --day DAY.json or --visits visits.csv --carers carers.csv (the day the plan was made for)",
    )?;
    let old = Plan::read_json(&a.plan).map_err(|e| e.to_string())?;
    let events = match &a.events {
        Some(path) => Events::read_json(path).map_err(|e| e.to_string())?,
        None => Events::default(),
    };
    let options = ReplanOptions {
        tolerance_min: a.tolerance,
        keep_announcements: !a.from_scratch,
    };
    let re = ReplanDay::new(&day, &old, &a.at, &events, &options).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(&a.out)
        .map_err(|e| format!("cannot create {}: {e}", a.out.display()))?;
    super::write_file(&a.out.join("replan.day.json"), &re.day.to_json())?;
    let pool = a.net.pool()?;
    let (built, net) = a.input.build(&a.net, &pool, &re.day, &step)?;
    step(&format!(
        "re-planning at {}: {} events, {} visits ({limits})",
        a.at,
        events.events.len(),
        re.day.visits.len()
    ));
    let new = solve_ticking(&built, &re.day, &care, care.time_limit)?;
    let replan = re.finish(&old, new, &built).map_err(|e| e.to_string())?;
    write_plan_files(&a.out, &replan.plan, Some(&re.day), net.as_ref(), &step)?;
    let changes_path = a.out.join("changes.csv");
    super::write_file(&changes_path, &plan::changes_csv(&replan.changes))?;
    super::write_file(&a.out.join("day.json"), &replan.updated_day.to_json())?;
    step(&format!(
        "wrote {}, {} (what remained to plan) and {} (the day with the events, for a later re-plan)",
        changes_path.display(),
        a.out.join("replan.day.json").display(),
        a.out.join("day.json").display()
    ));
    emit(
        format!(
            "{}\nre-planned at {}: {} stops kept as they were, {} announced visits changed \
             (carer, start by more than {} min, or left out), driving {:.0} min (was {:.0})",
            plan::summary(&replan.plan).trim_end(),
            a.at,
            replan.frozen,
            replan.announcements_changed(),
            a.tolerance,
            replan.plan.totals.driving_min,
            old.totals.driving_min
        )
        .trim_end(),
    )
}
