//! Each kind of bad input gives its typed error (naming the item), never a panic.

mod common;

use common::line_problem;
use tournee_solver::{
    solve, Matrix, ProblemError, SolveError, SolveOptions, TimeWindow, UnassignedReason,
};

fn err(p: &tournee_solver::Problem) -> ProblemError {
    match solve(p, &SolveOptions::default()) {
        Err(SolveError::Problem(e)) => e,
        other => panic!("expected a problem error, got {other:?}"),
    }
}

#[test]
fn no_profiles() {
    let mut p = line_problem(3, 1);
    p.profiles.clear();
    assert_eq!(err(&p), ProblemError::NoProfiles);
}

#[test]
fn non_square_matrix() {
    let mut p = line_problem(3, 1);
    p.profiles[0].distances = Matrix::from_rows(vec![
        vec![0, 1, 2, 3],
        vec![1, 0, 1],
        vec![2, 1, 0, 1],
        vec![3, 2, 1, 0],
    ]);
    assert!(matches!(
        err(&p),
        ProblemError::NonSquareMatrix {
            profile: 0,
            matrix: "distance",
            row: 1,
            found: 3,
            expected: 4
        }
    ));
}

#[test]
fn mismatched_matrices() {
    let mut p = line_problem(3, 1);
    p.profiles[0].durations = Matrix::from_fn(3, |_, _| 1);
    let e = err(&p);
    assert!(
        matches!(e, ProblemError::MismatchedMatrices { .. }),
        "{e:?}"
    );
    let mut p = line_problem(3, 1);
    let mut second = p.profiles[0].clone();
    second.distances = Matrix::from_fn(5, |_, _| 1);
    p.profiles.push(second);
    assert!(matches!(
        err(&p),
        ProblemError::MismatchedMatrices {
            profile: 1,
            matrix: "distance",
            found: 5,
            expected: 4
        }
    ));
}

#[test]
fn missing_and_negative_values() {
    let mut p = line_problem(2, 1);
    p.profiles[0].durations = Matrix::from_optional_rows(vec![
        vec![Some(0), Some(1), Some(2)],
        vec![Some(1), Some(0), None],
        vec![Some(2), Some(1), Some(0)],
    ]);
    assert!(matches!(
        err(&p),
        ProblemError::MissingValue {
            profile: 0,
            matrix: "duration",
            row: 1,
            col: 2
        }
    ));
    let mut p = line_problem(2, 1);
    p.profiles[0].distances = Matrix::from_fn(3, |i, j| if (i, j) == (2, 0) { -4 } else { 1 });
    assert!(matches!(
        err(&p),
        ProblemError::NegativeValue {
            row: 2,
            col: 0,
            value: -4,
            ..
        }
    ));
}

#[test]
fn location_out_of_range() {
    let mut p = line_problem(3, 1);
    p.jobs[1].location = 9;
    match err(&p) {
        ProblemError::LocationOutOfRange {
            item,
            location: 9,
            size: 4,
        } => assert!(item.contains("job 1") && item.contains("j2"), "{item}"),
        e => panic!("{e:?}"),
    }
    let mut p = line_problem(3, 1);
    p.vehicle_types[0].end = Some(4);
    assert!(matches!(
        err(&p),
        ProblemError::LocationOutOfRange { location: 4, .. }
    ));
}

#[test]
fn window_closing_before_opening() {
    let mut p = line_problem(3, 1);
    p.jobs[2].time_windows = vec![TimeWindow::new(50, 10)];
    match err(&p) {
        ProblemError::InvalidTimeWindow {
            item,
            open: 50,
            close: 10,
        } => assert!(item.contains("j3")),
        e => panic!("{e:?}"),
    }
    let mut p = line_problem(3, 1);
    p.vehicle_types[0].shift = TimeWindow::new(10, 0);
    assert!(matches!(err(&p), ProblemError::InvalidTimeWindow { .. }));
    let mut p = line_problem(3, 1);
    p.jobs[0].time_windows = vec![TimeWindow::new(0, 10), TimeWindow::new(5, 20)];
    assert!(matches!(err(&p), ProblemError::UnsortedTimeWindows { .. }));
    let mut p = line_problem(3, 1);
    p.jobs[0].time_windows.clear();
    assert!(matches!(err(&p), ProblemError::NoTimeWindow { .. }));
}

