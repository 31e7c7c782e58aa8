//! `tournee plan`: the main job, end to end through the command.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A sub-folder `name` of the test's own temporary folder.
fn dir(tmp: &TempDir, name: &str) -> PathBuf {
    let d = tmp.path().join(name);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tournee() -> Command {
    Command::cargo_bin("tournee").unwrap()
}

/// Deterministic and quick: a fixed number of moves on one thread.
const QUICK: [&str; 6] = ["--iterations", "20000", "--threads", "1", "--seed", "3"];

/// Runs the default day in a fresh folder of the calling test's own (removed when the returned
/// guard drops); the folder holds the plan, the map and the day as JSON and CSV.
fn default_run() -> (TempDir, PathBuf, String) {
    let tmp = tempfile::tempdir().unwrap();
    let out = dir(&tmp, "default");
    let o = tournee()
        .arg("plan")
        .args(QUICK)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("reading the map") && stderr.contains("solving"),
        "{stderr}"
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    (tmp, out, stdout)
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The parts of plan.json that do not depend on the day's name or the clock.
fn plan_core(v: &Value) -> Value {
    serde_json::json!([
        v["rounds"],
        v["unassigned"],
        v["totals"],
        v["cost"],
        v["feasible"]
    ])
}

fn fails_with(args: &[&str], extra: &[&Path], needle: &[&str]) {
    let mut cmd = tournee();
    cmd.arg("plan").args(args);
    for p in extra {
        cmd.arg(p);
    }
    let o = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error: "), "{err}");
    for n in needle {
        assert!(err.contains(n), "{n:?} not in {err}");
    }
}

#[test]
fn default_day_serves_every_visit_and_writes_well_formed_files() {
    let (_tmp, out, stdout) = default_run();
    assert!(
        stdout.contains("visits served          46 / 46"),
        "{stdout}"
    );
    assert!(stdout.contains("share of time driving") && stdout.contains("every visit is planned"));
    let plan = json(&out.join("plan.json"));
    assert_eq!(plan["feasible"], true);
    assert_eq!(plan["totals"]["served"], 46);
    assert_eq!(plan["unassigned"].as_array().unwrap().len(), 0);
    let rounds = plan["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 6);
    let gj = json(&out.join("routes.geojson"));
    assert_eq!(gj["type"], "FeatureCollection");
    let features = gj["features"].as_array().unwrap();
    let lines = features
        .iter()
        .filter(|f| f["geometry"]["type"] == "LineString")
        .count();
    let points = features
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point")
        .count();
    assert!(lines >= 30, "{lines}");
    assert_eq!(points, 46 + 6);
    let csv = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    let mut rows = csv.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    assert_eq!(header.len(), 13);
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 13));
    assert_eq!(rows.iter().filter(|r| r[2] == "visit").count(), 46);
    assert_eq!(rows.iter().filter(|r| r[2] == "start").count(), 6);
    for f in [
        "rural.osm.pbf",
        "day.json",
        "visits.csv",
        "carers.csv",
        "links.csv",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
}

#[test]
fn json_and_csv_inputs_give_the_same_plan() {
    let (tmp, out, _) = default_run();
    let pbf = out.join("rural.osm.pbf");
    let from_json = dir(&tmp, "from-json");
    let o = tournee()
        .args(["plan", "--osm"])
        .arg(&pbf)
        .arg("--day")
        .arg(out.join("day.json"))
        .args(QUICK)
        .arg("--out")
        .arg(&from_json)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let from_csv = dir(&tmp, "from-csv");
    let o = tournee()
        .args(["plan", "--osm"])
        .arg(&pbf)
        .arg("--visits")
        .arg(out.join("visits.csv"))
        .arg("--carers")
        .arg(out.join("carers.csv"))
        .arg("--links")
        .arg(out.join("links.csv"))
        .args(QUICK)
        .arg("--out")
        .arg(&from_csv)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let a = plan_core(&json(&from_json.join("plan.json")));
    let b = plan_core(&json(&from_csv.join("plan.json")));
    assert_eq!(a, b);
    // The same as the embedded run too (same map, same day, same seed).
    assert_eq!(a, plan_core(&json(&out.join("plan.json"))));
}

#[test]
fn bad_input_is_an_error_naming_the_item() {
    let (tmp, out, _) = default_run();
    let pbf = out.join("rural.osm.pbf");
    let bad = dir(&tmp, "bad");
    // A malformed time in a CSV cell: file, line and column.
    let visits = std::fs::read_to_string(out.join("visits.csv")).unwrap();
    let broken = visits.replacen("07:00", "25:99", 1);
    let line = broken.lines().position(|l| l.contains("25:99")).unwrap() + 1;
    std::fs::write(bad.join("visits.csv"), broken).unwrap();
    let (v, c) = (bad.join("visits.csv"), out.join("carers.csv"));
    let mut cmd = tournee();
    let o = cmd
        .args(["plan", "--osm"])
        .arg(&pbf)
        .arg("--visits")
        .arg(&v)
        .arg("--carers")
        .arg(&c)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("visits.csv, line {line}, column window_start"))
            && err.contains("25:99"),
        "{err}"
    );
    // A visit far from the map.
    let mut day = json(&out.join("day.json"));
    let id = day["visits"][3]["id"].as_str().unwrap().to_string();
    day["visits"][3]["location"] = serde_json::json!([5.37, 43.29]);
    let far = bad.join("far.json");
    std::fs::write(&far, day.to_string()).unwrap();
    fails_with(
        &["--osm", pbf.to_str().unwrap(), "--day"],
        &[&far],
        &[&format!("visit {id}"), "outside the map"],
    );
    // A misspelt field.
    let mut day = json(&out.join("day.json"));
    day["visits"][0]["duration"] = serde_json::json!(20);
    let typo = bad.join("typo.json");
    std::fs::write(&typo, day.to_string()).unwrap();
    fails_with(
        &["--osm", pbf.to_str().unwrap(), "--day"],
        &[&typo],
        &["typo.json", "unknown field `duration`"],
    );
    // A day without a map, a map without a day, a missing file.
    fails_with(&["--day"], &[&out.join("day.json")], &["--osm"]);
    fails_with(&["--osm"], &[&pbf], &["--day"]);
    fails_with(&["--day"], &[&bad.join("nope.json")], &["nope.json"]);
}

#[test]
fn a_skill_nobody_holds_is_reported_unassigned() {
    let (tmp, out, _) = default_run();
    let mut day = json(&out.join("day.json"));
    day["visits"][0]["skills"] = serde_json::json!(["hyperbaric"]);
    let id = day["visits"][0]["id"].as_str().unwrap().to_string();
    let path = dir(&tmp, "skill").join("day.json");
    std::fs::write(&path, day.to_string()).unwrap();
    let o = tournee()
        .args(["plan", "--osm"])
        .arg(out.join("rural.osm.pbf"))
        .arg("--day")
        .arg(&path)
        .args(QUICK)
        .arg("--out")
        .arg(dir(&tmp, "skill"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains(&format!("{id} (")) && stdout.contains("unknown_skill"),
        "{stdout}"
    );
    let plan = json(&dir(&tmp, "skill").join("plan.json"));
    assert_eq!(plan["unassigned"][0]["visit"], id.as_str());
    assert_eq!(plan["unassigned"][0]["code"], "unknown_skill");
}
