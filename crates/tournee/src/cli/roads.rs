//! `tournee matrix`, `tournee route`, `tournee prepare`.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;
use tournee::points::{parse_lon_lat, parse_points};

use super::NetworkArgs;

/// Arguments of `tournee matrix`.
#[derive(Args)]
pub(crate) struct MatrixArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// Points as JSON: {"coordinates": [[lon, lat], ...]} (other keys ignored).
    #[arg(long, value_name = "POINTS.json")]
    points: PathBuf,
    /// Optional targets (same format): the matrix is then points × targets.
    #[arg(long, value_name = "TARGETS.json")]
    targets: Option<PathBuf>,
}

/// Arguments of `tournee route`.
#[derive(Args)]
pub(crate) struct RouteArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// Start as LON,LAT.
    #[arg(long, value_name = "LON,LAT", allow_hyphen_values = true)]
    from: String,
    /// End as LON,LAT.
    #[arg(long, value_name = "LON,LAT", allow_hyphen_values = true)]
    to: String,
}

/// Arguments of `tournee prepare`.
#[derive(Args)]
pub(crate) struct PrepareArgs {
    #[command(flatten)]
    net: NetworkArgs,
    /// Where to write the prepared network.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

fn read_points(path: &PathBuf) -> Result<Vec<tournee_roads::Coord>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_points(&text).map_err(|e| format!("{}: {e}", path.display()))
}

pub(crate) fn matrix(a: &MatrixArgs) -> Result<(), String> {
    let points = read_points(&a.points)?;
    let targets = a.targets.as_ref().map(read_points).transpose()?;
    a.net.pool()?.install(|| {
        let net = a.net.load()?;
        let snap =
            |list, p: &[tournee_roads::Coord]| net.snap_list(list, p).map_err(|e| e.to_string());
        let (sources, destinations) = match &targets {
            Some(t) => (snap("source", &points)?, Some(snap("target", t)?)),
            None => (snap("point", &points)?, None),
        };
        let m = net.matrix_snapped(&sources, destinations.as_deref().unwrap_or(&sources));
        let describe = |snaps: &[tournee_roads::Snap]| -> Vec<serde_json::Value> {
            snaps
                .iter()
                .map(|s| {
                    json!({
                        "location": [s.snapped.lon, s.snapped.lat],
                        "distance_m": s.distance_m,
                        "way_id": s.way_id,
                        "road_class": net.road_class(s),
                    })
                })
                .collect()
        };
        let mut out = json!({
            "durations_s": m.durations_s_rows(),
            "distances_m": m.distances_m_rows(),
            "sources": describe(&sources),
        });
        if let Some(d) = &destinations {
            out["destinations"] = json!(describe(d));
        }
        super::emit(out)
    })
}

pub(crate) fn route(a: &RouteArgs) -> Result<(), String> {
    let from = parse_lon_lat(&a.from).map_err(|e| format!("--from: {e}"))?;
    let to = parse_lon_lat(&a.to).map_err(|e| format!("--to: {e}"))?;
    a.net.pool()?.install(|| {
        let net = a.net.load()?;
        let r = net.route(from, to).map_err(|e| e.to_string())?;
        super::emit(r.to_geojson())
    })
}

pub(crate) fn prepare(a: &PrepareArgs) -> Result<(), String> {
    a.net.pool()?.install(|| {
        let start = std::time::Instant::now();
        let net = a.net.load()?;
        net.save(&a.out).map_err(|e| e.to_string())?;
        let out = json!({
            "prepared": a.out.display().to_string(),
            "seconds": start.elapsed().as_secs_f64(),
            "network": net.info(),
        });
        super::emit(out)
    })
}
