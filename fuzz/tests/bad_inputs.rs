//! The table of bad inputs: every case is refused by its reader's harness (the whole path of a
//! user's file, through the engine's validation) with a message naming the item, and none
//! panics. `cargo test -p tournee-fuzz --test bad_inputs -- --nocapture` prints the table as
//! Markdown (the one in the issue note).

use serde_json::{json, Value};
use tournee_fuzz::seeds::{HHCRSP, MATRIX, MATRIX_DAY, SOLOMON};

fn edit(base: &str, f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v: Value = serde_json::from_str(base).unwrap();
    f(&mut v);
    v.to_string().into_bytes()
}

fn day(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    edit(MATRIX_DAY, f)
}

fn hhcrsp(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    edit(HHCRSP, f)
}

fn matrix(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    edit(MATRIX, f)
}

fn solomon_row(row: usize, text: &str) -> Vec<u8> {
    let mut lines: Vec<String> = SOLOMON.lines().map(str::to_string).collect();
    let first = lines
        .iter()
        .position(|l| l.trim_start().starts_with("0 "))
        .unwrap();
    lines[first + row] = text.to_string();
    lines.join("\n").into_bytes()
}

/// A day as CSV parts (visits, carers, links, shipments) from the matrix seed, with `f` applied
/// to the text of part `k`.
fn csv(k: usize, f: impl FnOnce(String) -> String) -> Vec<u8> {
    let c = tournee::plan::Day::from_json(MATRIX_DAY).unwrap().to_csv();
    let mut parts = [c.visits, c.carers, c.links, c.shipments];
    parts[k] = f(parts[k].clone());
    parts
        .join(&tournee_fuzz::CSV_SEPARATOR.to_string())
        .into_bytes()
}

