//! `tournee demo`: everything offline, on a generated rural network.

use std::path::PathBuf;

use clap::Args;
use tournee_roads::synthetic::{rural_network, RuralOptions};
use tournee_roads::RoadNetwork;

/// Arguments of `tournee demo`.
#[derive(Args)]
pub(crate) struct DemoArgs {
    /// Folder for the generated files (map, route GeoJSON).
    #[arg(long, value_name = "DIR", default_value = "tournee-demo")]
    out: PathBuf,
    /// Seed of the generated map.
    #[arg(long, default_value_t = 7)]
    seed: u64,
}

pub(crate) fn run(a: &DemoArgs) -> Result<(), String> {
    std::fs::create_dir_all(&a.out)
        .map_err(|e| format!("cannot create {}: {e}", a.out.display()))?;
    let map = rural_network(&RuralOptions {
        seed: a.seed,
        ..RuralOptions::default()
    });
    let pbf = a.out.join("rural.osm.pbf");
    map.osm.write(&pbf).map_err(|e| e.to_string())?;
    let net = RoadNetwork::from_osm(&pbf).map_err(|e| e.to_string())?;
    let info = net.info();
    println!(
        "Generated rural network: {} villages, {:.0} km of roads, {} intersections ({})",
        map.villages.len(),
        info.road_km,
        info.nodes,
        pbf.display()
    );
    let centres: Vec<_> = map.villages.iter().map(|v| v.centre).collect();
    let m = net.matrix(&centres).map_err(|e| e.to_string())?;
    let first = &map.villages[0];
    println!("\nDriving times from {} (minutes, km):", first.name);
    for (j, v) in map.villages.iter().enumerate().skip(1) {
        println!(
            "  {:<14} {:>5.1} min  {:>5.1} km",
            v.name,
            m.duration_s(0, j).unwrap_or(f64::NAN) / 60.0,
            m.distance_m(0, j).unwrap_or(f64::NAN) / 1000.0
        );
    }
    let last = map.villages.len() - 1;
    let route = net
        .route(first.centre, map.villages[last].centre)
        .map_err(|e| e.to_string())?;
    let gj = a.out.join("route.geojson");
    super::write_file(&gj, &route.to_geojson().to_string())?;
    println!(
        "\nRoute {} → {}: {:.1} min, {:.1} km, {} points → {}",
        first.name,
        map.villages[last].name,
        route.duration_s / 60.0,
        route.distance_m / 1000.0,
        route.coordinates.len(),
        gj.display()
    );
    Ok(())
}
