//! From a [`Day`] to the engine's [`CareProblem`]: check and convert every field (minutes and
//! `"HH:MM"` become seconds), gather the distinct places, snap them onto the roads and compute
//! the travel time (s) and distance (m) matrix between them.

use std::collections::{HashMap, HashSet};

use tournee_roads::{Coord, RoadNetwork, Snap};
use tournee_solver::care::{
    Break, CareOptions, CareProblem, Carer, Lateness, Link, LinkKind, TravelMatrix, Visit, Weights,
    Window,
};

use super::error::PlanError;
use super::input::{Day, LatenessInput, LinkKindInput};
use super::output::Plan;
use super::time::parse_hhmm;

/// A day ready for the engine: the care problem, and the places its indices refer to.
#[derive(Clone, Debug)]
pub struct Built {
    /// The problem in seconds since midnight and metres; place `i` is `places[i]`.
    pub problem: CareProblem,
    /// The distinct places of the day, `[lon, lat]` as given.
    pub places: Vec<[f64; 2]>,
    /// The first item at each place (`"visit v1"`, `"carer c1 (start)"`), for messages.
    pub place_items: Vec<String>,
    /// Where each place met the road network.
    pub snaps: Vec<Snap>,
}

/// The day converted, with places still as coordinates.
pub(crate) struct Parsed {
    pub carers: Vec<Carer>,
    pub visits: Vec<Visit>,
    pub links: Vec<Link>,
    pub places: Vec<[f64; 2]>,
    pub place_items: Vec<String>,
}

/// Builds the care problem of `day` on `net`: checks the day, snaps every place (an error
/// names the visit or carer whose place is off the map) and computes the matrix.
pub fn build(net: &RoadNetwork, day: &Day) -> Result<Built, PlanError> {
    let parsed = parse_day(day)?;
    let mut snaps = Vec::with_capacity(parsed.places.len());
    for (p, item) in parsed.places.iter().zip(&parsed.place_items) {
        let snap = net
            .snap(Coord::new(p[0], p[1]))
            .map_err(|e| PlanError::OutsideMap {
                item: item.clone(),
                lon: p[0],
                lat: p[1],
                detail: e.to_string(),
            })?;
        snaps.push(snap);
    }
    let m = net.matrix_snapped(&snaps, &snaps);
    let n = snaps.len();
    let mut time = Vec::with_capacity(n * n);
    let mut distance = Vec::with_capacity(n * n);
    for i in 0..n {
        for j in 0..n {
            match (m.duration_s(i, j), m.distance_m(i, j)) {
                (Some(t), Some(d)) => {
                    time.push(t);
                    distance.push(d);
                }
                _ => {
                    return Err(PlanError::Unreachable {
                        from: parsed.place_items[i].clone(),
                        to: parsed.place_items[j].clone(),
                    })
                }
            }
        }
    }
    let travel = TravelMatrix::new(n, time, distance).map_err(|source| PlanError::Engine {
        context: "travel matrix",
        source,
    })?;
    Ok(Built {
        problem: CareProblem {
            travel,
            carers: parsed.carers,
            visits: parsed.visits,
            links: parsed.links,
            weights: day.weights.unwrap_or_else(Weights::home_care),
        },
        places: parsed.places,
        place_items: parsed.place_items,
        snaps,
    })
}

impl Built {
    /// Solves the problem with the care engine and joins the solution with the day.
    pub fn solve(&self, day: &Day, options: &CareOptions) -> Result<Plan, PlanError> {
        let solution =
            tournee_solver::care::solve_care(&self.problem, options).map_err(|source| {
                PlanError::Engine {
                    context: "solving",
                    source,
                }
            })?;
        Ok(Plan::new(day, self, &solution))
    }
}

/// Distinct places, in order of first use.
#[derive(Default)]
struct Places {
    index: HashMap<(u64, u64), usize>,
    coords: Vec<[f64; 2]>,
    items: Vec<String>,
}

impl Places {
    fn add(&mut self, c: [f64; 2], item: String) -> Result<usize, PlanError> {
        let ok = c[0].is_finite()
            && c[1].is_finite()
            && (-180.0..=180.0).contains(&c[0])
            && (-90.0..=90.0).contains(&c[1]);
        if !ok {
            return Err(PlanError::OutsideMap {
                item,
                lon: c[0],
                lat: c[1],
                detail: "not a [lon, lat] coordinate (longitude −180..180, latitude −90..90)"
                    .into(),
            });
        }
        let key = (c[0].to_bits(), c[1].to_bits());
        Ok(*self.index.entry(key).or_insert_with(|| {
            self.coords.push(c);
            self.items.push(item);
            self.coords.len() - 1
        }))
    }
}

fn time(item: &str, field: &str, text: &str) -> Result<f64, PlanError> {
    parse_hhmm(text).ok_or_else(|| PlanError::BadTime {
        item: item.to_string(),
        field: field.to_string(),
        value: text.to_string(),
    })
}