/// (target, case, input, a word the message must contain).
fn cases() -> Vec<(&'static str, &'static str, Vec<u8>, &'static str)> {
    fn v(i: usize, k: &'static str, x: Value) -> impl FnOnce(&mut Value) {
        move |d: &mut Value| d["visits"][i][k] = x
    }
    fn c(i: usize, k: &'static str, x: Value) -> impl FnOnce(&mut Value) {
        move |d: &mut Value| d["carers"][i][k] = x
    }
    let pbf = tournee_fuzz::seeds::seeds()
        .into_iter()
        .find(|s| s.0 == "pbf")
        .unwrap()
        .2;
    let prepared = tournee_fuzz::seeds::seeds()
        .into_iter()
        .find(|s| s.0 == "prepared")
        .unwrap()
        .2;
    let mut flipped = prepared.clone();
    flipped[9] ^= 0x5a;
    vec![
        ("day_json", "not JSON", b"{\"carers\": [".to_vec(), "EOF"),
        (
            "day_json",
            "misspelt field",
            day(v(0, "duratoin_min", json!(5))),
            "duratoin_min",
        ),
        (
            "day_json",
            "no carer",
            day(|d| d["carers"] = json!([])),
            "carer",
        ),
        (
            "day_json",
            "duplicate visit id",
            day(v(1, "id", json!("v1"))),
            "v1",
        ),
        (
            "day_json",
            "duplicate carer id",
            day(c(1, "id", json!("n1"))),
            "n1",
        ),
        (
            "day_json",
            "time 25:00",
            day(c(0, "shift_end", json!("25:00"))),
            "25:00",
        ),
        (
            "day_json",
            "window closes before it opens",
            day(v(0, "windows", json!([["09:00", "08:00"]]))),
            "closes before it opens",
        ),
        (
            "day_json",
            "negative duration",
            day(v(0, "duration_min", json!(-5))),
            "duration_min",
        ),
        (
            "day_json",
            "duration 1e300",
            day(v(0, "duration_min", json!(1e300))),
            "duration_min",
        ),
        (
            "day_json",
            "duration over a week",
            day(v(0, "duration_min", json!(10081))),
            "a week",
        ),
        (
            "day_json",
            "priority 0",
            day(v(0, "priority", json!(0))),
            "priority",
        ),
        (
            "day_json",
            "priority 1e308",
            day(v(0, "priority", json!(1e308))),
            "priority",
        ),
        (
            "day_json",
            "negative continuity weight",
            day(v(0, "continuity_weight", json!(-1))),
            "continuity_weight",
        ),
        (
            "day_json",
            "unknown preferred carer",
            day(v(0, "preferred_carers", json!(["zoe"]))),
            "zoe",
        ),
        (
            "day_json",
            "unknown pinned carer",
            day(v(0, "pinned_carer", json!("zoe"))),
            "zoe",
        ),
        (
            "day_json",
            "link to an unknown visit",
            day(|d| d["links"][1]["second"] = json!("nope")),
            "nope",
        ),
        (
            "day_json",
            "visit linked to itself",
            day(|d| d["links"][1]["second"] = json!("v1")),
            "itself",
        ),
        (
            "day_json",
            "gap on a simultaneous link",
            day(|d| d["links"][0]["min_gap_min"] = json!(5)),
            "sequential",
        ),
        (
            "day_json",
            "max gap below min gap",
            day(|d| d["links"][1]["max_gap_min"] = json!(60)),
            "max_gap_min",
        ),
        (
            "day_json",
            "shipment of an unknown visit",
            day(|d| d["shipments"][0]["pickup"] = json!("nope")),
            "nope",
        ),
        (
            "day_json",
            "load dimensions differ",
            day(v(5, "delivery", json!([1, 1]))),
            "dimension",
        ),
        (
            "day_json",
            "delivery above 1e9",
            day(|d| {
                d["carers"][2]["capacity"] = json!([2_000_000_000_i64]);
                d["visits"][5]["delivery"] = json!([2_000_000_000_i64]);
            }),
            "capacity",
        ),
        (
            "day_json",
            "overtime of a year",
            day(c(0, "max_overtime_min", json!(525_600))),
            "max_overtime_min",
        ),
        (
            "day_json",
            "matrix row beyond the matrix",
            day(v(0, "location_index", json!(6))),
            "v1",
        ),
        (
            "day_json",
            "coordinates and rows mixed",
            day(v(0, "location", json!([1.5, 42.5]))),
            "start_index",
        ),
        (
            "day_json",
            "5000 depot stops",
            day(|d| d["carers"][2]["reloads"]["max_stops"] = json!(5000)),
            "max_stops",
        ),
        (
            "day_json",
            "negative weight",
            day(
                |d| d["weights"] = json!({"unassigned": 1e7, "travel_time": -1, "distance": 0, "total_lateness": 1, "max_lateness": 1, "continuity": 1, "overtime": 1, "moved": 1, "moved_late": 1}),
            ),
            "travel_time",
        ),
        (
            "day_json",
            "priority × unassigned too dear",
            day(|d| {
                d["weights"] = json!({"unassigned": 1e9, "travel_time": 1, "distance": 0, "total_lateness": 1, "max_lateness": 1, "continuity": 1, "overtime": 1, "moved": 1, "moved_late": 1});
                d["visits"][4]["priority"] = json!(1000);
            }),
            "priority",
        ),
        (
            "day_json",
            "break longer than the shift",
            day(|d| d["carers"][0]["breaks"][0]["duration_min"] = json!(600)),
            "pause",
        ),
        (
            "day_csv",
            "no carers part",
            csv(0, |s| s).split(|b| *b == 0x1e).next().unwrap().to_vec(),
            "carers",
        ),
        (
            "day_csv",
            "missing required column",
            csv(0, |s| s.replacen("duration_min", "length", 1)),
            "duration_min",
        ),
        (
            "day_csv",
            "a word for a number",
            csv(0, |s| {
                let mut l: Vec<String> = s.lines().map(String::from).collect();
                let h: Vec<&str> = l[0].split(',').collect();
                let k = h.iter().position(|c| *c == "duration_min").unwrap();
                let mut r: Vec<String> = l[1].split(',').map(String::from).collect();
                r[k] = "twenty".into();
                l[1] = r.join(",");
                l.join("\n")
            }),
            "twenty",
        ),
        (
            "day_csv",
            "bad shift time",
            csv(1, |s| s.replacen("07:00", "7h00", 1)),
            "7h00",
        ),
        (
            "matrix",
            "not square",
            matrix(|m| m["durations_s"][2] = json!([0, 1])),
            "square",
        ),
        (
            "matrix",
            "negative value",
            matrix(|m| m["durations_s"][0][1] = json!(-3)),
            "durations_s[0][1]",
        ),
        (
            "matrix",
            "null value",
            matrix(|m| m["distances_m"][1][2] = json!(null)),
            "distances_m[1][2]",
        ),
        (
            "matrix",
            "value 1e300",
            matrix(|m| m["durations_s"][0][1] = json!(1e300)),
            "1e300",
        ),
        (
            "matrix",
            "tables of different sizes",
            matrix(|m| m["distances_m"] = json!([[0]])),
            "rows",
        ),
        (
            "matrix",
            "latitude 91",
            matrix(|m| m["coordinates"][0] = json!([1.5, 91])),
            "coordinates[0]",
        ),
        (
            "matrix",
            "no durations",
            matrix(|m| {
                m.as_object_mut().unwrap().remove("durations_s");
            }),
            "durations_s",
        ),
        (
            "matrix",
            "too few rows for the day",
            matrix(|m| {
                m["durations_s"] = json!([[0, 1], [1, 0]]);
                m["distances_m"] = json!([[0, 1], [1, 0]]);
                m.as_object_mut().unwrap().remove("coordinates");
            }),
            "outside the travel matrix",
        ),
        (
            "hhcrsp",
            "duplicate caregiver id",
            hhcrsp(|i| i["caregivers"][1]["id"] = json!("c1")),
            "c1",
        ),
        (
            "hhcrsp",
            "no caregiver",
            hhcrsp(|i| i["caregivers"] = json!([])),
            "caregiver",
        ),
        (
            "hhcrsp",
            "negative service duration",
            hhcrsp(|i| i["patients"][0]["required_caregivers"][0]["duration"] = json!(-10)),
            "p1",
        ),
        (
            "hhcrsp",
            "time window of a billion minutes",
            hhcrsp(|i| i["patients"][0]["time_window"] = json!([0, 1e9])),
            "p1",
        ),
        (
            "hhcrsp",
            "a service nobody gives",
            hhcrsp(|i| i["caregivers"] = json!([{"id": "c1", "abilities": ["s1"]}])),
            "s2",
        ),
        (
            "hhcrsp",
            "distance table too small",
            hhcrsp(|i| i["distances"] = json!([[0]])),
            "distance",
        ),
        (
            "solomon",
            "NaN coordinate",
            solomon_row(
                1,
                "    1      nan         68         10         10       120         10",
            ),
            "nan",
        ),
        (
            "solomon",
            "a billion vehicles",
            SOLOMON
                .replacen("  3          50", "  1000000000 50", 1)
                .into_bytes(),
            "vehicles",
        ),
        (
            "solomon",
            "negative demand",
            solomon_row(
                2,
                "    2      45         70        -20          0       200         10",
            ),
            "demand",
        ),
        (
            "solomon",
            "due before ready",
            solomon_row(
                3,
                "    3      42         66         10        150        30         10",
            ),
            "before ready",
        ),
        (
            "solomon",
            "no CUSTOMER rows",
            SOLOMON
                .split("CUSTOMER")
                .next()
                .unwrap()
                .as_bytes()
                .to_vec(),
            "CUSTOMER",
        ),
        (
            "pbf",
            "not a PBF",
            b"this is not an OpenStreetMap file".to_vec(),
            "",
        ),
        (
            "pbf",
            "truncated extract",
            pbf[..pbf.len() / 2].to_vec(),
            "",
        ),
        (
            "prepared",
            "truncated file",
            prepared[..prepared.len() / 3].to_vec(),
            "",
        ),
        ("prepared", "corrupted header", flipped, ""),
    ]
}

#[test]
fn every_bad_input_is_refused_with_a_message_naming_it() {
    tournee_fuzz::quiet_threads();
    let cases = cases();
    assert!(cases.len() >= 40);
    println!("| reader | case | error |\n|---|---|---|");
    let mut failures = Vec::new();
    for (target, case, data, word) in cases {
        match tournee_fuzz::run(target, &data) {
            Ok(()) => failures.push(format!("{target} / {case}: accepted")),
            Err(e) => {
                let e = e.lines().next().unwrap_or("").to_string();
                if !e.to_lowercase().contains(&word.to_lowercase()) {
                    failures.push(format!(
                        "{target} / {case}: {e:?} does not mention {word:?}"
                    ));
                }
                println!("| {target} | {case} | `{}` |", e.replace('|', "\\|"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
