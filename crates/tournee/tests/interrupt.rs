//! Ctrl-C during a search: the command stops the search, writes the best plan found so far
//! (marked interrupted in `plan.json` and the summary) and exits with code 130.

#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Starts `tournee ARGS`, waits until its stderr says the search started, sends SIGINT and
/// returns (exit code, stdout, seconds from the signal to the exit).
fn interrupt_during_search(args: &[&str]) -> (Option<i32>, String, f64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tournee"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "tournee ended before its search started"
        );
        if line.contains("solving") {
            break;
        }
    }
    // Let the search run a little, so that there is a plan to improve.
    std::thread::sleep(Duration::from_millis(500));
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let rest = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let out = child.wait_with_output().unwrap();
    let seconds = signalled.elapsed().as_secs_f64();
    let err = rest.join().unwrap();
    assert!(err.contains("interrupted"), "stderr: {err}");
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        seconds,
    )
}

#[test]
fn ctrl_c_writes_the_best_plan_so_far_marked_interrupted_and_exits_130() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let (code, stdout, seconds) = interrupt_during_search(&[
        "plan",
        "--time-limit",
        "120",
        "--threads",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(130), "stdout: {stdout}");
    assert!(
        seconds < 30.0,
        "stopped {seconds:.1} s after the signal, not at once"
    );
    assert!(stdout.starts_with("INTERRUPTED"), "summary: {stdout}");
    let plan: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["interrupted"], true);
    assert_eq!(plan["search"]["stop"], "Cancelled");
    assert_eq!(
        plan["feasible"], true,
        "the best plan so far keeps every hard rule"
    );
    assert!(plan["totals"]["served"].as_u64().unwrap() > 0);
    for f in ["schedule.csv", "plan.html", "routes.geojson"] {
        assert!(out.join(f).exists(), "{f} written too");
    }
    // No temporary file left behind by the atomic writes.
    for entry in std::fs::read_dir(&out).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(!name.contains(".tmp"), "left over: {name}");
    }
}

#[test]
fn a_run_to_its_limit_is_not_marked_interrupted() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_tournee"))
        .args(["plan", "--iterations", "50", "--threads", "1", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(0));
    let text = std::fs::read_to_string(out.join("plan.json")).unwrap();
    assert!(!text.contains("interrupted"), "{text}");
}