#[test]
fn dimensions_and_quantities() {
    let mut p = line_problem(3, 1);
    p.jobs[0].demand = vec![1, 2];
    assert!(matches!(
        err(&p),
        ProblemError::DimensionMismatch {
            found: 2,
            expected: 1,
            ..
        }
    ));
    let mut p = line_problem(3, 1);
    p.vehicle_types[0].capacity = vec![1; 9];
    for j in &mut p.jobs {
        j.demand = vec![0; 9];
    }
    assert!(matches!(
        err(&p),
        ProblemError::TooManyDimensions { found: 9, .. }
    ));
    let mut p = line_problem(3, 1);
    p.jobs[2].service = -1;
    assert!(matches!(
        err(&p),
        ProblemError::NegativeQuantity {
            what: "service duration",
            value: -1,
            ..
        }
    ));
    let mut p = line_problem(3, 1);
    p.jobs[2].demand = vec![-3];
    assert!(matches!(
        err(&p),
        ProblemError::NegativeQuantity { what: "demand", .. }
    ));
}

#[test]
fn profile_out_of_range_and_duplicate_ids() {
    let mut p = line_problem(3, 1);
    p.vehicle_types[0].profile = 2;
    assert!(matches!(
        err(&p),
        ProblemError::ProfileOutOfRange {
            vehicle_type: 0,
            profile: 2,
            count: 1,
            ..
        }
    ));
    let mut p = line_problem(3, 1);
    p.jobs[2].id = "j1".into();
    assert!(matches!(
        err(&p),
        ProblemError::DuplicateJobId {
            job: 2,
            first: 0,
            ..
        }
    ));
}

#[test]
fn zero_threads_is_an_option_error() {
    let p = line_problem(3, 1);
    let o = SolveOptions {
        threads: 0,
        ..Default::default()
    };
    assert!(matches!(solve(&p, &o), Err(SolveError::Options(_))));
}

#[test]
fn unservable_jobs_are_reported_with_reasons() {
    let mut p = line_problem(5, 2);
    p.jobs[0].skills = vec!["insulin".into()];
    p.jobs[1].demand = vec![1000];
    p.jobs[2].time_windows = vec![TimeWindow::new(0, 1)]; // 30 away from the depot
    p.vehicle_types[0].max_duration = Some(90);
    // Job 4 is 50 away: 100 travel + 5 service > 90.
    let s = solve(
        &p,
        &SolveOptions {
            iteration_limit: Some(20),
            ..Default::default()
        },
    )
    .unwrap();
    let reason = |j: usize| s.unassigned.iter().find(|u| u.job == j).map(|u| u.reason);
    assert_eq!(reason(0), Some(UnassignedReason::MissingSkills));
    assert_eq!(reason(1), Some(UnassignedReason::CapacityExceeded));
    assert_eq!(reason(2), Some(UnassignedReason::TimeUnreachable));
    assert_eq!(reason(4), Some(UnassignedReason::TimeUnreachable));
    assert_eq!(reason(3), None, "job 3 can be served");
    assert_eq!(s.routes.iter().map(|r| r.stops.len()).sum::<usize>(), 1);
    let report = tournee_solver::checker::check(&p, &s);
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    let mut p = line_problem(2, 0);
    p.vehicle_types[0].count = 0;
    let s = solve(&p, &SolveOptions::default()).unwrap();
    assert!(s
        .unassigned
        .iter()
        .all(|u| u.reason == UnassignedReason::NoVehicle));
    assert_eq!(s.unassigned.len(), 2);
}
