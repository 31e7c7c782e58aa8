//! `plan.html`: one self-contained page (it loads nothing, so it opens offline and can be
//! mailed) with the rounds drawn on the road network, each carer's timeline, the totals and
//! the visits left out.
//!
//! The page is plain HTML with inline SVG, drawn here by hand: a map of polylines and a
//! timeline of rectangles are short string building, where a template engine or a plotting
//! crate would add a dependency tree and still need this geometry. A few lines of inline
//! script let a click on a carer show only that round, and record what the browser drew
//! (`#drawn`: the carers whose legs, the visits whose markers and bars, and the visits left
//! out whose markers have a size on screen), which the tests read from a real headless browser.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde_json::Value;
use tournee_roads::RoadNetwork;
use tournee_solver::care::StopKind;

use super::export::carer_colour;
use super::input::{Day, LinkKindInput};
use super::output::Plan;
use super::time::{format_duration, format_hhmm};

/// Width of the map and of the timeline, in CSS pixels.
const WIDTH: f64 = 960.0;
/// Timeline: left column for the carers' names, height of a row.
const LABEL_W: f64 = 150.0;
const ROW_H: f64 = 28.0;
/// Colour of lateness (the same red as the Python Gantt chart).
const LATE: &str = "#e0001b";

/// The page for `plan`. `routes` is the plan's GeoJSON ([`super::routes_geojson`] on a map,
/// [`super::routes_geojson_straight`] on a matrix with coordinates); without it the page has
/// the timeline and tables but no map. `net` draws the roads under the rounds (the part of the
/// network around them). `day` (the day as planned) marks double-staffed visits and places the
/// visits left out on the map.
///
/// ```
/// use tournee::plan::{default_day, default_map, plan_day, plan_html, routes_geojson};
/// use tournee::roads::RoadNetwork;
/// use tournee_solver::care::CareOptions;
///
/// let dir = tempfile::tempdir().unwrap();
/// let pbf = dir.path().join("canton.osm.pbf");
/// default_map().osm.write(&pbf).unwrap();
/// let net = RoadNetwork::from_osm(&pbf).unwrap();
/// let day = default_day();
/// let options = CareOptions { iterations: Some(50), threads: 1, ..Default::default() };
/// let plan = plan_day(&net, &day, &options).unwrap();
/// let routes = routes_geojson(&net, &plan).unwrap();
/// let page = plan_html(&plan, Some(&day), Some(&routes), Some(&net));
/// std::fs::write(dir.path().join("plan.html"), &page).unwrap();
/// assert!(page.starts_with("<!DOCTYPE html>") && page.contains("class=\"round\""));
/// ```
pub fn plan_html(
    plan: &Plan,
    day: Option<&Day>,
    routes: Option<&Value>,
    net: Option<&RoadNetwork>,
) -> String {
    let title = plan.name.clone().unwrap_or_else(|| "plan".to_string());
    let colours: HashMap<&str, &str> = plan
        .rounds
        .iter()
        .enumerate()
        .map(|(k, r)| (r.carer.as_str(), carer_colour(k)))
        .collect();
    let double: HashSet<&str> = day
        .map(|d| {
            d.links
                .iter()
                .filter(|l| l.kind == LinkKindInput::Simultaneous)
                .flat_map(|l| [l.first.as_str(), l.second.as_str()])
                .collect()
        })
        .unwrap_or_default();
    let mut page = String::with_capacity(1 << 20);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{t} — tournee</title><style>{STYLE}</style></head><body>\n\
         <h1>{t}</h1>\n",
        t = esc(&title)
    );
    totals(&mut page, plan);
    legend(&mut page, plan);
    page.push_str("<section id=\"map\"><h2>Rounds</h2>\n");
    match routes {
        Some(routes) => map(&mut page, plan, day, routes, net, &colours),
        None => page.push_str(
            "<p class=\"note\">No map: the places of this day have no coordinates \
             (a matrix without <code>coordinates</code>).</p>\n",
        ),
    }
    page.push_str("</section>\n<section id=\"timeline\"><h2>Timeline</h2>\n");
    timeline(&mut page, plan, &double);
    page.push_str("</section>\n");
    rounds_table(&mut page, plan);
    unassigned_table(&mut page, plan);
    let _ = write!(
        page,
        "<p id=\"drawn\" class=\"note\"></p>\n<footer>Made by tournee. Roads: © OpenStreetMap \
         contributors (ODbL).</footer>\n<script>{SCRIPT}</script>\n</body></html>\n"
    );
    page
}

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn totals(page: &mut String, plan: &Plan) {
    let t = &plan.totals;
    let rows = [
        (
            "visits served",
            format!(
                "{} / {}{}",
                t.served,
                t.visits,
                if plan.feasible { "" } else { " (not feasible)" }
            ),
        ),
        ("driving time", format_duration(t.driving_min * 60.0)),
        ("distance", format!("{:.1} km", t.distance_km)),
        ("time worked", format_duration(t.working_min * 60.0)),
        (
            "share of time driving",
            format!("{:.0} %", t.driving_share * 100.0),
        ),
        ("overtime", format_duration(t.overtime_min * 60.0)),
        (
            "lateness",
            format!(
                "{} in all, at most {}",
                format_duration(t.total_lateness_min * 60.0),
                format_duration(t.max_lateness_min * 60.0)
            ),
        ),
        ("visits left out", t.unassigned.to_string()),
    ];
    page.push_str("<table id=\"totals\">");
    for (k, v) in rows {
        let _ = write!(page, "<tr><th>{k}</th><td>{}</td></tr>", esc(&v));
    }
    page.push_str("</table>\n");
}

