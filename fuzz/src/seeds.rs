//! The seed corpora, generated from the project's own generators and small hand-made
//! instances (nothing copied from `../shared`).

use tournee::plan::Day;
use tournee::roads::synthetic::{rural_network, RuralOptions};
use tournee::roads::RoadNetwork;

/// A day on matrix rows 0–5 with every kind of rule: windows, a break, skills, a preferred
/// and a refused carer, a two-carer visit, a sequential link, a pickup-and-delivery pair, a
/// van that reloads at a depot.
pub const MATRIX_DAY: &str = r#"{
  "name": "seed",
  "carers": [
    {"id": "n1", "skills": ["nurse"], "shift_start": "07:00", "shift_end": "13:00", "start_index": 0,
     "breaks": [{"id": "pause", "duration_min": 15, "window": ["10:00", "11:00"]}]},
    {"id": "n2", "skills": ["nurse"], "shift_start": "07:30", "shift_end": "12:00", "start_index": 0, "end_index": 5,
     "max_working_time_min": 240},
    {"id": "van", "role": "psad", "skills": ["oxygen"], "shift_start": "08:00", "shift_end": "16:00",
     "start_index": 5, "capacity": [4], "reloads": {"depot_indices": [5], "duration_min": 10}}
  ],
  "visits": [
    {"id": "v1", "patient": "p1", "location_index": 1, "duration_min": 20, "skills": ["nurse"],
     "windows": [["07:30", "09:00"]], "preferred_carers": ["n1"]},
    {"id": "v2", "patient": "p1", "location_index": 1, "duration_min": 15, "skills": ["nurse"],
     "windows": [["11:00", "12:30"]]},
    {"id": "t1", "patient": "p2", "location_index": 2, "duration_min": 30, "skills": ["nurse"]},
    {"id": "t2", "patient": "p2", "location_index": 2, "duration_min": 30, "skills": ["nurse"]},
    {"id": "v3", "location_index": 3, "duration_min": 10, "refused_carers": ["n2"], "priority": 2},
    {"id": "o1", "location_index": 4, "duration_min": 10, "skills": ["oxygen"], "delivery": [2]},
    {"id": "o2", "location_index": 3, "duration_min": 10, "skills": ["oxygen"], "delivery": [3]},
    {"id": "bed-out", "location_index": 2, "duration_min": 15, "skills": ["oxygen"]},
    {"id": "bed-in", "location_index": 4, "duration_min": 15, "skills": ["oxygen"]}
  ],
  "links": [
    {"first": "t1", "second": "t2", "kind": "simultaneous"},
    {"first": "v1", "second": "v2", "kind": "sequential", "min_gap_min": 120}
  ],
  "shipments": [{"pickup": "bed-out", "delivery": "bed-in", "load": [1]}]
}"#;

/// A 6-place matrix as `tournee matrix` prints it, with decimals and an extra key.
pub const MATRIX: &str = r#"{"durations_s": [[0, 301.5, 602, 903, 1204, 1505], [301.5, 0, 300, 600, 900, 1200],
  [602, 300, 0, 300, 600, 900], [903, 600, 300, 0, 300, 600], [1204, 900, 600, 300, 0, 300],
  [1505, 1200, 900, 600, 300, 0]],
 "distances_m": [[0, 4000, 8000, 12000, 16000, 20000], [4000, 0, 4000, 8000, 12000, 16000],
  [8000, 4000, 0, 4000, 8000, 12000], [12000, 8000, 4000, 0, 4000, 8000],
  [16000, 12000, 8000, 4000, 0, 4000], [20000, 16000, 12000, 8000, 4000, 0.5]],
 "coordinates": [[1.5, 42.5], [1.51, 42.5], [1.52, 42.5], [1.53, 42.5], [1.54, 42.5], [1.55, 42.5]],
 "ids": ["a", "b", "c", "d", "e", "f"]}"#;

/// A tiny HHCRSP instance: a sequential and a simultaneous double service.
pub const HHCRSP: &str = tournee::hhcrsp::EXAMPLE_INSTANCE;

/// A small Solomon-format instance (8 customers, 3 vehicles).
pub const SOLOMON: &str = "TINY8

VEHICLE
NUMBER     CAPACITY
  3          50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME

    0      40         50          0          0       240          0
    1      45         68         10         10       120         10
    2      45         70         20          0       200         10
    3      42         66         10         30       150         10
    4      35         30         10          0       230         10
    5      20         50         20         60       180         10
    6      25         52         10          0       220         10
    7      60         55         10         80       160         10
    8      55         45         20          0       210         10
";

/// Every seed: (target, file name, bytes).
pub fn seeds() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let mut out = Vec::new();
    let small = rural_network(&RuralOptions {
        grid: 2,
        ..RuralOptions::default()
    });
    let pbf = small.osm.to_bytes();
    out.push(("pbf", "rural-2x2.osm.pbf", pbf.clone()));
    let dir = std::env::temp_dir().join(format!("tournee-seeds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temporary folder");
    let path = dir.join("rural.osm.pbf");
    std::fs::write(&path, &pbf).expect("temporary file");
    let net = RoadNetwork::from_osm(&path).expect("the generated map reads");
    let _ = std::fs::remove_dir_all(&dir);
    out.push(("prepared", "rural-2x2.prepared", net.to_prepared_bytes()));

    let example = tournee::plan::default_day();
    out.push((
        "day_json",
        "example-day.json",
        example.to_json().into_bytes(),
    ));
    out.push((
        "day_json",
        "matrix-day.json",
        MATRIX_DAY.as_bytes().to_vec(),
    ));
    let sep = crate::CSV_SEPARATOR.to_string();
    for (name, day) in [
        ("example-day.csv", example),
        (
            "matrix-day.csv",
            Day::from_json(MATRIX_DAY).expect("the seed day is valid"),
        ),
    ] {
        let csv = day.to_csv();
        let joined = [csv.visits, csv.carers, csv.links, csv.shipments].join(&sep);
        out.push(("day_csv", name, joined.into_bytes()));
    }
    out.push(("matrix", "six-places.json", MATRIX.as_bytes().to_vec()));
    out.push(("hhcrsp", "tiny.json", HHCRSP.as_bytes().to_vec()));
    out.push(("solomon", "tiny8.txt", SOLOMON.as_bytes().to_vec()));
    out
}