fn window(item: &str, field: &str, w: &[String; 2]) -> Result<Window, PlanError> {
    let open = time(item, &format!("{field} opening"), &w[0])?;
    let close = time(item, &format!("{field} closing"), &w[1])?;
    if close < open {
        return Err(PlanError::BadWindow {
            item: item.to_string(),
            field: field.to_string(),
            open: w[0].clone(),
            close: w[1].clone(),
            problem: "closes before it opens",
        });
    }
    Ok(Window { open, close })
}

/// Minutes → seconds, refusing what `ok` refuses.
fn minutes(
    item: &str,
    field: &str,
    value: f64,
    ok: fn(f64) -> bool,
    expected: &'static str,
) -> Result<f64, PlanError> {
    if value.is_finite() && ok(value) {
        Ok(value * 60.0)
    } else {
        Err(PlanError::BadNumber {
            item: item.to_string(),
            field: field.to_string(),
            value,
            expected,
        })
    }
}

fn loads(item: &str, field: &str, values: &[i64]) -> Result<Vec<i64>, PlanError> {
    if let Some(v) = values.iter().find(|v| **v < 0) {
        return Err(PlanError::BadNumber {
            item: item.to_string(),
            field: field.to_string(),
            value: *v as f64,
            expected: "must be ≥ 0",
        });
    }
    Ok(values.to_vec())
}

fn unique<'a>(
    kind: &str,
    ids: impl Iterator<Item = &'a str>,
    empty: &'static str,
) -> Result<HashSet<&'a str>, PlanError> {
    let mut seen = HashSet::new();
    for (k, id) in ids.enumerate() {
        if id.trim().is_empty() {
            return Err(PlanError::EmptyId {
                kind: empty,
                index: k + 1,
            });
        }
        if !seen.insert(id) {
            return Err(PlanError::DuplicateId {
                kind: kind.to_string(),
                id: id.to_string(),
            });
        }
    }
    Ok(seen)
}