/// The carers with their colours; a click shows only that carer's round (again: all).
fn legend(page: &mut String, plan: &Plan) {
    page.push_str("<ul id=\"legend\">");
    for (k, r) in plan.rounds.iter().enumerate() {
        let _ = write!(
            page,
            "<li data-carer=\"{c}\"><span class=\"swatch\" style=\"background:{col}\"></span>\
             {c} ({n} visits, {d} min driving)</li>",
            c = esc(&r.carer),
            col = carer_colour(k),
            n = r.visits,
            d = r.driving_min.round()
        );
    }
    page.push_str("</ul>\n");
}

/// Longitude/latitude to SVG pixels: equirectangular, scaled by the cosine of the middle
/// latitude (true to shape over a region), north up.
struct Projection {
    lon0: f64,
    lat1: f64,
    kx: f64,
    ky: f64,
    height: f64,
}

impl Projection {
    fn around(points: &[[f64; 2]]) -> Option<Projection> {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in points
            .iter()
            .filter(|p| p[0].is_finite() && p[1].is_finite())
        {
            for i in 0..2 {
                lo[i] = lo[i].min(p[i]);
                hi[i] = hi[i].max(p[i]);
            }
        }
        if !lo[0].is_finite() {
            return None;
        }
        let cos = ((lo[1] + hi[1]) / 2.0).to_radians().cos().max(0.01);
        // A margin of 5 % (at least ~100 m) around the places.
        let span_x = ((hi[0] - lo[0]) * cos).max(0.001);
        let span_y = (hi[1] - lo[1]).max(0.001);
        let (mx, my) = (span_x * 0.05 / cos, span_y * 0.05);
        let (lon0, lon1) = (lo[0] - mx, hi[0] + mx);
        let (lat0, lat1) = (lo[1] - my, hi[1] + my);
        let mut k = WIDTH / ((lon1 - lon0) * cos);
        let mut height = (lat1 - lat0) * k;
        if height > 1400.0 {
            k = 1400.0 / (lat1 - lat0);
            height = 1400.0;
        }
        Some(Projection {
            lon0,
            lat1,
            kx: k * cos,
            ky: k,
            height: height.max(200.0),
        })
    }

    fn xy(&self, p: [f64; 2]) -> (f64, f64) {
        ((p[0] - self.lon0) * self.kx, (self.lat1 - p[1]) * self.ky)
    }

    fn inside(&self, p: [f64; 2]) -> bool {
        let (x, y) = self.xy(p);
        (-20.0..=WIDTH + 20.0).contains(&x) && (-20.0..=self.height + 20.0).contains(&y)
    }

    /// SVG `points` of a polyline, dropping points closer than half a pixel to the last kept.
    fn polyline(&self, coords: impl Iterator<Item = [f64; 2]>) -> String {
        let mut out = String::new();
        let mut last: Option<(f64, f64)> = None;
        let mut pending: Option<(f64, f64)> = None;
        for c in coords {
            let p = self.xy(c);
            match last {
                Some(l) if (p.0 - l.0).abs() < 0.5 && (p.1 - l.1).abs() < 0.5 => pending = Some(p),
                _ => {
                    let _ = write!(out, "{:.1},{:.1} ", p.0, p.1);
                    last = Some(p);
                    pending = None;
                }
            }
        }
        if let Some(p) = pending {
            let _ = write!(out, "{:.1},{:.1} ", p.0, p.1);
        }
        out.pop();
        out
    }
}

