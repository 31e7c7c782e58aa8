//! Tests on the shared Solomon / Gehring–Homberger files. They skip (with a
//! visible message) when the data folder is absent, and fail instead when
//! `TOURNEE_REQUIRE_DATA=1`.

mod common;

use std::time::Duration;

use tournee_solver::bench::{best_known, solve_instance_file};
use tournee_solver::checker::vrptw::check_vrptw;
use tournee_solver::io::{read_solomon, Rounding};
use tournee_solver::{HgsParams, SolveOptions};

#[test]
fn every_benchmark_file_parses() {
    let Some(data) = common::shared_data("every_benchmark_file_parses") else {
        return;
    };
    for (set, customers) in [
        ("solomon", 100),
        ("homberger_200", 200),
        ("homberger_1000", 1000),
    ] {
        let dir = data.join("vrptw").join(set);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let inst = read_solomon(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(inst.nodes.len(), customers + 1, "{}", path.display());
            assert!(inst.vehicles > 0 && inst.capacity > 0);
            count += 1;
        }
        assert!(count > 0, "no file in {}", dir.display());
    }
}

#[test]
fn solomon_instance_is_solved_feasibly_near_best_known() {
    let Some(data) = common::shared_data("solomon_instance_is_solved_feasibly_near_best_known")
    else {
        return;
    };
    let path = data.join("vrptw/solomon/RC101.txt");
    let options = SolveOptions {
        iteration_limit: Some(20),
        time_limit: Some(Duration::from_secs(20)),
        params: HgsParams {
            min_pop_size: 5,
            ..Default::default()
        },
        ..Default::default()
    };
    let (report, json) = solve_instance_file(&path, Rounding::Exact, &options).unwrap();
    assert!(report.feasible, "{:?}", report.violations);
    assert_eq!(report.unassigned, 0);
    let bks = report.bks.expect("RC101 has a best-known cost");
    assert!(
        (bks - best_known(&data.join("vrptw"), "RC101", Rounding::Exact).unwrap()).abs() < 1e-9
    );
    assert!(
        report.cost >= bks - 0.01,
        "cost {} below the best known {bks}",
        report.cost
    );
    assert!(
        report.gap_percent.unwrap() < 10.0,
        "gap {:?}",
        report.gap_percent
    );
    // The JSON solution is checked again from scratch.
    let inst = read_solomon(&path).unwrap();
    let routes: Vec<Vec<usize>> = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["customers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_u64().unwrap() as usize)
                .collect()
        })
        .collect();
    let check = check_vrptw(&inst, &routes, Rounding::Exact);
    assert!(check.feasible);
    assert!((check.cost - json["cost"].as_f64().unwrap()).abs() < 1e-6);
    assert_eq!(
        json["routes"][0]["arrivals"].as_array().unwrap().len(),
        routes[0].len()
    );
}

#[test]
fn dimacs_rounding_truncates_to_one_decimal() {
    let Some(data) = common::shared_data("dimacs_rounding_truncates_to_one_decimal") else {
        return;
    };
    let inst = read_solomon(&data.join("vrptw/solomon/C101.txt")).unwrap();
    for (i, j) in [(0, 1), (3, 17), (50, 99)] {
        let exact = inst.distance(i, j, Rounding::Exact);
        let trunc = inst.distance(i, j, Rounding::Dimacs);
        assert!(trunc <= exact + 1e-9 && exact - trunc < 0.1 + 1e-9);
        assert!(((trunc * 10.0).round() - trunc * 10.0).abs() < 1e-9);
    }
    assert!(best_known(&data.join("vrptw"), "C1_10_1", Rounding::Dimacs).is_some());
}
