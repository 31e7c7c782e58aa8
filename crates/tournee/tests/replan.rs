//! `tournee replan`: a day on a matrix planned, then re-planned at 09:45 with a nurse absent
//! and an urgent visit, through the binary; and bad re-plans named.

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

/// A line of six places 90 s apart; two nurses; five visits.
fn write_inputs(dir: &Path) {
    let xs = [0.0f64, 1.0, 2.0, 3.0, 4.0, 5.0];
    let table = |per: f64| -> Vec<Vec<f64>> {
        xs.iter()
            .map(|a| xs.iter().map(|b| (a - b).abs() * per).collect())
            .collect()
    };
    let matrix = serde_json::json!({"durations_s": table(90.0), "distances_m": table(1200.0)});
    std::fs::write(dir.join("matrix.json"), matrix.to_string()).unwrap();
    std::fs::write(
        dir.join("day.json"),
        r#"{
      "carers": [
        {"id": "ann", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "13:00", "start_index": 0},
        {"id": "bob", "skills": ["nursing"], "shift_start": "07:00", "shift_end": "13:00", "start_index": 5}
      ],
      "visits": [
        {"id": "a", "patient": "pa", "location_index": 1, "duration_min": 30, "windows": [["08:00", "08:30"]], "skills": ["nursing"]},
        {"id": "b", "patient": "pb", "location_index": 2, "duration_min": 30, "windows": [["10:00", "10:30"]], "skills": ["nursing"]},
        {"id": "c", "patient": "pc", "location_index": 4, "duration_min": 30, "windows": [["08:00", "08:30"]], "skills": ["nursing"]},
        {"id": "d", "patient": "pd", "location_index": 3, "duration_min": 30, "windows": [["10:00", "11:00"]], "skills": ["nursing"]},
        {"id": "e", "patient": "pe", "location_index": 4, "duration_min": 20, "windows": [["11:00", "12:00"]], "skills": ["nursing"]}
      ]
    }"#,
    )
    .unwrap();
}

fn carer_of(plan: &Value, visit: &str) -> Option<(String, String)> {
    plan["rounds"].as_array().unwrap().iter().find_map(|r| {
        r["stops"].as_array().unwrap().iter().find_map(|s| {
            (s["id"] == visit).then(|| {
                (
                    r["carer"].as_str().unwrap().to_string(),
                    s["start"].as_str().unwrap().to_string(),
                )
            })
        })
    })
}

#[test]
fn a_day_is_replanned_with_an_absent_nurse_and_an_urgent_visit() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write_inputs(d);
    let plan_dir = d.join("plan");
    let out = tournee()
        .args(["plan", "--day"])
        .arg(d.join("day.json"))
        .arg("--matrix")
        .arg(d.join("matrix.json"))
        .args(["--iterations", "60", "--threads", "1", "--out"])
        .arg(&plan_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let old = json(&plan_dir.join("plan.json"));
    let (absent, _) = carer_of(&old, "d").unwrap();
    std::fs::write(
        d.join("events.json"),
        format!(
            r#"{{"events": [
            {{"kind": "carer_absent", "carer": "{absent}", "from": "09:45"}},
            {{"kind": "visit_added", "visit": {{"id": "urgent", "patient": "pu", "location_index": 2,
              "duration_min": 15, "windows": [["10:30", "12:30"]], "skills": ["nursing"], "priority": 3}}}},
            {{"kind": "visit_cancelled", "visit": "e"}}
        ]}}"#
        ),
    )
    .unwrap();
    let re_dir = d.join("replan");
    let out = tournee()
        .args(["replan", "--day"])
        .arg(d.join("day.json"))
        .arg("--matrix")
        .arg(d.join("matrix.json"))
        .arg("--plan")
        .arg(plan_dir.join("plan.json"))
        .args(["--at", "09:45", "--events"])
        .arg(d.join("events.json"))
        .args(["--iterations", "60", "--threads", "1", "--out"])
        .arg(&re_dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("re-planned at 09:45"), "{stdout}");
    let new = json(&re_dir.join("plan.json"));
    // The morning is as it was.
    for v in ["a", "c"] {
        assert_eq!(carer_of(&new, v), carer_of(&old, v), "{v}");
    }
    // d goes to the nurse still at work, the urgent visit is served, e is gone.
    assert_ne!(carer_of(&new, "d").unwrap().0, absent);
    assert!(carer_of(&new, "urgent").is_some());
    assert!(carer_of(&new, "e").is_none());
    let changes = std::fs::read_to_string(re_dir.join("changes.csv")).unwrap();
    let mut lines = changes.lines();
    assert_eq!(
        lines.next(),
        Some("visit,patient,old_carer,old_start,new_carer,new_start,reason")
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows
        .iter()
        .any(|r| r.starts_with("d,pd,") && r.ends_with(",carer_absent")));
    assert!(rows
        .iter()
        .any(|r| r.starts_with("urgent,pu,,,") && r.ends_with(",added")));
    assert!(rows
        .iter()
        .any(|r| r.starts_with("e,pe,") && r.ends_with(",cancelled")));
    for f in ["schedule.csv", "replan.day.json", "day.json"] {
        assert!(re_dir.join(f).exists(), "{f}");
    }
    // The updated day and the new plan re-plan again later.
    let out = tournee()
        .args(["replan", "--day"])
        .arg(re_dir.join("day.json"))
        .arg("--matrix")
        .arg(d.join("matrix.json"))
        .arg("--plan")
        .arg(re_dir.join("plan.json"))
        .args([
            "--at",
            "11:00",
            "--iterations",
            "60",
            "--threads",
            "1",
            "--out",
        ])
        .arg(d.join("again"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn bad_replans_are_refused_naming_the_item() {
    let tmp = TempDir::new().unwrap();
    let d = tmp.path();
    write_inputs(d);
    let out = tournee()
        .args(["plan", "--day"])
        .arg(d.join("day.json"))
        .arg("--matrix")
        .arg(d.join("matrix.json"))
        .args(["--iterations", "30", "--threads", "1", "--out"])
        .arg(d.join("plan"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let run = |at: &str, events: &str| -> String {
        std::fs::write(d.join("ev.json"), events).unwrap();
        let out = tournee()
            .args(["replan", "--day"])
            .arg(d.join("day.json"))
            .arg("--matrix")
            .arg(d.join("matrix.json"))
            .arg("--plan")
            .arg(d.join("plan/plan.json"))
            .args(["--at", at, "--events"])
            .arg(d.join("ev.json"))
            .args(["--iterations", "10", "--out"])
            .arg(d.join("bad"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "refused with exit code 1");
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let e = run("14:30", r#"{"events": []}"#);
    assert!(e.contains("outside the day"), "{e}");
    let e = run(
        "09:00",
        r#"{"events": [{"kind": "duration_changed", "visit": "zz", "duration_min": 5}]}"#,
    );
    assert!(
        e.contains("event 1 (duration_changed)") && e.contains("zz"),
        "{e}"
    );
    let e = run(
        "09:00",
        r#"{"events": [{"kind": "carer_delayed", "carer": "ann"}]}"#,
    );
    assert!(e.contains("minutes"), "{e}");
}
