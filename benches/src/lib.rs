//! Shared helpers for tournee's benchmarks: data paths, point files, timing, memory.

use std::path::{Path, PathBuf};
use std::time::Instant;

use tournee_roads::Coord;

/// `../shared` beside the repository (or `$TOURNEE_SHARED`).
pub fn shared_dir() -> PathBuf {
    std::env::var_os("TOURNEE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

/// Reads `{"coordinates": [[lon, lat], ...]}` (other keys ignored).
pub fn read_points(path: &Path) -> Result<Vec<Coord>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let coords = v
        .get("coordinates")
        .and_then(|c| c.as_array())
        .ok_or_else(|| format!("{}: no \"coordinates\" array", path.display()))?;
    coords
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let lon = p.get(0).and_then(|x| x.as_f64());
            let lat = p.get(1).and_then(|x| x.as_f64());
            match (lon, lat) {
                (Some(lon), Some(lat)) => Ok(Coord::new(lon, lat)),
                _ => Err(format!(
                    "{}: coordinate {i} is not [lon, lat]",
                    path.display()
                )),
            }
        })
        .collect()
}

/// Runs `f` and returns its result with the elapsed seconds.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let r = f();
    (r, t.elapsed().as_secs_f64())
}

/// Peak resident memory of this process in bytes (Linux `VmHWM`), if known.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Median, 10th and 90th percentile of a sample (sorted copy, nearest rank).
pub fn quantiles(values: &[f64]) -> (f64, f64, f64) {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let q = |p: f64| v[((v.len() - 1) as f64 * p).round() as usize];
    (q(0.5), q(0.1), q(0.9))
}
