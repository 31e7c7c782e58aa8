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

/// The colour of the `k`-th round of a plan (its position in `Plan::rounds`), the same in
/// `routes.geojson`, `plan.html` and the Python pictures.
///
/// ```
/// assert_eq!(tournee::plan::carer_colour(0), tournee::plan::carer_colour(10));
/// ```
pub fn carer_colour(k: usize) -> &'static str {
    COLOURS[k % COLOURS.len()]
}

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
        let colour = carer_colour(k);
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

/// One row of the schedule: a stop of a working carer, or the `start` (seq 0, leaving the
/// start place) and `end` (back at the end place, with the way back's travel) of a round.
/// What [`schedule_csv`] writes and the Python `Plan.stops()` table holds.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ScheduleRow {
    /// The carer.
    pub carer: String,
    /// Position in the round (0 = the start, stops from 1, then the end).
    pub seq: usize,
    /// `start`, `visit`, `break`, `reload` or `end`.
    pub kind: &'static str,
    /// The visit, break or reload id (`start` / `end` for those rows).
    pub id: String,
    /// The visit's patient.
    pub patient: Option<String>,
    /// Longitude of the place (none on a matrix).
    pub lon: Option<f64>,
    /// Latitude of the place.
    pub lat: Option<f64>,
    /// Matrix row of the place (on a matrix).
    pub location_index: Option<usize>,
    /// Arrival, seconds since midnight (none for the start row).
    pub arrival_s: Option<f64>,
    /// Start of the stop, seconds since midnight (leaving, for the start row).
    pub start_s: f64,
    /// End of the stop, seconds since midnight.
    pub end_s: f64,
    /// Arrival as `"HH:MM"` (empty for the start row).
    pub arrival: String,
    /// Start as `"HH:MM"`.
    pub start: String,
    /// End as `"HH:MM"`.
    pub end: String,
    /// Waiting before the start, minutes.
    pub waiting_min: f64,
    /// Driving to the place, minutes.
    pub travel_min: f64,
    /// Driving to the place, km.
    pub travel_km: f64,
    /// Start after the window closed, minutes.
    pub lateness_min: f64,
}

/// The schedule's rows, carer by carer (carers with no visit left out).
pub fn schedule_rows(plan: &Plan) -> Vec<ScheduleRow> {
    let mut rows = Vec::new();
    for r in plan.rounds.iter().filter(|r| r.visits > 0) {
        let place = |c: Option<[f64; 2]>| (c.map(|c| c[0]), c.map(|c| c[1]));
        let (lon, lat) = place(r.start);
        rows.push(ScheduleRow {
            carer: r.carer.clone(),
            seq: 0,
            kind: "start",
            id: "start".into(),
            patient: None,
            lon,
            lat,
            location_index: r.start_index,
            arrival_s: None,
            start_s: r.leave_s,
            end_s: r.leave_s,
            arrival: String::new(),
            start: r.leave.clone(),
            end: r.leave.clone(),
            waiting_min: 0.0,
            travel_min: 0.0,
            travel_km: 0.0,
            lateness_min: 0.0,
        });
        for s in &r.stops {
            let (lon, lat) = place(s.location);
            rows.push(ScheduleRow {
                carer: r.carer.clone(),
                seq: s.seq,
                kind: match s.kind {
                    StopKind::Visit => "visit",
                    StopKind::Break => "break",
                    StopKind::Reload => "reload",
                },
                id: s.id.clone(),
                patient: s.patient.clone(),
                lon,
                lat,
                location_index: s.location_index,
                arrival_s: Some(s.arrival_s),
                start_s: s.start_s,
                end_s: s.end_s,
                arrival: s.arrival.clone(),
                start: s.start.clone(),
                end: s.end.clone(),
                waiting_min: s.waiting_min,
                travel_min: s.travel_min,
                travel_km: s.travel_km,
                lateness_min: s.lateness_min,
            });
        }
        let (lon, lat) = place(r.end);
        rows.push(ScheduleRow {
            carer: r.carer.clone(),
            seq: r.stops.len() + 1,
            kind: "end",
            id: "end".into(),
            patient: None,
            lon,
            lat,
            location_index: r.end_index,
            arrival_s: Some(r.back_s),
            start_s: r.back_s,
            end_s: r.back_s,
            arrival: r.back.clone(),
            start: r.back.clone(),
            end: r.back.clone(),
            waiting_min: 0.0,
            travel_min: r.return_travel_min,
            travel_km: r.return_travel_km,
            lateness_min: 0.0,
        });
    }
    rows
}

/// The schedule as CSV, one row per [`ScheduleRow`]. Columns: [`SCHEDULE_COLUMNS`].
pub fn schedule_csv(plan: &Plan) -> String {
    let mut out = String::from(SCHEDULE_COLUMNS);
    out.push('\n');
    let text = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    for r in schedule_rows(plan) {
        let fields = [
            r.carer,
            r.seq.to_string(),
            r.kind.to_string(),
            r.id,
            r.patient.unwrap_or_default(),
            text(r.lon),
            text(r.lat),
            r.location_index.map(|i| i.to_string()).unwrap_or_default(),
            r.arrival,
            r.start,
            r.end,
            r.travel_min.to_string(),
            r.travel_km.to_string(),
            r.lateness_min.to_string(),
        ];
        let line: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}

/// The summary table printed by `tournee plan`: visits served, driving time and distance,
/// share of time driving, lateness, continuity breaks, overtime, one line per carer, then the
/// visits left out with their reasons.
pub fn summary(plan: &Plan) -> String {
    let t = &plan.totals;
    let mut s = String::new();
    let pct = |x: f64| format!("{:.0} %", x * 100.0);
    if plan.interrupted {
        let _ = writeln!(
            s,
            "INTERRUPTED            the search was stopped early: best plan found so far"
        );
    }
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
