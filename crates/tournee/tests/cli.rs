//! The `tournee` command's contract: output shapes, errors, exit codes.

use assert_cmd::Command;
use tournee_roads::synthetic::{rural_network, RuralOptions};

/// Writes the generated map and a points file of its village centres into `dir` (the
/// calling test's own folder).
fn map_and_points(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf, usize) {
    let map = rural_network(&RuralOptions::default());
    let pbf = dir.join("rural.osm.pbf");
    map.osm.write(&pbf).unwrap();
    let coords: Vec<[f64; 2]> = map
        .villages
        .iter()
        .map(|v| [v.centre.lon, v.centre.lat])
        .collect();
    let points = dir.join("points.json");
    std::fs::write(
        &points,
        serde_json::json!({"coordinates": coords, "comment": "ignored"}).to_string(),
    )
    .unwrap();
    (pbf, points, coords.len())
}

fn tournee() -> Command {
    Command::cargo_bin("tournee").unwrap()
}

#[test]
fn matrix_prints_square_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let (pbf, points, n) = map_and_points(tmp.path());
    let out = tournee()
        .args(["matrix", "--osm"])
        .arg(&pbf)
        .arg("--points")
        .arg(&points)
        .args(["--threads", "2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["durations_s", "distances_m"] {
        let rows = v[key].as_array().unwrap();
        assert_eq!(rows.len(), n);
        for (i, row) in rows.iter().enumerate() {
            let row = row.as_array().unwrap();
            assert_eq!(row.len(), n);
            assert_eq!(row[i].as_f64(), Some(0.0));
            assert!(row.iter().all(|x| x.as_f64().is_some_and(|x| x >= 0.0)));
        }
    }
    assert!(v["durations_s"][0][1].as_f64().unwrap() > 60.0);
    // Where each point met the roads, as OSRM's table reports its sources.
    let sources = v["sources"].as_array().unwrap();
    assert_eq!(sources.len(), n);
    for s in sources {
        assert!(s["distance_m"]
            .as_f64()
            .is_some_and(|d| (0.0..1_000.0).contains(&d)));
        assert!(s["way_id"].as_i64().is_some());
        assert!(s["road_class"].as_str().is_some_and(|c| !c.is_empty()));
        assert_eq!(s["location"].as_array().map(Vec::len), Some(2));
    }
    assert!(v.get("destinations").is_none());
}

#[test]
fn snap_exclude_is_checked_and_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let (pbf, points, _) = map_and_points(tmp.path());
    let run = |classes: &str| {
        tournee()
            .args(["matrix", "--osm"])
            .arg(&pbf)
            .arg("--points")
            .arg(&points)
            .args(["--snap-exclude", classes])
            .output()
            .unwrap()
    };
    let bad = run("motorway,motorways");
    assert_eq!(bad.status.code(), Some(1), "{bad:?}");
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--snap-exclude") && err.contains("motorways"),
        "{err}"
    );
    let any = run("none");
    assert!(any.status.success());
    let v: serde_json::Value = serde_json::from_slice(&any.stdout).unwrap();
    // Excluding every class the villages' streets have: each point moves to another road.
    let classes: std::collections::BTreeSet<String> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["road_class"].as_str().unwrap().to_string())
        .collect();
    let list = classes.iter().cloned().collect::<Vec<_>>().join(",");
    let moved = run(&list);
    if moved.status.success() {
        let w: serde_json::Value = serde_json::from_slice(&moved.stdout).unwrap();
        for s in w["sources"].as_array().unwrap() {
            assert!(!classes.contains(s["road_class"].as_str().unwrap()), "{s}");
        }
    } else {
        let err = String::from_utf8_lossy(&moved.stderr);
        assert!(err.contains("too far") || err.contains("farther"), "{err}");
    }
}

#[test]
fn prepared_network_gives_the_same_matrix_and_routes() {
    let tmp = tempfile::tempdir().unwrap();
    let (pbf, points, _) = map_and_points(tmp.path());
    let prepared = tmp.path().join("rural.roads");
    let out = tournee()
        .args(["prepare", "--osm"])
        .arg(&pbf)
        .arg("--out")
        .arg(&prepared)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let direct = tournee()
        .args(["matrix", "--osm"])
        .arg(&pbf)
        .arg("--points")
        .arg(&points)
        .output()
        .unwrap();
    let loaded = tournee()
        .args(["matrix", "--prepared"])
        .arg(&prepared)
        .arg("--points")
        .arg(&points)
        .output()
        .unwrap();
    assert_eq!(direct.stdout, loaded.stdout);

    let map = rural_network(&RuralOptions::default());
    let (a, b) = (map.villages[0].centre, map.villages[5].centre);
    let out = tournee()
        .args(["route", "--prepared"])
        .arg(&prepared)
        .arg("--from")
        .arg(format!("{},{}", a.lon, a.lat))
        .arg("--to")
        .arg(format!("{},{}", b.lon, b.lat))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "LineString");
    let m: serde_json::Value = serde_json::from_slice(&loaded.stdout).unwrap();
    assert_eq!(f["properties"]["duration_s"], m["durations_s"][0][5]);
    assert_eq!(f["properties"]["distance_m"], m["distances_m"][0][5]);
}

