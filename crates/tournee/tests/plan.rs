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
const QUICK: [&str; 6] = ["--iterations", "100", "--threads", "1", "--seed", "3"];

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
    assert_eq!(header.len(), 14);
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == 14));
    assert_eq!(rows.iter().filter(|r| r[2] == "visit").count(), 46);
    assert_eq!(rows.iter().filter(|r| r[2] == "start").count(), 6);
    for f in [
        "rural.osm.pbf",
        "plan.html",
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

/// A small day on a matrix: an office (row 0), three homes (rows 1–3), two nurses.
fn matrix_day(dir: &Path) -> (PathBuf, PathBuf) {
    let day = serde_json::json!({
        "name": "matrix day",
        "carers": [
            {"id": "n1", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "12:00", "start_index": 0},
            {"id": "n2", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "12:00", "start_index": 0, "end_index": 3}
        ],
        "visits": [
            {"id": "a", "location_index": 1, "duration_min": 20, "windows": [["07:00", "07:45"]], "skills": ["nursing"]},
            {"id": "b", "location_index": 2, "duration_min": 20, "windows": [["08:00", "10:00"]], "skills": ["nursing"]},
            {"id": "c", "location_index": 3, "duration_min": 30, "skills": ["nursing"], "preferred_carers": ["n2"]},
            {"id": "c2", "location_index": 3, "duration_min": 30, "skills": ["nursing"]}
        ],
        "links": [{"first": "c", "second": "c2", "kind": "simultaneous"}]
    });
    let matrix = serde_json::json!({
        "durations_s": [[0, 600.5, 900, 1200], [600.5, 0, 300, 700], [900, 300, 0, 500], [1200, 700, 500, 0]],
        "distances_m": [[0, 5000, 8000, 11000], [5000, 0, 2500, 6000], [8000, 2500, 0, 4000], [11000, 6000, 4000, 0]],
        "sources": "ignored"
    });
    let (d, m) = (dir.join("day.json"), dir.join("matrix.json"));
    std::fs::write(&d, day.to_string()).unwrap();
    std::fs::write(&m, matrix.to_string()).unwrap();
    (d, m)
}

#[test]
fn a_day_on_the_users_own_matrix() {
    let tmp = tempfile::tempdir().unwrap();
    let (day, matrix) = matrix_day(tmp.path());
    let out = dir(&tmp, "out");
    let o = tournee()
        .args(["plan", "--day"])
        .arg(&day)
        .arg("--matrix")
        .arg(&matrix)
        .args(QUICK)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan = json(&out.join("plan.json"));
    assert_eq!(plan["totals"]["served"], 4, "{plan}");
    assert_eq!(plan["feasible"], true);
    let stops: Vec<&Value> = plan["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["stops"].as_array().unwrap())
        .collect();
    assert!(stops
        .iter()
        .all(|s| s["location_index"].is_u64() && s["location"].is_null()));
    // The two halves of the double visit start together, with two different nurses.
    let at = |id: &str| {
        stops.iter().find(|s| s["id"] == id).unwrap()["start_s"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(at("c"), at("c2"));
    // Decimal seconds are kept: n1's first leg is 600.5 s or 900 s.
    let travel: Vec<f64> = stops
        .iter()
        .map(|s| s["travel_min"].as_f64().unwrap())
        .collect();
    assert!(
        travel
            .iter()
            .any(|t| (t - 10.01).abs() < 0.006 || (t - 15.0).abs() < 1e-9),
        "{travel:?}"
    );
    // Every leg, arrival and round total is the matrix's, along the stop order.
    assert_rounds_follow_the_matrix(&plan, &json(&matrix));
    // No coordinates in the matrix file: no map to draw.
    assert!(!out.join("routes.geojson").exists());
    let csv = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    assert!(csv.lines().next().unwrap().contains("location_index"));
    // The CSV form of the same day, on the same matrix, gives the same plan.
    let csv_dir = dir(&tmp, "csv");
    let parsed = tournee::plan::Day::read_json(&day).unwrap();
    let files = parsed.to_csv();
    for (name, text) in [
        ("visits.csv", &files.visits),
        ("carers.csv", &files.carers),
        ("links.csv", &files.links),
    ] {
        std::fs::write(csv_dir.join(name), text).unwrap();
    }
    let out2 = dir(&tmp, "out2");
    let o = tournee()
        .args(["plan", "--visits"])
        .arg(csv_dir.join("visits.csv"))
        .arg("--carers")
        .arg(csv_dir.join("carers.csv"))
        .arg("--links")
        .arg(csv_dir.join("links.csv"))
        .arg("--matrix")
        .arg(&matrix)
        .args(QUICK)
        .arg("--out")
        .arg(&out2)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(plan_core(&json(&out2.join("plan.json"))), plan_core(&plan));
}

#[test]
fn bad_matrices_and_matrix_places_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (day, matrix) = matrix_day(tmp.path());
    let bad = dir(&tmp, "bad");
    let write = |name: &str, v: Value| {
        let p = bad.join(name);
        std::fs::write(&p, v.to_string()).unwrap();
        p
    };
    let run = |day: &Path, matrix: &Path| {
        let o = tournee()
            .args(["plan", "--day"])
            .arg(day)
            .arg("--matrix")
            .arg(matrix)
            .args(QUICK)
            .arg("--out")
            .arg(dir(&tmp, "o"))
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8_lossy(&o.stderr).to_string()
    };
    let m = json(&matrix);
    // Not square.
    let mut v = m.clone();
    v["durations_s"][2] = serde_json::json!([900, 300, 0]);
    let err = run(&day, &write("ragged.json", v));
    assert!(
        err.contains("ragged.json") && err.contains("durations_s row 2 has 3 values"),
        "{err}"
    );
    // Negative and non-finite (null = unreachable) values.
    let mut v = m.clone();
    v["distances_m"][1][3] = serde_json::json!(-4);
    let err = run(&day, &write("negative.json", v));
    assert!(err.contains("distances_m[1][3] is -4"), "{err}");
    let mut v = m.clone();
    v["durations_s"][0][1] = Value::Null;
    let err = run(&day, &write("null.json", v));
    assert!(err.contains("durations_s[0][1] is null"), "{err}");
    // An index the matrix does not cover, names the visit.
    let mut d = json(&day);
    d["visits"][1]["location_index"] = serde_json::json!(9);
    let err = run(&write("far.json", d), &matrix);
    assert!(
        err.contains("visit b") && err.contains("index 9 is outside the travel matrix (4 rows)"),
        "{err}"
    );
    // A place given both ways.
    let mut d = json(&day);
    d["visits"][0]["location"] = serde_json::json!([2.6, 45.1]);
    let err = run(&write("both.json", d), &matrix);
    assert!(
        err.contains("visit a") && err.contains("both location and location_index"),
        "{err}"
    );
    // Coordinates on a matrix day.
    let mut d = json(&day);
    d["carers"][0]["start"] = serde_json::json!([2.6, 45.1]);
    d["carers"][0]
        .as_object_mut()
        .unwrap()
        .remove("start_index");
    let err = run(&write("coords.json", d), &matrix);
    assert!(
        err.contains("carer n1 (start)") && err.contains("needs start_index"),
        "{err}"
    );
    // --matrix with a road map.
    let o = tournee()
        .args(["plan", "--day"])
        .arg(&day)
        .arg("--matrix")
        .arg(&matrix)
        .arg("--osm")
        .arg(bad.join("x.osm.pbf"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "clap refuses the pair");
    assert!(String::from_utf8_lossy(&o.stderr).contains("--matrix"));
}

/// Checks every round of `plan` against `matrix` (`durations_s`, `distances_m`): each stop's
/// travel is the matrix cell from the previous place (the start row first), arrivals follow
/// from the previous end plus that travel, the way back ends the round, and the round's
/// driving time and distance are the sums of the cells along the stop order.
fn assert_rounds_follow_the_matrix(plan: &Value, matrix: &Value) {
    let cell = |key: &str, i: u64, j: u64| matrix[key][i as usize][j as usize].as_f64().unwrap();
    let f = |v: &Value, key: &str| v[key].as_f64().unwrap_or_else(|| panic!("no {key} in {v}"));
    let mut checked = 0;
    for r in plan["rounds"].as_array().unwrap() {
        let stops = r["stops"].as_array().unwrap();
        if r["visits"] == 0 {
            continue;
        }
        let carer = r["carer"].as_str().unwrap();
        let mut place = r["start_index"].as_u64().expect("a start row");
        let mut end = f(r, "leave_s");
        let (mut seconds, mut metres) = (0.0, 0.0);
        for (k, s) in stops.iter().enumerate() {
            let row = s["location_index"]
                .as_u64()
                .unwrap_or_else(|| panic!("{carer}: stop without a row: {s}"));
            let (t, d) = (
                cell("durations_s", place, row),
                cell("distances_m", place, row),
            );
            let what = format!("{carer} stop {} ({})", k + 1, s["id"]);
            assert!(
                (f(s, "travel_min") - t / 60.0).abs() < 0.006,
                "{what}: {t} s"
            );
            assert!(
                (f(s, "travel_km") - d / 1000.0).abs() < 0.0006,
                "{what}: {d} m"
            );
            assert!(
                (f(s, "arrival_s") - (end + t)).abs() < 1.0,
                "{what}: arrival"
            );
            assert!(f(s, "start_s") + 1e-6 >= f(s, "arrival_s"), "{what}: start");
            assert!(f(s, "end_s") + 1e-6 >= f(s, "start_s"), "{what}: end");
            seconds += t;
            metres += d;
            place = row;
            end = f(s, "end_s");
        }
        let back_row = r["end_index"].as_u64().expect("an end row");
        let (t, d) = (
            cell("durations_s", place, back_row),
            cell("distances_m", place, back_row),
        );
        assert!(
            (f(r, "return_travel_min") - t / 60.0).abs() < 0.006,
            "{carer}"
        );
        assert!((f(r, "back_s") - (end + t)).abs() < 0.01, "{carer}: back");
        seconds += t;
        metres += d;
        assert!(
            (f(r, "driving_min") - seconds / 60.0).abs() < 0.006,
            "{carer}: driving {} min, the matrix along the stops gives {seconds} s",
            r["driving_min"]
        );
        assert!(
            (f(r, "distance_km") - metres / 1000.0).abs() < 0.0006,
            "{carer}: {} km vs {metres} m",
            r["distance_km"]
        );
        checked += 1;
    }
    assert!(checked > 0, "no working round in {plan}");
}

/// Runs `tournee plan` with `args` (day and matrix) and QUICK into `out`, which must succeed;
/// gives plan.json and schedule.csv's rows.
fn plan_ok(args: &[&Path], flags: &[&str], out: &Path) -> (Value, Vec<Vec<String>>) {
    let mut cmd = tournee();
    cmd.arg("plan");
    for (flag, path) in flags.iter().zip(args) {
        cmd.arg(flag).arg(path);
    }
    let o = cmd.args(QUICK).arg("--out").arg(out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("schedule.csv")).unwrap();
    let rows = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (json(&out.join("plan.json")), rows)
}

/// A travel matrix between points of a plane (km): 90 s per km plus 30.25 s per leg, 1.1 km of
/// road per km; a zero diagonal.
fn plane_matrix(points: &[[f64; 2]]) -> Value {
    let dist = |a: [f64; 2], b: [f64; 2]| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt();
    let table = |f: &dyn Fn(f64) -> f64| -> Vec<Vec<f64>> {
        points
            .iter()
            .map(|a| {
                points
                    .iter()
                    .map(|b| if a == b { 0.0 } else { f(dist(*a, *b)) })
                    .collect()
            })
            .collect()
    };
    serde_json::json!({
        "durations_s": table(&|km| ((km * 90.0 + 30.25) * 100.0).round() / 100.0),
        "distances_m": table(&|km| (km * 1100.0).round()),
    })
}

/// A PSAD day on a matrix: the warehouse (row 0, the van's start), six patients (rows 1–6), a
/// second depot among them (row 7). The van carries two concentrators; five are delivered and
/// one is taken back, so the day needs at least two reload stops.
fn psad_day(dir: &Path) -> (PathBuf, PathBuf) {
    let points = [
        [0.0, 0.0],
        [8.0, 1.0],
        [9.0, 2.0],
        [8.0, 3.0],
        [10.0, 1.0],
        [9.0, 4.0],
        [10.5, 3.0],
        [8.5, 2.0],
    ];
    let visit = |id: &str, row: usize, delivery: &[i64], pickup: &[i64]| {
        serde_json::json!({"id": id, "patient": format!("patient {id}"), "location_index": row,
                           "duration_min": 20, "delivery": delivery, "pickup": pickup})
    };
    let day = serde_json::json!({
        "name": "psad reloads",
        "carers": [{
            "id": "van", "role": "psad", "shift_start": "08:00", "shift_end": "17:00",
            "start_index": 0, "capacity": [2],
            "reloads": {"depot_indices": [7], "duration_min": 12, "max_stops": 4}
        }],
        "visits": [
            visit("o2-a", 1, &[1], &[]),
            visit("o2-b", 2, &[1], &[]),
            visit("o2-c", 3, &[1], &[]),
            visit("o2-d", 4, &[1], &[]),
            visit("o2-e", 5, &[1], &[]),
            visit("o2-back", 6, &[], &[1]),
        ]
    });
    let (d, m) = (dir.join("psad.json"), dir.join("psad-matrix.json"));
    std::fs::write(&d, day.to_string()).unwrap();
    std::fs::write(&m, plane_matrix(&points).to_string()).unwrap();
    (d, m)
}

/// The van's load along its round: each trip (start or reload stop to the next reload stop or
/// the end) leaves with that trip's deliveries; pickups stay on board until the next depot.
/// Panics when the load goes above `capacity`; gives the number of trips.
fn assert_loads_within(day: &Value, round: &Value, capacity: i64) -> usize {
    let visit = |id: &str| {
        day["visits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .unwrap()
            .clone()
    };
    let amount = |v: &Value, key: &str| -> i64 {
        v[key]
            .as_array()
            .map_or(0, |a| a.iter().map(|x| x.as_i64().unwrap()).sum())
    };
    let stops = round["stops"].as_array().unwrap();
    let trips: Vec<&[Value]> = stops.split(|s| s["kind"] == "reload").collect();
    for (k, trip) in trips.iter().enumerate() {
        let mut load: i64 = trip
            .iter()
            .map(|s| amount(&visit(s["id"].as_str().unwrap()), "delivery"))
            .sum();
        assert!(load <= capacity, "trip {} leaves with {load}", k + 1);
        for s in trip.iter() {
            assert_eq!(s["kind"], "visit", "{s}");
            let v = visit(s["id"].as_str().unwrap());
            load += amount(&v, "pickup") - amount(&v, "delivery");
            assert!(
                (0..=capacity).contains(&load),
                "after {}: {load} on board",
                s["id"]
            );
        }
    }
    trips.len()
}

#[test]
fn a_psad_van_reloads_at_a_depot_and_delivers_everything() {
    let tmp = tempfile::tempdir().unwrap();
    let (day_path, matrix_path) = psad_day(tmp.path());
    let day = json(&day_path);
    let out = dir(&tmp, "out");
    let (plan, rows) = plan_ok(&[&day_path, &matrix_path], &["--day", "--matrix"], &out);
    assert_eq!(plan["feasible"], true, "{plan}");
    assert_eq!(plan["totals"]["served"], 6, "{plan}");
    assert_eq!(plan["unassigned"].as_array().unwrap().len(), 0);
    let van = &plan["rounds"][0];
    assert_eq!(van["visits"], 6);
    let reloads: Vec<&Value> = van["stops"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["kind"] == "reload")
        .collect();
    // Five deliveries, two on board at a time: three trips at least, at most max_stops stops.
    assert!((2..=4).contains(&reloads.len()), "{van}");
    for r in &reloads {
        assert_eq!(r["id"], "reload");
        assert!(r["patient"].is_null());
        let row = r["location_index"].as_u64().unwrap();
        assert!(row == 0 || row == 7, "a reload at row {row}, not a depot");
        let minutes = (r["end_s"].as_f64().unwrap() - r["start_s"].as_f64().unwrap()) / 60.0;
        assert!((minutes - 12.0).abs() < 1e-6, "{r}");
    }
    assert_eq!(assert_loads_within(&day, van, 2), reloads.len() + 1);
    assert_rounds_follow_the_matrix(&plan, &json(&matrix_path));
    // schedule.csv: the same stops, the reloads as kind `reload` at the depot's row.
    let csv_reloads: Vec<&Vec<String>> = rows.iter().filter(|r| r[2] == "reload").collect();
    assert_eq!(csv_reloads.len(), reloads.len(), "{rows:?}");
    for (row, stop) in csv_reloads.iter().zip(&reloads) {
        assert_eq!(
            (row[0].as_str(), row[1].as_str(), row[3].as_str()),
            ("van", stop["seq"].to_string().as_str(), "reload")
        );
        assert_eq!(row[7], stop["location_index"].to_string());
        assert_eq!(
            (&row[9], &row[10]),
            (
                &stop["start"].as_str().unwrap().to_string(),
                &stop["end"].as_str().unwrap().to_string()
            )
        );
    }
    assert_eq!(rows.iter().filter(|r| r[2] == "visit").count(), 6);
    // The same day in CSV (reload_* columns) gives the same plan.
    let csv = tournee::plan::Day::read_json(&day_path).unwrap().to_csv();
    assert!(csv.carers.contains("reload_depot_indices"));
    let csv_dir = dir(&tmp, "csv");
    std::fs::write(csv_dir.join("visits.csv"), &csv.visits).unwrap();
    std::fs::write(csv_dir.join("carers.csv"), &csv.carers).unwrap();
    let (from_csv, _) = plan_ok(
        &[
            &csv_dir.join("visits.csv"),
            &csv_dir.join("carers.csv"),
            &matrix_path,
        ],
        &["--visits", "--carers", "--matrix"],
        &dir(&tmp, "out-csv"),
    );
    assert_eq!(plan_core(&from_csv), plan_core(&plan));
    let mut no_reload = day.clone();
    no_reload["carers"][0]
        .as_object_mut()
        .unwrap()
        .remove("reloads");
    let p = dir(&tmp, "no-reload").join("day.json");
    std::fs::write(&p, no_reload.to_string()).unwrap();
    let (plan, rows) = plan_ok(
        &[&p, &matrix_path],
        &["--day", "--matrix"],
        &dir(&tmp, "no-reload"),
    );
    assert!(rows.iter().all(|r| r[2] != "reload"));
    // Without reloads the van carries two: three of the others are left out (each fits alone,
    // not together).
    let left: Vec<&Value> = plan["unassigned"].as_array().unwrap().iter().collect();
    assert_eq!(left.len(), 3, "{plan}");
    assert!(
        left.iter()
            .all(|u| u["code"] == "not_fitted" && u["visit"] != "o2-back"),
        "{left:?}"
    );
}

/// Two vans, A at row 0 and B at row 3, on a line; a bed is collected at row 2 (next to B's
/// start) and installed at row 1 (next to A's): on its own each visit would go to the nearer
/// van.
fn shipment_day(dir: &Path) -> (Value, PathBuf) {
    let day = serde_json::json!({
        "carers": [
            {"id": "van-a", "role": "psad", "shift_start": "08:00", "shift_end": "17:00", "start_index": 0, "capacity": [1]},
            {"id": "van-b", "role": "psad", "shift_start": "08:00", "shift_end": "17:00", "start_index": 3, "capacity": [1]}
        ],
        "visits": [
            {"id": "bed-in", "location_index": 1, "duration_min": 30},
            {"id": "check", "location_index": 1, "duration_min": 10},
            {"id": "bed-out", "location_index": 2, "duration_min": 20}
        ],
        "shipments": [{"pickup": "bed-out", "delivery": "bed-in", "load": [1]}]
    });
    let xs: [f64; 4] = [0.0, 1.0, 9.0, 10.0];
    let table = |per: f64| -> Vec<Vec<f64>> {
        xs.iter()
            .map(|a| xs.iter().map(|b| (a - b).abs() * per).collect())
            .collect()
    };
    let m = dir.join("line.json");
    std::fs::write(
        &m,
        serde_json::json!({"durations_s": table(300.5), "distances_m": table(4000.0)}).to_string(),
    )
    .unwrap();
    (day, m)
}

/// The carer and position of visit `id` in `plan`.
fn where_is(plan: &Value, id: &str) -> (String, u64) {
    plan["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|r| {
            r["stops"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == id)
                .map(|s| {
                    (
                        r["carer"].as_str().unwrap().to_string(),
                        s["seq"].as_u64().unwrap(),
                    )
                })
        })
        .unwrap_or_else(|| panic!("{id} is not planned: {plan}"))
}

#[test]
fn a_shipment_is_collected_then_delivered_by_one_carer_in_json_and_csv() {
    let tmp = tempfile::tempdir().unwrap();
    let (day, matrix) = shipment_day(tmp.path());
    let d = tmp.path().join("day.json");
    std::fs::write(&d, day.to_string()).unwrap();
    let (plan, rows) = plan_ok(&[&d, &matrix], &["--day", "--matrix"], &dir(&tmp, "json"));
    assert_eq!(plan["feasible"], true);
    assert_eq!(plan["totals"]["served"], 3, "{plan}");
    let (carer_out, seq_out) = where_is(&plan, "bed-out");
    let (carer_in, seq_in) = where_is(&plan, "bed-in");
    assert_eq!(carer_out, carer_in, "{plan}");
    assert!(
        seq_out < seq_in,
        "the bed is delivered before it is collected: {plan}"
    );
    // schedule.csv says the same.
    let pos = |id: &str| rows.iter().position(|r| r[3] == id).unwrap();
    assert!(pos("bed-out") < pos("bed-in"));
    assert_eq!(rows[pos("bed-out")][0], rows[pos("bed-in")][0]);
    assert_rounds_follow_the_matrix(&plan, &json(&matrix));
    // The CSV form, with --shipments.
    let csv = tournee::plan::Day::from_json(&day.to_string())
        .unwrap()
        .to_csv();
    assert_eq!(csv.shipments, "pickup,delivery,load\nbed-out,bed-in,1\n");
    let c = dir(&tmp, "csv-in");
    for (name, text) in [
        ("visits.csv", &csv.visits),
        ("carers.csv", &csv.carers),
        ("shipments.csv", &csv.shipments),
    ] {
        std::fs::write(c.join(name), text).unwrap();
    }
    let (from_csv, _) = plan_ok(
        &[
            &c.join("visits.csv"),
            &c.join("carers.csv"),
            &c.join("shipments.csv"),
            &matrix,
        ],
        &["--visits", "--carers", "--shipments", "--matrix"],
        &dir(&tmp, "csv"),
    );
    assert_eq!(plan_core(&from_csv), plan_core(&plan));
    // Without the shipment, each van takes the visit next to its start: the rule above is
    // what kept them together.
    let mut free = day.clone();
    free.as_object_mut().unwrap().remove("shipments");
    let f = tmp.path().join("free.json");
    std::fs::write(&f, free.to_string()).unwrap();
    let (plan, _) = plan_ok(&[&f, &matrix], &["--day", "--matrix"], &dir(&tmp, "free"));
    assert_eq!(where_is(&plan, "bed-out").0, "van-b", "{plan}");
    assert_eq!(where_is(&plan, "bed-in").0, "van-a", "{plan}");
}

#[test]
fn the_matrix_tournee_matrix_prints_plans_like_the_map() {
    let (tmp, out, _) = default_run();
    let on_map = json(&out.join("plan.json"));
    // The day's places in the order the planner meets them: each carer's start, end (when
    // given), then the visits.
    let mut day = json(&out.join("day.json"));
    let mut points: Vec<Value> = Vec::new();
    let mut row = |p: &Value| -> usize {
        match points.iter().position(|q| q == p) {
            Some(k) => k,
            None => {
                points.push(p.clone());
                points.len() - 1
            }
        }
    };
    for c in day["carers"].as_array_mut().unwrap() {
        let c = c.as_object_mut().unwrap();
        for (coord, index) in [("start", "start_index"), ("end", "end_index")] {
            if let Some(p) = c.remove(coord) {
                c.insert(index.into(), row(&p).into());
            }
        }
        assert!(c.get("reloads").is_none());
    }
    for v in day["visits"].as_array_mut().unwrap() {
        let v = v.as_object_mut().unwrap();
        let p = v.remove("location").unwrap();
        v.insert("location_index".into(), row(&p).into());
    }
    let m = dir(&tmp, "m");
    let points_path = m.join("points.json");
    std::fs::write(
        &points_path,
        serde_json::json!({"coordinates": points}).to_string(),
    )
    .unwrap();
    let o = tournee()
        .args(["matrix", "--osm"])
        .arg(out.join("rural.osm.pbf"))
        .arg("--points")
        .arg(&points_path)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let matrix_path = m.join("matrix.json");
    std::fs::write(&matrix_path, &o.stdout).unwrap();
    let day_path = m.join("day.json");
    std::fs::write(&day_path, day.to_string()).unwrap();
    let (on_matrix, _) = plan_ok(
        &[&day_path, &matrix_path],
        &["--day", "--matrix"],
        &dir(&tmp, "plan"),
    );
    assert_rounds_follow_the_matrix(&on_matrix, &json(&matrix_path));
    assert_eq!(on_matrix["totals"], on_map["totals"]);
    assert_eq!(on_matrix["cost"], on_map["cost"]);
    let strip = |plan: &Value| -> Vec<Vec<(Value, Value, Value, Value)>> {
        plan["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["stops"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| {
                        (
                            s["id"].clone(),
                            s["start_s"].clone(),
                            s["travel_min"].clone(),
                            s["travel_km"].clone(),
                        )
                    })
                    .collect()
            })
            .collect()
    };
    assert_eq!(strip(&on_matrix), strip(&on_map));
}

#[test]
fn a_matrix_index_on_a_road_map_names_that_visit() {
    let tmp = tempfile::tempdir().unwrap();
    let (_keep, out, _) = default_run();
    let mut d = json(&out.join("day.json"));
    let id = d["visits"][0]["id"].as_str().unwrap().to_string();
    d["visits"][0].as_object_mut().unwrap().remove("location");
    d["visits"][0]["location_index"] = serde_json::json!(1);
    let p = tmp.path().join("index-on-map.json");
    std::fs::write(&p, d.to_string()).unwrap();
    fails_with(
        &[
            "--osm",
            out.join("rural.osm.pbf").to_str().unwrap(),
            "--day",
        ],
        &[&p],
        &[&format!("visit {id}"), "location_index", "--matrix"],
    );
}

#[test]
fn bad_matrix_files_and_psad_items_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (day, matrix) = shipment_day(tmp.path());
    let bad = dir(&tmp, "bad");
    let write = |name: &str, text: String| {
        let p = bad.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let good_day = write("day.json", day.to_string());
    let run = |args: &[(&str, &Path)], needles: &[&str]| {
        let mut cmd = tournee();
        cmd.arg("plan");
        for (flag, path) in args {
            cmd.arg(flag).arg(path);
        }
        let o = cmd
            .args(QUICK)
            .arg("--out")
            .arg(dir(&tmp, "o"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains("error: "), "{err}");
        for n in needles {
            assert!(err.contains(n), "{n:?} not in {err}");
        }
    };
    let on_matrix =
        |m: &Path, needles: &[&str]| run(&[("--day", &good_day), ("--matrix", m)], needles);
    let m = json(&matrix);
    // Matrix files: each error names the file and the cell or table.
    let mut v = m.clone();
    v["durations_s"][1][2] = "far".into();
    on_matrix(
        &write("string.json", v.to_string()),
        &["string.json", "invalid type: string \"far\"", "line 1"],
    );
    let mut v = m.clone();
    v["distances_m"].as_array_mut().unwrap().pop();
    on_matrix(
        &write("short.json", v.to_string()),
        &["short.json", "distances_m has 3 rows, durations_s has 4"],
    );
    let mut v = m.clone();
    v["distances_m"][3].as_array_mut().unwrap().push(1.into());
    on_matrix(
        &write("wide.json", v.to_string()),
        &["wide.json", "distances_m row 3 has 5 values, expected 4"],
    );
    let mut v = m.clone();
    v["durations_s"][2][0] = serde_json::json!(-0.5);
    on_matrix(
        &write("negative.json", v.to_string()),
        &["negative.json", "durations_s[2][0] is -0.5", "≥ 0"],
    );
    let mut v = m.clone();
    v["distances_m"][0][3] = Value::Null;
    on_matrix(
        &write("null.json", v.to_string()),
        &["null.json", "distances_m[0][3] is null"],
    );
    // JSON has no NaN or infinity; a number too large for f64 is refused by the reader.
    let text = m.to_string().replacen("300.5", "1e999", 1);
    on_matrix(
        &write("huge.json", text),
        &["huge.json", "number out of range"],
    );
    on_matrix(
        &write("nan.json", m.to_string().replacen("300.5", "NaN", 1)),
        &["nan.json"],
    );
    on_matrix(
        &write(
            "empty.json",
            r#"{"durations_s": [], "distances_m": []}"#.into(),
        ),
        &["empty.json", "the matrix is empty"],
    );
    on_matrix(
        &write(
            "half.json",
            serde_json::json!({"durations_s": m["durations_s"]}).to_string(),
        ),
        &["half.json", "missing field `distances_m`"],
    );
    on_matrix(
        &write("list.json", "[[0, 1], [1, 0]]".into()),
        &["list.json"],
    );
    on_matrix(&bad.join("no-such-matrix.json"), &["no-such-matrix.json"]);
    // A matrix alone has no day to plan.
    run(&[("--matrix", &matrix)], &["--day"]);
    // --matrix with a prepared map: clap refuses the pair.
    let o = tournee()
        .args(["plan", "--day"])
        .arg(&good_day)
        .arg("--matrix")
        .arg(&matrix)
        .arg("--prepared")
        .arg(bad.join("x.prepared"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--matrix"));
    // Places the matrix does not cover, or given the map's way.
    let broken = |name: &str, edit: &dyn Fn(&mut Value)| {
        let mut d = day.clone();
        edit(&mut d);
        write(name, d.to_string())
    };
    let m4 = &matrix;
    run(
        &[
            (
                "--day",
                &broken("end.json", &|d| d["carers"][1]["end_index"] = 4.into()),
            ),
            ("--matrix", m4),
        ],
        &[
            "carer van-b (end)",
            "index 4 is outside the travel matrix (4 rows)",
        ],
    );
    run(
        &[
            (
                "--day",
                &broken("depot.json", &|d| {
                    d["carers"][0]["reloads"] = serde_json::json!({"depot_indices": [2, 9]})
                }),
            ),
            ("--matrix", m4),
        ],
        &[
            "carer van-a (reload depot index 2)",
            "index 9 is outside the travel matrix (4 rows)",
        ],
    );
    run(
        &[
            (
                "--day",
                &broken("depot-coords.json", &|d| {
                    d["carers"][0]["reloads"] = serde_json::json!({"depots": [[2.6, 45.1]]})
                }),
            ),
            ("--matrix", m4),
        ],
        &["carer van-a (reload depot 1)", "needs depot_indices"],
    );
    run(
        &[
            (
                "--day",
                &broken("no-depot.json", &|d| {
                    d["carers"][0]["reloads"] = serde_json::json!({"at_start": false})
                }),
            ),
            ("--matrix", m4),
        ],
        &["carer van-a (reloads)", "names no depot"],
    );
    run(
        &[
            (
                "--day",
                &broken("both.json", &|d| {
                    d["carers"][1]["start"] = serde_json::json!([2.6, 45.1])
                }),
            ),
            ("--matrix", m4),
        ],
        &["carer van-b (start)", "both start and start_index"],
    );
    run(
        &[
            (
                "--day",
                &broken("no-row.json", &|d| {
                    d["visits"][2]
                        .as_object_mut()
                        .unwrap()
                        .remove("location_index");
                }),
            ),
            ("--matrix", m4),
        ],
        &["visit bed-out", "has no location_index"],
    );
    // Shipments naming what does not exist or cannot be.
    run(
        &[
            (
                "--day",
                &broken("ghost.json", &|d| {
                    d["shipments"][0]["delivery"] = "ghost".into()
                }),
            ),
            ("--matrix", m4),
        ],
        &["shipment 1 (bed-out → ghost)", "unknown visit \"ghost\""],
    );
    run(
        &[
            (
                "--day",
                &broken("twice.json", &|d| {
                    d["shipments"].as_array_mut().unwrap().push(
                        serde_json::json!({"pickup": "check", "delivery": "bed-in", "load": [1]}),
                    )
                }),
            ),
            ("--matrix", m4),
        ],
        &[
            "shipment 2 (check → bed-in)",
            "\"bed-in\" is already in shipment 1",
        ],
    );
    run(
        &[
            (
                "--day",
                &broken("no-load.json", &|d| {
                    d["shipments"][0]["load"] = serde_json::json!([])
                }),
            ),
            ("--matrix", m4),
        ],
        &["shipment 1", "has no load"],
    );
    run(
        &[
            (
                "--day",
                &broken("minus.json", &|d| {
                    d["shipments"][0]["load"] = serde_json::json!([-1])
                }),
            ),
            ("--matrix", m4),
        ],
        &["shipment 1", "load is -1"],
    );
    run(
        &[
            (
                "--day",
                &broken("typo.json", &|d| d["shipments"][0]["weight"] = 1.into()),
            ),
            ("--matrix", m4),
        ],
        &["typo.json", "unknown field `weight`"],
    );
    // shipments.csv: file, line and column; or the shipment.
    let csv = tournee::plan::Day::from_json(&day.to_string())
        .unwrap()
        .to_csv();
    let v = write("visits.csv", csv.visits.clone());
    let c = write("carers.csv", csv.carers.clone());
    let s = write(
        "ship-cell.csv",
        "pickup,delivery,load\ncheck,bed-in,\nbed-out,bed-in,one\n".into(),
    );
    run(
        &[
            ("--visits", &v),
            ("--carers", &c),
            ("--shipments", &s),
            ("--matrix", m4),
        ],
        &["ship-cell.csv, line 2, column load", "required"],
    );
    let s = write(
        "ship-int.csv",
        "pickup,delivery,load\nbed-out,bed-in,one\n".into(),
    );
    run(
        &[
            ("--visits", &v),
            ("--carers", &c),
            ("--shipments", &s),
            ("--matrix", m4),
        ],
        &[
            "ship-int.csv, line 2, column load",
            "\"one\" is not a whole number",
        ],
    );
    let s = write(
        "ship-col.csv",
        "pickup,delivery,weight\nbed-out,bed-in,1\n".into(),
    );
    run(
        &[
            ("--visits", &v),
            ("--carers", &c),
            ("--shipments", &s),
            ("--matrix", m4),
        ],
        &["ship-col.csv, line 1", "\"weight\"", "unknown column"],
    );
    let s = write(
        "ship-ghost.csv",
        "pickup,delivery,load\nbed-out,bed-in,1\nghost,check,1\n".into(),
    );
    run(
        &[
            ("--visits", &v),
            ("--carers", &c),
            ("--shipments", &s),
            ("--matrix", m4),
        ],
        &["shipment 2 (ghost → check)", "unknown visit \"ghost\""],
    );
    let c2 = write("carers-idx.csv", csv.carers.replacen(",3,", ",3.5,", 1));
    run(
        &[("--visits", &v), ("--carers", &c2), ("--matrix", m4)],
        &[
            "carers-idx.csv, line 3, column start_index",
            "\"3.5\" is not a whole number",
        ],
    );
}
