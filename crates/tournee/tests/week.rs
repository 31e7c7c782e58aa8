//! `tournee plan-week`: the embedded week, a week on the user's matrix, the baseline and the
//! errors, through the binary.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn tournee() -> Command {
    Command::cargo_bin("tournee").unwrap()
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Runs `plan-week` with `args` into `out`, returns week.json and stdout.
fn plan_week(args: &[&str], out: &Path) -> (Value, String) {
    let output = tournee()
        .arg("plan-week")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    (
        json(&out.join("week.json")),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Every day folder holds the plan that week.json holds for that day, with its schedule.
fn assert_days_written(week: &Value, out: &Path, routes: bool) {
    for d in week["days"].as_array().unwrap() {
        let date = d["date"].as_str().unwrap();
        let dir = out.join(date);
        assert_eq!(json(&dir.join("plan.json")), d["plan"], "{date}");
        let schedule = std::fs::read_to_string(dir.join("schedule.csv")).unwrap();
        let stops: u64 = d["plan"]["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["stops"].as_array().unwrap().len() as u64)
            .sum();
        assert!(
            schedule.lines().count() as u64 > stops,
            "{date}: a header and a row per stop at least"
        );
        assert_eq!(dir.join("routes.geojson").exists(), routes, "{date}");
    }
}

#[test]
fn the_embedded_week_and_its_baseline_have_the_same_shape() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("week");
    let (week, stdout) = plan_week(&["--iterations", "60", "--threads", "1"], &out);
    let days = week["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[0]["date"], "2026-12-07");
    assert_eq!(days[6]["date"], "2026-12-13");
    assert!(
        week["check"]["valid"].as_bool().unwrap(),
        "{}",
        week["check"]
    );
    let totals = &week["totals"];
    let visits = totals["visits"].as_u64().unwrap();
    assert_eq!(
        totals["served"].as_u64().unwrap() + totals["unassigned"].as_u64().unwrap(),
        visits
    );
    // Per day, the plans add up to the week.
    let served: u64 = days
        .iter()
        .map(|d| d["plan"]["totals"]["served"].as_u64().unwrap())
        .sum();
    assert_eq!(served, totals["served"].as_u64().unwrap());
    assert_days_written(&week, &out, true);
    // Nine carers, a row each in the calendar, one column per day.
    assert_eq!(week["carers"].as_array().unwrap().len(), 9);
    let calendar = std::fs::read_to_string(out.join("calendar.csv")).unwrap();
    let rows: Vec<&str> = calendar.lines().collect();
    assert_eq!(rows.len(), 10);
    assert!(rows[0].contains("2026-12-07") && rows[0].contains("2026-12-13"));
    assert_eq!(week["patients"].as_array().unwrap().len(), 60);
    assert!(stdout.contains("distinct carers per patient"), "{stdout}");
    assert!(out.join("week.input.json").exists());

    let base_out = tmp.path().join("base");
    let (base, _) = plan_week(
        &[
            "--iterations",
            "60",
            "--threads",
            "1",
            "--baseline",
            "day-by-day",
        ],
        &base_out,
    );
    assert!(
        base["check"]["valid"].as_bool().unwrap(),
        "{}",
        base["check"]
    );
    assert_eq!(base["totals"]["visits"].as_u64().unwrap(), visits);
    assert_eq!(base["days"].as_array().unwrap().len(), 7);
    assert_days_written(&base, &base_out, true);
}

#[test]
fn a_week_on_the_users_matrix() {
    let tmp = TempDir::new().unwrap();
    let week = tmp.path().join("week.json");
    std::fs::write(
        &week,
        r#"{"days": ["2026-12-07", "2026-12-08", "2026-12-09"],
            "carers": [{"id": "n1", "start_index": 0,
                        "shifts": {"mon": ["07:00", "12:00"], "wed": ["07:00", "12:00"]}},
                       {"id": "n2", "start_index": 0,
                        "shifts": {"tue": ["07:00", "12:00"]}}],
            "orders": [
              {"id": "insulin", "patient": "p1", "location_index": 1, "duration_min": 10,
               "windows": [["07:00", "09:00"]]},
              {"id": "dressing", "patient": "p2", "location_index": 2, "duration_min": 20,
               "times": 2, "min_days_between": 2}]}"#,
    )
    .unwrap();
    let matrix = tmp.path().join("matrix.json");
    std::fs::write(
        &matrix,
        r#"{"durations_s": [[0, 600, 900], [600, 0, 600], [900, 600, 0]],
            "distances_m": [[0, 8000, 12000], [8000, 0, 8000], [12000, 8000, 0]]}"#,
    )
    .unwrap();
    let out = tmp.path().join("out");
    let (plan, _) = plan_week(
        &[
            "--week",
            week.to_str().unwrap(),
            "--matrix",
            matrix.to_str().unwrap(),
            "--iterations",
            "50",
        ],
        &out,
    );
    assert!(
        plan["check"]["valid"].as_bool().unwrap(),
        "{}",
        plan["check"]
    );
    assert_eq!(plan["totals"]["served"], 5);
    // The dressing two days apart: Monday and Wednesday, by n1.
    let patients = plan["patients"].as_array().unwrap();
    let p2 = patients.iter().find(|p| p["patient"] == "p2").unwrap();
    assert_eq!(p2["visits"], 2);
    assert_eq!(p2["carers"], serde_json::json!(["n1"]));
    // No coordinates in a matrix: no routes.geojson, the rest is there.
    assert_days_written(&plan, &out, false);
}

#[test]
fn bad_weeks_are_errors_naming_the_item() {
    let tmp = TempDir::new().unwrap();
    let matrix = tmp.path().join("matrix.json");
    std::fs::write(
        &matrix,
        r#"{"durations_s": [[0, 600], [600, 0]], "distances_m": [[0, 9000], [9000, 0]]}"#,
    )
    .unwrap();
    let write = |name: &str, orders: &str| {
        let p = tmp.path().join(name);
        std::fs::write(
            &p,
            format!(
                r#"{{"days": ["2026-12-07", "2026-12-08"],
                    "carers": [{{"id": "n1", "start_index": 0,
                                "shifts": {{"mon": ["07:00", "12:00"]}}}}],
                    "orders": {orders}}}"#
            ),
        )
        .unwrap();
        p
    };
    let cases = [
        (
            write(
                "often.json",
                r#"[{"id": "thrice", "location_index": 1, "duration_min": 10, "times": 3}]"#,
            ),
            "order thrice",
        ),
        (
            write(
                "late.json",
                r#"[{"id": "xmas", "location_index": 1, "duration_min": 10, "days": ["2026-12-25"]}]"#,
            ),
            "outside the horizon",
        ),
        (
            write(
                "row.json",
                r#"[{"id": "far", "location_index": 7, "duration_min": 10}]"#,
            ),
            "far",
        ),
        (
            write("typo.json", r#"[{"id": "a", "duratoin_min": 10}]"#),
            "duratoin_min",
        ),
    ];
    for (week, needle) in &cases {
        let output = tournee()
            .args(["plan-week", "--week"])
            .arg(week)
            .arg("--matrix")
            .arg(&matrix)
            .args(["--iterations", "5", "--out"])
            .arg(tmp.path().join("out"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{needle}");
        assert!(stderr.contains(needle), "{needle}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A matrix alone, or a week without any travel, is refused with the way out.
    let output = tournee()
        .args(["plan-week", "--matrix"])
        .arg(&matrix)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("--week"));
    let output = tournee()
        .args(["plan-week", "--week"])
        .arg(&cases[0].0)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("--matrix"));
}

#[test]
fn the_embedded_week_replans_from_a_day_and_time() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("week");
    let (week, _) = plan_week(&["--iterations", "60", "--threads", "1"], &out);
    let days = week["days"].as_array().unwrap();
    let date = days[2]["date"].as_str().unwrap().to_string();
    for d in days {
        assert!(out
            .join(d["date"].as_str().unwrap())
            .join("day.json")
            .exists());
    }
    // A nurse with visits after 10:00 that day.
    let rounds = days[2]["plan"]["rounds"].as_array().unwrap();
    let nurse = rounds
        .iter()
        .find(|r| {
            r["role"] == "nurse"
                && r["stops"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|s| s["kind"] == "visit" && s["start_s"].as_f64().unwrap() >= 36_000.0)
        })
        .unwrap()["carer"]
        .as_str()
        .unwrap()
        .to_string();
    let events = tmp.path().join("events.json");
    std::fs::write(
        &events,
        format!(
            r#"{{"events": [{{"kind": "carer_absent", "carer": "{nurse}", "from": "10:00"}}]}}"#
        ),
    )
    .unwrap();
    let re = tmp.path().join("replanned");
    let output = tournee()
        .args(["plan-week", "--replan"])
        .arg(&out)
        .args(["--at", &format!("{date} 10:00"), "--events"])
        .arg(&events)
        .args(["--iterations", "60", "--threads", "1", "--out"])
        .arg(&re)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let new = json(&re.join("week.json"));
    let new_days = new["days"].as_array().unwrap();
    // Days before: as they were.
    for k in 0..2 {
        assert_eq!(new_days[k], days[k]);
    }
    // That day: every stop before 10:00 as it was; the nurse takes nothing after.
    let stops = |day: &Value, carer: &str| -> Vec<(String, f64)> {
        day["plan"]["rounds"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["carer"] == carer)
            .flat_map(|r| r["stops"].as_array().unwrap().clone())
            .map(|s| {
                (
                    s["id"].as_str().unwrap().to_string(),
                    s["start_s"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let before: Vec<_> = stops(&days[2], &nurse)
        .into_iter()
        .filter(|s| s.1 < 36_000.0)
        .collect();
    assert_eq!(stops(&new_days[2], &nurse), before);
    for d in &new_days[3..] {
        for r in d["plan"]["rounds"].as_array().unwrap() {
            if r["carer"] == nurse.as_str() {
                assert_eq!(
                    r["visits"], 0,
                    "{nurse} works on {} after being absent",
                    d["date"]
                );
            }
        }
    }
    let changes = std::fs::read_to_string(re.join("changes.csv")).unwrap();
    assert!(
        changes.starts_with("date,visit,patient,old_carer,old_start,new_carer,new_start,reason")
    );
    assert!(changes.contains(&format!("{date},")) && changes.contains(",carer_absent"));
    assert!(!new["changes"].as_array().unwrap().is_empty());
    // Bad re-plans are named.
    let output = tournee()
        .args(["plan-week", "--replan"])
        .arg(&out)
        .args(["--at", "2031-01-01 10:00", "--iterations", "10", "--out"])
        .arg(tmp.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("not a day of the week"));
}

#[test]
fn a_week_given_as_csv_plans_as_its_json() {
    let tmp = TempDir::new().unwrap();
    let out = tmp.path().join("json");
    let args = ["--iterations", "30", "--threads", "1"];
    let (from_json, _) = plan_week(&args, &out);
    for f in ["carers.csv", "orders.csv", "week.input.json"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let csv_out = tmp.path().join("csv");
    let carers = out.join("carers.csv");
    let orders = out.join("orders.csv");
    let map = out.join("rural.osm.pbf");
    let (from_csv, _) = plan_week(
        &[
            "--carers",
            carers.to_str().unwrap(),
            "--orders",
            orders.to_str().unwrap(),
            "--days",
            "2026-12-07..2026-12-13",
            "--osm",
            map.to_str().unwrap(),
            "--iterations",
            "30",
            "--threads",
            "1",
        ],
        &csv_out,
    );
    // The same plan (the week's name is JSON only).
    assert_eq!(from_csv["totals"], from_json["totals"]);
    let (a, b) = (
        from_csv["days"].as_array().unwrap(),
        from_json["days"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert!(x["plan"]["rounds"] == y["plan"]["rounds"], "{}", x["date"]);
    }
    // A bad cell names the file, line and column; a bad horizon is refused.
    std::fs::write(tmp.path().join("bad.csv"), "id,mon\nn1,8h-12h\n").unwrap();
    let output = tournee()
        .args(["plan-week", "--carers"])
        .arg(tmp.path().join("bad.csv"))
        .arg("--orders")
        .arg(&orders)
        .args(["--days", "2026-12-07..2026-12-13", "--osm"])
        .arg(&map)
        .arg("--out")
        .arg(tmp.path().join("bad"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr.contains("bad.csv, line 2, column mon"), "{stderr}");
    let output = tournee()
        .args(["plan-week", "--carers"])
        .arg(&carers)
        .arg("--orders")
        .arg(&orders)
        .args(["--days", "2026-12-13..2026-12-07", "--osm"])
        .arg(&map)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("FIRST..LAST"));
}
