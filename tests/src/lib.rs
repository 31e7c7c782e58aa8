//! Helpers for tests on the shared data beside the repository (`../shared`).
//!
//! A test calls [`shared`] with the relative path it needs. When the folder is absent the test
//! prints a visible `SKIPPED` line and returns; with `TOURNEE_REQUIRE_DATA=1` (set in CI) a
//! missing file fails the test instead.

use std::path::{Path, PathBuf};

use tournee_roads::Coord;

/// The shared folder: `$TOURNEE_SHARED` or `../shared` beside the repository.
pub fn shared_dir() -> PathBuf {
    std::env::var_os("TOURNEE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// The path of `relative` inside the shared folder, or `None` (after printing why) when it is
/// missing and data is not required. Panics when missing and `TOURNEE_REQUIRE_DATA=1`.
pub fn shared(relative: &str, test: &str) -> Option<PathBuf> {
    let path = shared_dir().join(relative);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("TOURNEE_REQUIRE_DATA").as_deref() == Ok("1") {
        panic!(
            "{test}: required data file {} is missing (TOURNEE_REQUIRE_DATA=1)",
            path.display()
        );
    }
    eprintln!(
        "SKIPPED {test}: {} not found (set TOURNEE_REQUIRE_DATA=1 to make this a failure)",
        path.display()
    );
    None
}

/// Reads `{"coordinates": [[lon, lat], ...]}`.
pub fn read_points(path: &Path) -> Vec<Coord> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("points file")).expect("json");
    v["coordinates"]
        .as_array()
        .expect("coordinates")
        .iter()
        .map(|p| Coord::new(p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
        .collect()
}

/// Median, 10th and 90th percentiles (nearest rank).
pub fn quantiles(values: &[f64]) -> (f64, f64, f64) {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    (q(0.5), q(0.1), q(0.9))
}