fn coords_of(geometry: &Value) -> Vec<[f64; 2]> {
    let pair = |c: &Value| Some([c.get(0)?.as_f64()?, c.get(1)?.as_f64()?]);
    match geometry["type"].as_str() {
        Some("Point") => pair(&geometry["coordinates"]).into_iter().collect(),
        Some("LineString") => geometry["coordinates"]
            .as_array()
            .map(|a| a.iter().filter_map(pair).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

fn map(
    page: &mut String,
    plan: &Plan,
    day: Option<&Day>,
    routes: &Value,
    net: Option<&RoadNetwork>,
    colours: &HashMap<&str, &str>,
) {
    let features: &[Value] = routes["features"].as_array().map_or(&[], |f| f.as_slice());
    let left: HashSet<&str> = plan.unassigned.iter().map(|u| u.visit.as_str()).collect();
    let left_out: Vec<(&str, [f64; 2], String)> = day
        .map(|d| {
            d.visits
                .iter()
                .filter(|v| left.contains(v.id.as_str()))
                .filter_map(|v| {
                    let u = plan.unassigned.iter().find(|u| u.visit == v.id)?;
                    Some((v.id.as_str(), v.location?, u.message.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut all: Vec<[f64; 2]> = features
        .iter()
        .flat_map(|f| coords_of(&f["geometry"]))
        .collect();
    all.extend(left_out.iter().map(|l| l.1));
    let Some(frame) = Projection::around(&all) else {
        page.push_str("<p class=\"note\">No map: nothing to draw.</p>\n");
        return;
    };
    let _ = writeln!(
        page,
        "<svg id=\"map-svg\" viewBox=\"0 0 {WIDTH} {h:.0}\" width=\"{WIDTH}\" height=\"{h:.0}\" \
         role=\"img\" aria-label=\"rounds on the road network\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fbfbf8\"/>",
        h = frame.height
    );
    if let Some(net) = net {
        page.push_str("<g id=\"roads\">");
        let g = net.graph();
        for chain in 0..g.chain_count() as u32 {
            let pts: Vec<[f64; 2]> = g.chain_coords(chain).map(|c| [c.lon, c.lat]).collect();
            if pts.iter().any(|p| frame.inside(*p)) {
                let _ = write!(
                    page,
                    "<polyline points=\"{}\"/>",
                    frame.polyline(pts.into_iter())
                );
            }
        }
        page.push_str("</g>\n");
    }
    // Legs, grouped by carer, then the markers above them.
    let mut by_carer: Vec<(&str, Vec<&Value>)> = Vec::new();
    for f in features {
        if f["geometry"]["type"] != "LineString" {
            continue;
        }
        let carer = str_of(&f["properties"], "carer");
        match by_carer.iter_mut().find(|(c, _)| *c == carer) {
            Some((_, legs)) => legs.push(f),
            None => by_carer.push((carer, vec![f])),
        }
    }
    for (carer, legs) in &by_carer {
        let _ = write!(
            page,
            "<g class=\"round\" data-carer=\"{c}\" stroke=\"{col}\">",
            c = esc(carer),
            col = colours.get(carer).copied().unwrap_or("#333")
        );
        for f in legs {
            let p = &f["properties"];
            let mut tip = format!(
                "{carer}, leg {}: {} → {}, leaves {}",
                p["leg"],
                str_of(p, "from"),
                str_of(p, "to"),
                str_of(p, "depart")
            );
            if let (Some(d), Some(m)) = (p["duration_s"].as_f64(), p["distance_m"].as_f64()) {
                let _ = write!(tip, ", {:.0} min, {:.1} km", d / 60.0, m / 1000.0);
            }
            let _ = write!(
                page,
                "<polyline class=\"leg\" points=\"{}\"><title>{}</title></polyline>",
                frame.polyline(coords_of(&f["geometry"]).into_iter()),
                esc(&tip)
            );
        }
        page.push_str("</g>\n");
    }
    page.push_str("<g id=\"places\">");
    for f in features {
        let p = &f["properties"];
        let Some(&pt) = coords_of(&f["geometry"]).first() else {
            continue;
        };
        if f["geometry"]["type"] != "Point" {
            continue;
        }
        let carer = str_of(p, "carer");
        let colour = colours.get(carer).copied().unwrap_or("#333");
        let (x, y) = frame.xy(pt);
        if str_of(p, "kind") == "start" {
            let _ = write!(
                page,
                "<rect class=\"home\" data-carer=\"{c}\" x=\"{:.1}\" y=\"{:.1}\" width=\"10\" \
                 height=\"10\" fill=\"{colour}\"><title>{c} leaves at {}</title></rect>",
                x - 5.0,
                y - 5.0,
                esc(str_of(p, "start")),
                c = esc(carer),
            );
        } else {
            let id = str_of(p, "id");
            let patient = p["patient"].as_str().unwrap_or(id);
            let stop = plan
                .rounds
                .iter()
                .find(|r| r.carer == carer)
                .and_then(|r| r.stops.iter().find(|s| s.id == id));
            let mut tip = format!(
                "{patient} — visit {id}, {carer}, {}–{}",
                str_of(p, "start"),
                str_of(p, "end")
            );
            if let Some(s) = stop {
                let _ = write!(tip, " (arrives {})", s.arrival);
                if s.lateness_min > 0.0 {
                    let _ = write!(tip, ", {:.0} min late", s.lateness_min);
                }
            }
            let late = stop.is_some_and(|s| s.lateness_min > 0.0);
            let _ = write!(
                page,
                "<circle class=\"visit{l}\" data-visit=\"{v}\" data-carer=\"{c}\" \
                 cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\" fill=\"{colour}\"><title>{t}</title></circle>",
                l = if late { " late" } else { "" },
                v = esc(id),
                c = esc(carer),
                t = esc(&tip)
            );
        }
    }
    for (id, pt, why) in &left_out {
        let (x, y) = frame.xy(*pt);
        let _ = write!(
            page,
            "<circle class=\"unassigned\" data-visit=\"{v}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"5\">\
             <title>visit {v} left out: {w}</title></circle>",
            v = esc(id),
            w = esc(why)
        );
    }
    page.push_str("</g></svg>\n");
}

fn timeline(page: &mut String, plan: &Plan, double: &HashSet<&str>) {
    let working: Vec<_> = plan.rounds.iter().filter(|r| r.visits > 0).collect();
    let lo = working
        .iter()
        .map(|r| r.leave_s)
        .fold(f64::INFINITY, f64::min);
    let hi = working
        .iter()
        .map(|r| r.back_s)
        .fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        page.push_str("<p class=\"note\">Nobody works in this plan.</p>\n");
        return;
    }
    let (t0, t1) = (
        (lo / 3600.0).floor() * 3600.0,
        (hi / 3600.0).ceil() * 3600.0,
    );
    let scale = (WIDTH - LABEL_W - 24.0) / (t1 - t0).max(3600.0);
    let x = |t: f64| LABEL_W + (t - t0) * scale;
    let height = 24.0 + ROW_H * plan.rounds.len() as f64;
    let _ = writeln!(
        page,
        "<svg id=\"timeline-svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" \
         height=\"{height}\" role=\"img\" aria-label=\"timeline of the rounds\"><defs>\
         <pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" \
         stroke=\"#999\" stroke-width=\"1.5\"/></pattern>\
         <pattern id=\"late\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">\
         <path d=\"M0,0L5,5M5,0L0,5\" stroke=\"{LATE}\" stroke-width=\"1.2\"/></pattern></defs>"
    );
    let mut t = t0;
    while t <= t1 + 1.0 {
        let _ = write!(
            page,
            "<line class=\"hour\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"16\" y2=\"{height}\"/>\
             <text class=\"hour\" x=\"{x:.1}\" y=\"12\">{}</text>",
            format_hhmm(t),
            x = x(t)
        );
        t += 3600.0;
    }
    for (row, r) in plan.rounds.iter().enumerate() {
        let y = 24.0 + ROW_H * row as f64;
        let mid = y + ROW_H / 2.0;
        let colour = carer_colour(row);
        let _ = write!(
            page,
            "<g class=\"row\" data-carer=\"{c}\"><text class=\"carer\" x=\"4\" y=\"{:.1}\">{c}</text>",
            mid + 4.0,
            c = esc(&r.carer)
        );
        if r.visits == 0 {
            let _ = writeln!(
                page,
                "<text class=\"off\" x=\"{:.1}\" y=\"{:.1}\">no visits</text></g>",
                LABEL_W,
                mid + 4.0
            );
            continue;
        }
        let bar = |page: &mut String, class: &str, a: f64, b: f64, extra: &str, tip: &str| {
            if b <= a {
                return;
            }
            let (h, top) = match class {
                "travel" => (6.0, mid - 3.0),
                "waiting" => (ROW_H * 0.4, mid - ROW_H * 0.2),
                _ => (ROW_H * 0.7, mid - ROW_H * 0.35),
            };
            let _ = write!(
                page,
                "<rect class=\"{class}\" x=\"{:.1}\" y=\"{top:.1}\" width=\"{:.1}\" \
                 height=\"{h:.1}\"{extra}><title>{}</title></rect>",
                x(a),
                ((b - a) * scale).max(1.0),
                esc(tip)
            );
        };
        for s in &r.stops {
            let travel = s.travel_min * 60.0;
            bar(
                page,
                "travel",
                s.arrival_s - travel,
                s.arrival_s,
                "",
                &format!("driving {:.0} min, {:.1} km", s.travel_min, s.travel_km),
            );
            bar(
                page,
                "waiting",
                s.arrival_s,
                s.start_s,
                "",
                &format!("waiting {:.0} min", s.waiting_min),
            );
            match s.kind {
                StopKind::Visit => {
                    let is_double = double.contains(s.id.as_str());
                    let tip = format!(
                        "{} — visit {}, {}–{}{}{}",
                        s.patient.as_deref().unwrap_or(&s.id),
                        s.id,
                        s.start,
                        s.end,
                        if is_double {
                            ", two carers at once"
                        } else {
                            ""
                        },
                        if s.lateness_min > 0.0 {
                            format!(", {:.0} min late", s.lateness_min)
                        } else {
                            String::new()
                        }
                    );
                    let extra = format!(
                        " data-visit=\"{}\" fill=\"{colour}\"{}",
                        esc(&s.id),
                        if is_double {
                            " stroke=\"#000\" stroke-width=\"2\""
                        } else {
                            ""
                        }
                    );
                    let class = match (is_double, s.lateness_min > 0.0) {
                        (true, true) => "visit double late",
                        (true, false) => "visit double",
                        (false, true) => "visit late",
                        (false, false) => "visit",
                    };
                    bar(page, class, s.start_s, s.end_s, &extra, &tip);
                    if s.lateness_min > 0.0 {
                        bar(page, "lateness", s.start_s, s.end_s, "", &tip);
                    }
                }
                StopKind::Break => bar(
                    page,
                    "break",
                    s.start_s,
                    s.end_s,
                    "",
                    &format!("break {}–{}", s.start, s.end),
                ),
                StopKind::Reload => bar(
                    page,
                    "reload",
                    s.start_s,
                    s.end_s,
                    "",
                    &format!("at the depot {}–{}", s.start, s.end),
                ),
            }
        }
        bar(
            page,
            "travel",
            r.back_s - r.return_travel_min * 60.0,
            r.back_s,
            "",
            &format!(
                "driving back {:.0} min, {:.1} km",
                r.return_travel_min, r.return_travel_km
            ),
        );
        page.push_str("</g>\n");
    }
    page.push_str("</svg>\n<ul class=\"key\"><li><span class=\"k travel\"></span>travel</li>\
        <li><span class=\"k waiting\"></span>waiting</li><li><span class=\"k visit\"></span>visit</li>\
        <li><span class=\"k double\"></span>two carers at once</li>\
        <li><span class=\"k break\"></span>break</li><li><span class=\"k reload\"></span>depot</li>\
        <li><span class=\"k lateness\"></span>late</li></ul>\n");
}

fn rounds_table(page: &mut String, plan: &Plan) {
    page.push_str(
        "<section id=\"rounds\"><h2>Carers</h2><table><tr><th>carer</th><th>role</th>\
         <th>leaves</th><th>back</th><th>visits</th><th>driving</th><th>km</th><th>worked</th>\
         <th>driving share</th><th>overtime</th></tr>",
    );
    for r in &plan.rounds {
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{:.1}</td><td>{}</td><td>{:.0} %</td><td>{}</td></tr>",
            esc(&r.carer),
            esc(&r.role),
            r.leave,
            r.back,
            r.visits,
            format_duration(r.driving_min * 60.0),
            r.distance_km,
            format_duration(r.working_min * 60.0),
            r.driving_share * 100.0,
            format_duration(r.overtime_min * 60.0)
        );
    }
    page.push_str("</table></section>\n");
}

fn unassigned_table(page: &mut String, plan: &Plan) {
    page.push_str("<section id=\"unassigned\"><h2>Visits left out</h2>");
    if plan.unassigned.is_empty() {
        page.push_str("<p>Every visit is planned.</p></section>\n");
        return;
    }
    page.push_str("<table><tr><th>visit</th><th>patient</th><th>reason</th><th></th></tr>");
    for u in &plan.unassigned {
        let _ = write!(
            page,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&u.visit),
            esc(u.patient.as_deref().unwrap_or("")),
            esc(&u.code),
            esc(&u.message)
        );
    }
    page.push_str("</table></section>\n");
}

const STYLE: &str = "body{font:14px/1.4 system-ui,sans-serif;margin:16px;color:#222}\
h1{font-size:20px;margin:0 0 8px}h2{font-size:16px;margin:18px 0 6px}\
table{border-collapse:collapse}th,td{padding:2px 10px 2px 0;text-align:left}\
#totals th{font-weight:normal;color:#555}\
#legend,.key{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:4px 14px}\
#legend li{cursor:pointer}#legend li.off{opacity:.35}\
.swatch,.k{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}\
svg{display:block;border:1px solid #ddd;max-width:100%;height:auto}\
#roads polyline{fill:none;stroke:#c8c8c8;stroke-width:.8}\
.round polyline{fill:none;stroke-width:3;stroke-linejoin:round;stroke-linecap:round;opacity:.85}\
circle.visit{stroke:#fff;stroke-width:1.5}circle.visit.late{stroke:#e0001b;stroke-width:2.5}\
circle.unassigned{fill:#fff;stroke:#777;stroke-width:2;stroke-dasharray:2 2}\
rect.home{stroke:#000;stroke-width:1}\
.hidden{display:none}.dim{opacity:.15}\
line.hour{stroke:#e4e4e4}text.hour{font-size:11px;fill:#666;text-anchor:middle}\
text.carer{font-size:12px}text.off{font-size:11px;fill:#999}\
rect.travel,.k.travel{fill:#555;background:#555}\
rect.waiting{fill:url(#hatch)}.k.waiting{background:repeating-linear-gradient(45deg,#999 0 2px,#fff 2px 5px)}\
rect.visit{stroke:#fff;stroke-width:.5}.k.visit{background:#1f77b4}\
.k.double{background:#1f77b4;outline:2px solid #000;outline-offset:-2px}\
rect.break,.k.break{fill:#bbb;background:#bbb}rect.reload,.k.reload{fill:#333;background:#333}\
rect.lateness{fill:url(#late);stroke:#e0001b;stroke-width:1.5}\
.k.lateness{background:repeating-linear-gradient(45deg,#e0001b 0 2px,#fff 2px 4px)}\
.note,footer{color:#666;font-size:12px}";

const SCRIPT: &str = r#"
(function () {
  var legend = document.querySelectorAll('#legend li');
  var shown = null;
  legend.forEach(function (li) {
    li.addEventListener('click', function () {
      shown = shown === li.dataset.carer ? null : li.dataset.carer;
      legend.forEach(function (l) { l.classList.toggle('off', shown !== null && l.dataset.carer !== shown); });
      document.querySelectorAll('#map .round, #map [data-carer]').forEach(function (e) {
        e.classList.toggle('hidden', shown !== null && e.dataset.carer !== shown);
      });
      document.querySelectorAll('#timeline .row').forEach(function (e) {
        e.classList.toggle('dim', shown !== null && e.dataset.carer !== shown);
      });
    });
  });
  function drawn(selector) {
    return Array.prototype.filter.call(document.querySelectorAll(selector), function (e) {
      var b = e.getBBox();
      return b.width > 0 || b.height > 0;
    });
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }
  var rounds = unique(drawn('#map .round polyline.leg').map(function (e) { return e.parentNode.dataset.carer; }));
  var visits = unique(drawn('#map circle.visit').map(function (e) { return e.dataset.visit; }));
  var bars = unique(drawn('#timeline rect.visit').map(function (e) { return e.dataset.visit; }));
  var left = unique(drawn('#map circle.unassigned').map(function (e) { return e.dataset.visit; }));
  var p = document.getElementById('drawn');
  p.dataset.rounds = JSON.stringify(rounds);
  p.dataset.visits = JSON.stringify(visits);
  p.dataset.bars = JSON.stringify(bars);
  p.dataset.leftOut = JSON.stringify(left);
  p.textContent = 'Drawn: ' + rounds.length + ' rounds and ' + visits.length +
    ' visits on the map, ' + bars.length + ' visits on the timeline, ' + left.length +
    ' visits left out on the map.';
})();
"#;