/// Checks and converts everything but the places' snapping.
pub(crate) fn parse_day(day: &Day) -> Result<Parsed, PlanError> {
    if day.carers.is_empty() {
        return Err(PlanError::NoCarer);
    }
    let carer_ids = unique("carer", day.carers.iter().map(|c| c.id.as_str()), "carer")?;
    let visit_ids = unique("visit", day.visits.iter().map(|v| v.id.as_str()), "visit")?;
    let mut places = Places::default();
    let mut carers = Vec::with_capacity(day.carers.len());
    for c in &day.carers {
        let item = format!("carer {}", c.id);
        let open = time(&item, "shift_start", &c.shift_start)?;
        let close = time(&item, "shift_end", &c.shift_end)?;
        if close <= open {
            return Err(PlanError::BadWindow {
                item,
                field: "shift".into(),
                open: c.shift_start.clone(),
                close: c.shift_end.clone(),
                problem: "ends before it starts",
            });
        }
        unique(
            &format!("break of carer {}", c.id),
            c.breaks.iter().map(|b| b.id.as_str()),
            "break",
        )?;
        let mut breaks = Vec::with_capacity(c.breaks.len());
        for b in &c.breaks {
            let field = format!("break {}", b.id);
            let w = window(&item, &format!("{field} window"), &b.window)?;
            let duration = minutes(
                &item,
                &format!("{field} duration_min"),
                b.duration_min,
                |x| x >= 0.0,
                "must be ≥ 0",
            )?;
            breaks.push(Break {
                id: b.id.clone(),
                duration,
                window: w,
            });
        }
        let start_place = places.add(c.start, format!("carer {} (start)", c.id))?;
        let end_place = match c.end {
            Some(e) => places.add(e, format!("carer {} (end)", c.id))?,
            None => start_place,
        };
        let max_working_time = c
            .max_working_time_min
            .map(|m| minutes(&item, "max_working_time_min", m, |x| x > 0.0, "must be > 0"))
            .transpose()?;
        let max_overtime = minutes(
            &item,
            "max_overtime_min",
            c.max_overtime_min,
            |x| x >= 0.0,
            "must be ≥ 0",
        )?;
        carers.push(Carer {
            id: c.id.clone(),
            skills: c.skills.clone(),
            shift: Window { open, close },
            start_place,
            end_place,
            breaks,
            max_working_time,
            max_overtime,
            capacity: loads(&item, "capacity", &c.capacity)?,
        });
    }
    let mut visits = Vec::with_capacity(day.visits.len());
    for v in &day.visits {
        let item = format!("visit {}", v.id);
        let mut windows: Vec<Window> = Vec::with_capacity(v.windows.len());
        for (k, w) in v.windows.iter().enumerate() {
            let field = if v.windows.len() == 1 {
                "window".to_string()
            } else {
                format!("window {}", k + 1)
            };
            let win = window(&item, &field, w)?;
            if windows.last().is_some_and(|p| win.open < p.close) {
                return Err(PlanError::BadWindow {
                    item,
                    field,
                    open: w[0].clone(),
                    close: w[1].clone(),
                    problem: "overlaps or comes before the previous window (give them in order)",
                });
            }
            windows.push(win);
        }
        for (field, list) in [
            ("preferred_carers", &v.preferred_carers),
            ("refused_carers", &v.refused_carers),
        ] {
            if let Some(c) = list.iter().find(|c| !carer_ids.contains(c.as_str())) {
                return Err(PlanError::UnknownCarer {
                    visit: v.id.clone(),
                    field,
                    carer: c.clone(),
                });
            }
        }
        if let Some(c) = v
            .pinned_carer
            .as_ref()
            .filter(|c| !carer_ids.contains(c.as_str()))
        {
            return Err(PlanError::UnknownCarer {
                visit: v.id.clone(),
                field: "pinned_carer",
                carer: c.clone(),
            });
        }
        let pinned_start = v
            .pinned_start
            .as_ref()
            .map(|t| time(&item, "pinned_start", t))
            .transpose()?;
        if !(v.priority.is_finite() && v.priority >= 1.0) {
            return Err(PlanError::BadNumber {
                item,
                field: "priority".into(),
                value: v.priority,
                expected: "must be ≥ 1",
            });
        }
        if !(v.continuity_weight.is_finite() && v.continuity_weight >= 0.0) {
            return Err(PlanError::BadNumber {
                item,
                field: "continuity_weight".into(),
                value: v.continuity_weight,
                expected: "must be ≥ 0",
            });
        }
        visits.push(Visit {
            id: v.id.clone(),
            patient: v.patient.clone(),
            place: places.add(v.location, item.clone())?,
            duration: minutes(
                &item,
                "duration_min",
                v.duration_min,
                |x| x >= 0.0,
                "must be ≥ 0",
            )?,
            windows,
            lateness: match v.lateness {
                LatenessInput::Hard => Lateness::Hard,
                LatenessInput::Soft => Lateness::Soft { weight: 1.0 },
            },
            skills: v.skills.clone(),
            priority: v.priority,
            preferred_carers: v.preferred_carers.clone(),
            continuity_weight: v.continuity_weight,
            refused_carers: v.refused_carers.clone(),
            pinned_carer: v.pinned_carer.clone(),
            pinned_start,
            delivery: loads(&item, "delivery", &v.delivery)?,
            pickup: loads(&item, "pickup", &v.pickup)?,
        });
    }
    let mut links = Vec::with_capacity(day.links.len());
    let mut doubled: HashMap<&str, usize> = HashMap::new();
    for (k, l) in day.links.iter().enumerate() {
        let index = k + 1;
        let bad = |problem: String| PlanError::BadLink {
            index,
            first: l.first.clone(),
            second: l.second.clone(),
            problem,
        };
        for id in [&l.first, &l.second] {
            if !visit_ids.contains(id.as_str()) {
                return Err(PlanError::UnknownVisit {
                    index,
                    first: l.first.clone(),
                    second: l.second.clone(),
                    visit: id.clone(),
                });
            }
        }
        if l.first == l.second {
            return Err(bad("links a visit to itself".into()));
        }
        let kind = match l.kind {
            LinkKindInput::Simultaneous => {
                if l.min_gap_min != 0.0 || l.max_gap_min.is_some() {
                    return Err(bad(
                        "min_gap_min / max_gap_min apply to sequential links only".into(),
                    ));
                }
                LinkKind::Simultaneous
            }
            LinkKindInput::Sequential => {
                let item = format!("link {index}");
                let min = minutes(
                    &item,
                    "min_gap_min",
                    l.min_gap_min,
                    |x| x >= 0.0,
                    "must be ≥ 0",
                )?;
                let max = match l.max_gap_min {
                    Some(m) => minutes(&item, "max_gap_min", m, |x| x >= 0.0, "must be ≥ 0")?,
                    None => f64::INFINITY,
                };
                if max < min {
                    return Err(bad(format!(
                        "max_gap_min {} is below min_gap_min {}",
                        max / 60.0,
                        min / 60.0
                    )));
                }
                LinkKind::StartGap { min, max }
            }
        };
        let distinct_carers = l.needs_distinct_carers();
        if distinct_carers {
            for id in [&l.first, &l.second] {
                if let Some(other) = doubled.insert(id.as_str(), index) {
                    return Err(bad(format!(
                        "visit {id:?} is already double-staffed by link {other}"
                    )));
                }
            }
        }
        links.push(Link {
            first: l.first.clone(),
            second: l.second.clone(),
            kind,
            distinct_carers,
        });
    }
    Ok(Parsed {
        carers,
        visits,
        links,
        places: places.coords,
        place_items: places.items,
    })
}
