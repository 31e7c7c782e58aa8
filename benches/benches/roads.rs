//! Criterion benches of the road network: import, contraction, matrices (1 and 2 threads).
//!
//! Data: `../shared/data/osm/andorra.osm.pbf` and, when present, the tiled 8×8 network at
//! `$TOURNEE_8X8` (default `/tmp/andorra_8x8.osm.pbf`, made by `../shared/tools/tile_pbf.py`).
//! Run with `cargo bench -p tournee-benches --bench roads`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use tournee_benches::{read_points, shared_dir};
use tournee_roads::{CarProfile, RoadGraph, RoadNetwork};

fn pool(n: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .unwrap()
}

fn tiled() -> PathBuf {
    std::env::var_os("TOURNEE_8X8")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/andorra_8x8.osm.pbf"))
}

fn bench_andorra(c: &mut Criterion) {
    let osm = shared_dir().join("data/osm/andorra.osm.pbf");
    if !osm.exists() {
        eprintln!("SKIPPED andorra benches: {} not found", osm.display());
        return;
    }
    let profile = CarProfile::default();
    let mut g = c.benchmark_group("andorra");
    g.sample_size(10);
    for threads in [1, 2] {
        let p = pool(threads);
        g.bench_function(BenchmarkId::new("read_build", threads), |b| {
            b.iter(|| p.install(|| RoadGraph::from_osm(&osm, &profile).unwrap()))
        });
    }
    let (graph, _) = RoadGraph::from_osm(&osm, &profile).unwrap();
    g.bench_function("contract", |b| {
        b.iter(|| RoadNetwork::from_graph(graph.clone()))
    });
    let net = RoadNetwork::from_osm(&osm).unwrap();
    net.prepare_index();
    let pts = read_points(&shared_dir().join("reference/andorra_1000_points.json")).unwrap();
    for threads in [1, 2] {
        let p = pool(threads);
        g.bench_function(BenchmarkId::new("matrix_1000", threads), |b| {
            b.iter(|| p.install(|| net.matrix(&pts).unwrap()))
        });
    }
    g.finish();
}

fn bench_tiled(c: &mut Criterion) {
    let osm = tiled();
    if !osm.exists() {
        eprintln!(
            "SKIPPED 8x8 benches: {} not found (python3 ../shared/tools/tile_pbf.py ...)",
            osm.display()
        );
        return;
    }
    let net = pool(2).install(|| RoadNetwork::from_osm(&osm).unwrap());
    net.prepare_index();
    let mut g = c.benchmark_group("andorra_8x8");
    g.sample_size(10);
    for (name, file) in [
        ("matrix_1000", "andorra_8x8_1000_points.json"),
        ("matrix_2000", "andorra_8x8_2000_points.json"),
    ] {
        let pts = read_points(&shared_dir().join("reference").join(file)).unwrap();
        for threads in [1, 2] {
            let p = pool(threads);
            g.bench_function(BenchmarkId::new(name, threads), |b| {
                b.iter(|| p.install(|| net.matrix(&pts).unwrap()))
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench_andorra, bench_tiled);
criterion_main!(benches);
