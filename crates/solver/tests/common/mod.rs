//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use tournee_solver::{Job, JobKind, Matrix, Objective, Problem, Profile, TimeWindow, VehicleType};

/// Location of the shared benchmark data, or `None` (with a visible message)
/// when absent; panics instead when `TOURNEE_REQUIRE_DATA=1`.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"));
    if dir.join("vrptw").is_dir() {
        return Some(dir);
    }
    if std::env::var("TOURNEE_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!(
            "{test}: shared data folder {} is missing and TOURNEE_REQUIRE_DATA=1",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED {test}: shared data folder {} not found",
        dir.display()
    );
    None
}

/// Euclidean matrix (rounded) from points.
pub fn euclid(points: &[(i64, i64)]) -> Matrix {
    Matrix::from_fn(points.len(), |i, j| {
        let (dx, dy) = (
            (points[i].0 - points[j].0) as f64,
            (points[i].1 - points[j].1) as f64,
        );
        (dx * dx + dy * dy).sqrt().round() as i64
    })
}

/// A small valid problem: depot 0, `n` jobs on a line, one vehicle type.
pub fn line_problem(n: usize, vehicles: usize) -> Problem {
    let pts: Vec<(i64, i64)> = (0..=n as i64).map(|i| (i * 10, 0)).collect();
    let m = euclid(&pts);
    Problem {
        profiles: vec![Profile {
            durations: m.clone(),
            distances: m,
        }],
        vehicle_types: vec![VehicleType::new(
            "v",
            vehicles,
            0,
            TimeWindow::new(0, 10_000),
            100,
        )],
        jobs: (1..=n)
            .map(|i| Job::new(format!("j{i}"), i, 5, TimeWindow::new(0, 10_000), 1))
            .collect(),
        objective: Objective::default(),
        ..Problem::default()
    }
}

/// Makes job `j` optional with a penalty.
pub fn optional(mut job: Job, penalty: i64) -> Job {
    job.kind = JobKind::Optional { penalty };
    job
}