#[test]
fn errors_are_named_and_exit_non_zero() {
    let tmp = tempfile::tempdir().unwrap();
    let (pbf, points, _) = map_and_points(tmp.path());
    let out = tournee()
        .args(["matrix", "--osm", "/no/such.osm.pbf", "--points"])
        .arg(&points)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such.osm.pbf"));

    let far = tmp.path().join("far.json");
    std::fs::write(&far, r#"{"coordinates": [[2.6, 45.1], [12.0, 45.1]]}"#).unwrap();
    let out = tournee()
        .args(["matrix", "--osm"])
        .arg(&pbf)
        .arg("--points")
        .arg(&far)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("point 1"), "{err}");
    assert!(err.contains("snap radius"), "{err}");

    let out = tournee()
        .args(["route", "--osm"])
        .arg(&pbf)
        .args(["--from", "2.6", "--to", "2.7,45.1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from"));

    let out = tournee()
        .args(["matrix", "--points"])
        .arg(&points)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--osm"));
}

#[test]
fn demo_runs_offline() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("demo");
    let out = tournee()
        .args(["demo", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("16 villages"), "{text}");
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("route.geojson")).unwrap()).unwrap();
    assert!(gj["properties"]["duration_s"].as_f64().unwrap() > 600.0);
}

/// A small Solomon-format instance: depot and 8 customers, two vehicles of capacity 30.
const SMALL_VRPTW: &str = "SMALL

VEHICLE
NUMBER     CAPACITY
  2          30

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
    0      40         50          0          0       1000          0
    1      45         68         10          0        200         10
    2      45         70         10          0        300         10
    3      42         66         10          0        300         10
    4      20         50          5          0        500         10
    5      18         55          5          0        500         10
    6      60         40         10          0        800         10
    7      62         42          5        100        900         10
    8      58         38          5          0        900         10
";

#[test]
fn solve_prints_a_checked_summary_and_writes_the_solution() {
    let tmp = tempfile::tempdir().unwrap();
    let inst = tmp.path().join("small.txt");
    std::fs::write(&inst, SMALL_VRPTW).unwrap();
    let out = tmp.path().join("small-solution.json");
    let run = tournee()
        .arg("solve")
        .arg(&inst)
        .args([
            "--format",
            "solomon",
            "--rounding",
            "exact",
            "--time-limit",
            "5",
        ])
        .args([
            "--iterations",
            "200",
            "--threads",
            "1",
            "--seed",
            "3",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["feasible"], true);
    assert_eq!(v["unassigned"], 0);
    assert!(v["vehicles"].as_u64().unwrap() <= 2);
    let sol: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(sol["cost"], v["cost"]);
    let mut customers: Vec<u64> = sol["routes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            let c = r["customers"].as_array().unwrap().clone();
            assert_eq!(c.len(), r["arrivals"].as_array().unwrap().len());
            c.into_iter().map(|x| x.as_u64().unwrap())
        })
        .collect();
    customers.sort();
    assert_eq!(customers, (1..=8).collect::<Vec<_>>());

    let bad = tournee()
        .args(["solve", "/no/such/instance.txt", "--time-limit", "1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("/no/such/instance.txt"));
}

#[test]
fn bad_hhcrsp_instances_exit_1_with_an_error_naming_the_item() {
    let tmp = tempfile::tempdir().unwrap();
    let instance = |carers: &str, duration: &str| {
        format!(
            r#"{{"patients": [{{"id": "p1", "time_window": [0, 100],
                 "required_caregivers": [{{"service": "s1", "duration": {duration}}}]}}],
               "caregivers": {carers},
               "distances": [[0, 10], [10, 0]]}}"#
        )
    };
    let one = r#"[{"id": "c1", "abilities": ["s1"]}]"#;
    for (name, text, says) in [
        (
            "twins",
            instance(
                r#"[{"id": "c1", "abilities": ["s1"]}, {"id": "c1", "abilities": ["s1"]}]"#,
                "10",
            ),
            "caregiver 1: id \"c1\" already used",
        ),
        ("nobody", instance("[]", "10"), "no caregiver"),
        (
            "negative",
            instance(one, "-5"),
            "p1: duration of service s1 is -5",
        ),
        (
            "huge",
            instance(one, "1e300"),
            "p1: duration of service s1 is 1e300",
        ),
    ] {
        let file = tmp.path().join(format!("{name}.json"));
        std::fs::write(&file, text).unwrap();
        let out = tournee()
            .arg("solve")
            .arg(&file)
            .args(["--format", "hhcrsp", "--iterations", "5"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(
            err.starts_with("error:") && err.contains(says),
            "{name}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

/// With `--iterations`, the plan is a function of the input, the iterations, the threads and
/// the seed: `--threads` defaults to 1 then (not to the machine's cores), it is recorded in
/// `plan.json`, and two runs give the same plan.
#[test]
fn iterations_make_the_plan_reproducible_on_any_machine() {
    let tmp = tempfile::tempdir().unwrap();
    let plan_of = |args: &[&str], dir: &str| -> serde_json::Value {
        let out = tmp.path().join(dir);
        tournee()
            .args(["plan", "--out"])
            .arg(&out)
            .args(args)
            .env(
                "RAYON_NUM_THREADS",
                if dir.ends_with('a') { "1" } else { "2" },
            )
            .assert()
            .success();
        let mut plan: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
        plan["search"]["elapsed_seconds"] = serde_json::Value::Null;
        plan
    };
    let a = plan_of(&["--iterations", "300"], "1a");
    let b = plan_of(&["--iterations", "300"], "1b");
    assert_eq!(
        a["search"]["threads"], 1,
        "the default with --iterations is one thread"
    );
    assert_eq!(a, b);
    let a = plan_of(
        &["--iterations", "200", "--threads", "2", "--seed", "5"],
        "2a",
    );
    let b = plan_of(
        &["--iterations", "200", "--threads", "2", "--seed", "5"],
        "2b",
    );
    assert_eq!(a["search"]["threads"], 2);
    assert_eq!(a["search"]["iterations"], 400, "200 per thread");
    assert_eq!(a, b);
}
