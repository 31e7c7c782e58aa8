//! The checkers must reject broken solutions (so that tests relying on them can fail).

use super::vrptw::check_vrptw;
use crate::io::solomon::{parse_solomon, Rounding};

const TINY: &str = "TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
    0      0          0          0          0       100          0
    1      3          4          6          0        10          1
    2      6          8          6          0        20          1
    3      0          5          2         50        60          1
";

#[test]
fn accepts_a_valid_plan_and_recomputes_cost() {
    let inst = parse_solomon(TINY, "tiny").unwrap();
    let c = check_vrptw(&inst, &[vec![1, 3], vec![2]], Rounding::Exact);
    assert!(c.feasible, "{:?}", c.violations);
    // 5 + sqrt(9+1) + 5, then 10 + 10.
    let expected = 5.0 + 10f64.sqrt() + 5.0 + 20.0;
    assert!((c.cost - expected).abs() < 1e-9);
    assert_eq!(c.starts[0], vec![5.0, 50.0]);
}

#[test]
fn rejects_broken_plans() {
    let inst = parse_solomon(TINY, "tiny").unwrap();
    let bad = |routes: &[Vec<usize>]| {
        let c = check_vrptw(&inst, routes, Rounding::Exact);
        assert!(!c.feasible, "accepted {routes:?}");
    };
    bad(&[vec![1, 2, 3]]); // capacity 14 > 10 (and late)
    bad(&[vec![1, 3]]); // customer 2 missing
    bad(&[vec![1, 3], vec![2, 1]]); // customer 1 twice
    bad(&[vec![3, 1], vec![2]]); // 1 reached after its due date
    bad(&[vec![1], vec![2], vec![3]]); // three vehicles, two exist
    bad(&[vec![1, 3], vec![2, 9]]); // unknown customer
}

#[test]
fn parse_errors_name_the_line() {
    let broken = TINY.replace(
        "    2      6          8          6",
        "    2      6          x          6",
    );
    let e = parse_solomon(&broken, "tiny").unwrap_err().to_string();
    assert!(e.contains("line 11"), "{e}");
    assert!(parse_solomon("nothing here", "empty").is_err());
    let late = TINY.replace("50        60", "70        60");
    assert!(parse_solomon(&late, "tiny")
        .unwrap_err()
        .to_string()
        .contains("due date"));
}
