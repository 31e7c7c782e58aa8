//! What `tournee plan` writes besides `plan.json`: the routes along the roads as GeoJSON,
//! the schedule as CSV, and the summary table for the terminal.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::{json, Value};
use tournee_roads::{Coord, RoadNetwork, Snap};
use tournee_solver::care::StopKind;

use super::csv::quote;
use super::error::PlanError;
use super::output::Plan;
use super::time::format_duration;

/// Line colours per carer (simplestyle `stroke`), recognisable on geojson.io and QGIS.
const COLOURS: [&str; 10] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
    "#7f7f7f", "#bcbd22",
];

/// The rounds along the roads as a GeoJSON `FeatureCollection`: one `LineString` per leg
/// (properties `carer`, `role`, `leg`, `from`, `to`, `depart`, `duration_s`, `distance_m`,
/// `stroke`) and one `Point` per stop and per carer start (`carer`, `seq`, `kind`, `id`,
/// `patient`, `start`, `end`). Places are snapped again on `net` (the same network the plan
/// was made on gives the same roads).
pub fn routes_geojson(net: &RoadNetwork, plan: &Plan) -> Result<Value, PlanError> {
    let mut snaps: HashMap<(u64, u64), Snap> = HashMap::new();
    let mut leg = |a: [f64; 2], b: [f64; 2], label: &str| -> Result<LegShape, PlanError> {
        let mut snap = |c: [f64; 2]| -> Result<Snap, PlanError> {
            let key = (c[0].to_bits(), c[1].to_bits());
            if let Some(s) = snaps.get(&key) {
                return Ok(*s);
            }
            let s = net
                .snap(Coord::new(c[0], c[1]))
                .map_err(|e| PlanError::OutsideMap {
                    item: label.to_string(),
                    lon: c[0],
                    lat: c[1],
                    detail: e.to_string(),
                })?;
            snaps.insert(key, s);
            Ok(s)
        };
        let (from, to) = (snap(a)?, snap(b)?);
        let route = net.route_snapped(&from, &to);
        Ok(LegShape {
            coordinates: route
                .coordinates
                .iter()
                .map(|c| [round7(c.lon), round7(c.lat)])
                .collect(),
            duration_s: Some(route.duration_s),
            distance_m: Some(route.distance_m),
        })
    };
    features(plan, &mut leg)
}

/// The rounds as a GeoJSON `FeatureCollection` with straight legs, for a day planned on a
/// matrix whose file gives the rows' `coordinates`; `None` when the places have no coordinates.
pub fn routes_geojson_straight(plan: &Plan) -> Option<Value> {
    let known = plan.rounds.iter().all(|r| {
        r.visits == 0
            || (r.start.is_some()
                && r.end.is_some()
                && r.stops.iter().all(|s| s.location.is_some()))
    });
    if !known {
        return None;
    }
    let mut leg = |a: [f64; 2], b: [f64; 2], _: &str| -> Result<LegShape, PlanError> {
        Ok(LegShape {
            coordinates: vec![a, b],
            duration_s: None,
            distance_m: None,
        })
    };
    features(plan, &mut leg).ok()
}

/// A leg's geometry and, on roads, its time and length.
struct LegShape {
    coordinates: Vec<[f64; 2]>,
    duration_s: Option<f64>,
    distance_m: Option<f64>,
}

/// Draws one leg from a point to another (the label names the leg in errors).
type DrawLeg<'a> = dyn FnMut([f64; 2], [f64; 2], &str) -> Result<LegShape, PlanError> + 'a;

fn features(plan: &Plan, leg_shape: &mut DrawLeg<'_>) -> Result<Value, PlanError> {
    let mut features = Vec::new();
    for (k, round) in plan.rounds.iter().enumerate() {
        if round.visits == 0 {
            continue;
        }
        let (Some(start), Some(end)) = (round.start, round.end) else {
            continue;
        };
        let colour = COLOURS[k % COLOURS.len()];
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": start},
            "properties": {"carer": round.carer, "role": round.role, "seq": 0, "kind": "start",
                           "id": "start", "start": round.leave, "marker-color": colour},
        }));
        // (place, label, departure) in order: start, visits, end.
        let mut points: Vec<([f64; 2], String, String)> =
            vec![(start, "start".into(), round.leave.clone())];
        for s in &round.stops {
            let Some(location) = s.location else { continue };
            if s.kind == StopKind::Visit {
                features.push(json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": location},
                    "properties": {"carer": round.carer, "role": round.role, "seq": s.seq,
                                   "kind": "visit", "id": s.id, "patient": s.patient,
                                   "start": s.start, "end": s.end, "marker-color": colour},
                }));
            }
            match points.last_mut() {
                Some(last) if last.0 == location => last.2 = s.end.clone(),
                _ => points.push((location, s.id.clone(), s.end.clone())),
            }
        }
        if points.last().map(|p| p.0) != Some(end) {
            points.push((end, "end".into(), round.back.clone()));
        } else if let Some(last) = points.last_mut() {
            last.1 = "end".into();
        }
        for (leg, pair) in points.windows(2).enumerate() {
            let (a, b) = (&pair[0], &pair[1]);
            let shape = leg_shape(a.0, b.0, &format!("carer {} stop {}", round.carer, b.1))?;
            features.push(json!({
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": shape.coordinates},
                "properties": {
                    "carer": round.carer, "role": round.role, "leg": leg + 1,
                    "from": a.1, "to": b.1, "depart": a.2,
                    "duration_s": shape.duration_s, "distance_m": shape.distance_m,
                    "stroke": colour, "stroke-width": 3,
                },
            }));
        }
    }
    Ok(json!({
        "type": "FeatureCollection",
        "features": features,
        "properties": {"attribution": "© OpenStreetMap contributors (ODbL)"},
    }))
}

fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

/// The columns of [`schedule_csv`].
pub const SCHEDULE_COLUMNS: &str =
    "carer,seq,kind,id,patient,lon,lat,location_index,arrival,start,end,travel_min,travel_km,lateness_min";

/// The schedule as CSV, one row per stop of each working carer, with a `start` row (seq 0,
/// leaving the start place) and an `end` row (back at the end place, with the way back's
/// travel). Columns: [`SCHEDULE_COLUMNS`].
pub fn schedule_csv(plan: &Plan) -> String {
    let mut out = String::from(SCHEDULE_COLUMNS);
    out.push('\n');
    let mut row = |fields: &[&str]| {
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    };
    for r in &plan.rounds {
        if r.visits == 0 {
            continue;
        }
        let (lon, lat) = coords(r.start);
        let start_index = index(r.start_index);
        row(&[
            &r.carer,
            "0",
            "start",
            "start",
            "",
            &lon,
            &lat,
            &start_index,
            "",
            &r.leave,
            &r.leave,
            "0",
            "0",
            "0",
        ]);
        for s in &r.stops {
            let kind = match s.kind {
                StopKind::Visit => "visit",
                StopKind::Break => "break",
                StopKind::Reload => "reload",
            };
            let (lon, lat) = coords(s.location);
            row(&[
                &r.carer,
                &s.seq.to_string(),
                kind,
                &s.id,
                s.patient.as_deref().unwrap_or(""),
                &lon,
                &lat,
                &index(s.location_index),
                &s.arrival,
                &s.start,
                &s.end,
                &s.travel_min.to_string(),
                &s.travel_km.to_string(),
                &s.lateness_min.to_string(),
            ]);
        }
        let (lon, lat) = coords(r.end);
        row(&[
            &r.carer,
            &(r.stops.len() + 1).to_string(),
            "end",
            "end",
            "",
            &lon,
            &lat,
            &index(r.end_index),
            &r.back,
            &r.back,
            &r.back,
            &r.return_travel_min.to_string(),
            &r.return_travel_km.to_string(),
            "0",
        ]);
    }
    out
}

fn coords(c: Option<[f64; 2]>) -> (String, String) {
    match c {
        Some(c) => (c[0].to_string(), c[1].to_string()),
        None => (String::new(), String::new()),
    }
}

fn index(i: Option<usize>) -> String {
    i.map(|i| i.to_string()).unwrap_or_default()
}

/// The summary table printed by `tournee plan`: visits served, driving time and distance,
/// share of time driving, lateness, continuity breaks, overtime, one line per carer, then the
/// visits left out with their reasons.
pub fn summary(plan: &Plan) -> String {
    let t = &plan.totals;
    let mut s = String::new();
    let pct = |x: f64| format!("{:.0} %", x * 100.0);
    let _ = writeln!(
        s,
        "{}visits served          {} / {}{}",
        plan.name
            .as_ref()
            .map(|n| format!("{n}\n"))
            .unwrap_or_default(),
        t.served,
        t.visits,
        if plan.feasible {
            ""
        } else {
            "  (NOT FEASIBLE)"
        }
    );
    let _ = writeln!(
        s,
        "driving time           {}",
        format_duration(t.driving_min * 60.0)
    );
    let _ = writeln!(s, "distance               {:.1} km", t.distance_km);
    let _ = writeln!(
        s,
        "share of time driving  {} (of {} worked)",
        pct(t.driving_share),
        format_duration(t.working_min * 60.0)
    );
    let _ = writeln!(
        s,
        "lateness               {:.0} min in total, {:.0} min at most",
        t.total_lateness_min, t.max_lateness_min
    );
    let _ = writeln!(s, "continuity breaks      {}", t.continuity_breaks);
    let _ = writeln!(s, "overtime               {:.0} min", t.overtime_min);
    let width = plan
        .rounds
        .iter()
        .map(|r| r.carer.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let _ = writeln!(
        s,
        "\n{:<width$}  {:<6} {:>6}  {:>5}  {:>5}  {:>9}  {:>7}  {:>5}  {:>8}",
        "carer", "role", "visits", "leave", "back", "driving", "km", "drive", "overtime"
    );
    for r in &plan.rounds {
        if r.visits == 0 {
            let _ = writeln!(s, "{:<width$}  {:<6} {:>6}  (no round)", r.carer, r.role, 0);
            continue;
        }
        let _ = writeln!(
            s,
            "{:<width$}  {:<6} {:>6}  {:>5}  {:>5}  {:>9}  {:>7.1}  {:>5}  {:>4.0} min",
            r.carer,
            r.role,
            r.visits,
            r.leave,
            r.back,
            format_duration(r.driving_min * 60.0),
            r.distance_km,
            pct(r.driving_share),
            r.overtime_min
        );
    }
    if plan.unassigned.is_empty() {
        let _ = writeln!(s, "\nevery visit is planned");
    } else {
        let _ = writeln!(s, "\nunassigned ({}):", plan.unassigned.len());
        for u in &plan.unassigned {
            let who = u
                .patient
                .as_ref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            let _ = writeln!(s, "  {}{who}: {} — {}", u.visit, u.code, u.message);
        }
    }
    s
}
