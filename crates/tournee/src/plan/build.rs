//! From a [`Day`] to the engine's [`CareProblem`]: check and convert every field (minutes and
//! `"HH:MM"` become seconds), gather the distinct places, and get the travel time (s) and
//! distance (m) between them: snapped onto a road network and routed ([`build`]), or read from
//! the user's own matrix ([`build_on_matrix`]: places given as matrix rows).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use tournee_roads::{Coord, RoadNetwork, Snap};
use tournee_solver::care::{
    Break, CareOptions, CareProblem, Carer, Depots, Lateness, Link, LinkKind, Shipment,
    TravelMatrix, Visit, Weights, Window, MAX_DEPOT_STOPS, MAX_LOAD, MAX_PRIORITY, MAX_TIME,
    MAX_WEIGHT,
};

use super::error::{show, PlanError};
use super::input::{read, Day, LatenessInput, LinkKindInput};
use super::output::Plan;
use super::time::parse_hhmm;

/// A place of the day: a coordinate (a day on a road map) or a row of the travel matrix (a
/// day on the user's own matrix).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Place {
    /// `[lon, lat]`.
    Coord([f64; 2]),
    /// Row (and column) of the travel matrix.
    Row(usize),
}

/// A day ready for the engine: the care problem, and the places its indices refer to.
#[derive(Clone, Debug)]
pub struct Built {
    /// The problem in seconds since midnight and metres; place `i` is `places[i]`.
    pub problem: CareProblem,
    /// The distinct places of the day, as given.
    pub places: Vec<Place>,
    /// Coordinates of each place when known (always on a map; on a matrix when the matrix
    /// file gives `coordinates`).
    pub coordinates: Vec<Option<[f64; 2]>>,
    /// The first item at each place (`"visit v1"`, `"carer c1 (start)"`), for messages.
    pub place_items: Vec<String>,
    /// Where each place met the road network (empty on a matrix).
    pub snaps: Vec<Snap>,
}

impl Built {
    /// Coordinates of place `i`, if known.
    pub fn coordinate(&self, i: usize) -> Option<[f64; 2]> {
        self.coordinates.get(i).copied().flatten()
    }

    /// Matrix row of place `i` (days on a matrix).
    pub fn row(&self, i: usize) -> Option<usize> {
        match self.places.get(i) {
            Some(Place::Row(r)) => Some(*r),
            _ => None,
        }
    }
}

/// A travel matrix given by the user: what `tournee matrix` prints, `{"durations_s": [[…]],
/// "distances_m": [[…]]}` (seconds and metres, rows are origins; other keys are ignored, but
/// `coordinates` (`[[lon, lat], …]`, one per row) is used for maps when present).
#[derive(Clone, Debug, PartialEq, Deserialize, serde::Serialize)]
pub struct TravelInput {
    /// Travel times in seconds, `durations_s[from][to]`.
    pub durations_s: Vec<Vec<Option<f64>>>,
    /// Travel distances in metres.
    pub distances_m: Vec<Vec<Option<f64>>>,
    /// Coordinates of the rows, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Vec<[f64; 2]>>,
}

impl TravelInput {
    /// From durations and distances (`[from][to]`).
    pub fn new(durations_s: Vec<Vec<f64>>, distances_m: Vec<Vec<f64>>) -> TravelInput {
        let wrap = |m: Vec<Vec<f64>>| {
            m.into_iter()
                .map(|r| r.into_iter().map(Some).collect())
                .collect()
        };
        TravelInput {
            durations_s: wrap(durations_s),
            distances_m: wrap(distances_m),
            coordinates: None,
        }
    }

    /// Parses a matrix from JSON text; errors name `name`.
    pub fn from_json_named(text: &str, name: &str) -> Result<TravelInput, PlanError> {
        let m: TravelInput = serde_json::from_str(text).map_err(|e| PlanError::Json {
            path: name.to_string(),
            detail: e.to_string(),
        })?;
        m.check(name)?;
        Ok(m)
    }

    /// Reads a matrix file.
    pub fn read_json(path: impl AsRef<std::path::Path>) -> Result<TravelInput, PlanError> {
        let path = path.as_ref();
        Self::from_json_named(&read(path)?, &path.display().to_string())
    }

    /// Rows of the matrix.
    pub fn size(&self) -> usize {
        self.durations_s.len()
    }

    /// Square, both matrices the same size, every value finite and within `0 …`
    /// [`MAX_TIME`] (10⁸ seconds or metres; a `null` is an unreachable pair, refused),
    /// coordinates one per row, each a longitude and latitude.
    pub fn check(&self, name: &str) -> Result<(), PlanError> {
        let n = self.durations_s.len();
        let bad = |problem: String| PlanError::BadMatrix {
            path: name.to_string(),
            problem,
        };
        if n == 0 {
            return Err(bad("the matrix is empty".into()));
        }
        for (what, m) in [
            ("durations_s", &self.durations_s),
            ("distances_m", &self.distances_m),
        ] {
            if m.len() != n {
                return Err(bad(format!(
                    "{what} has {} rows, durations_s has {n}",
                    m.len()
                )));
            }
            for (i, row) in m.iter().enumerate() {
                if row.len() != n {
                    return Err(bad(format!(
                        "{what} row {i} has {} values, expected {n} (the matrix must be square)",
                        row.len()
                    )));
                }
                for (j, v) in row.iter().enumerate() {
                    match v {
                        None => {
                            return Err(bad(format!(
                                "{what}[{i}][{j}] is null: no way from row {i} to row {j}"
                            )))
                        }
                        Some(x) if !(x.is_finite() && (0.0..=MAX_TIME).contains(x)) => {
                            return Err(bad(format!(
                                "{what}[{i}][{j}] is {} (must be finite, ≥ 0 and at most 1e8)",
                                show(*x)
                            )))
                        }
                        _ => {}
                    }
                }
            }
        }
        if let Some(c) = &self.coordinates {
            if c.len() != n {
                return Err(bad(format!(
                    "coordinates has {} entries, expected {n}",
                    c.len()
                )));
            }
            if let Some((i, [lon, lat])) = c.iter().enumerate().find(|(_, [lon, lat])| {
                !((-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat))
            }) {
                return Err(bad(format!(
                    "coordinates[{i}] is [{}, {}] (longitude must be within ±180, latitude within ±90)",
                    show(*lon),
                    show(*lat)
                )));
            }
        }
        Ok(())
    }
}

/// Where a day's travel times come from: a road network or the user's own matrix.
#[derive(Clone, Copy)]
pub enum Travel<'a> {
    /// Snapped and routed on a road network.
    Network(&'a RoadNetwork),
    /// The user's own matrix (places as rows).
    Matrix(&'a TravelInput),
}

impl Travel<'_> {
    /// Builds `day` on this travel: [`build`] on a network, [`build_on_matrix`] on a matrix.
    pub fn build(&self, day: &Day) -> Result<Built, PlanError> {
        match self {
            Travel::Network(net) => build(net, day),
            Travel::Matrix(m) => build_on_matrix(m, day),
        }
    }
}

/// Builds the care problem of `day` on `net`: checks the day, snaps every place (an error
/// names the visit or carer whose place is off the map) and computes the matrix.
pub fn build(net: &RoadNetwork, day: &Day) -> Result<Built, PlanError> {
    let parsed = parse_day(day, None)?;
    let coords: Vec<[f64; 2]> = parsed
        .places
        .iter()
        .map(|p| match p {
            Place::Coord(c) => *c,
            Place::Row(_) => unreachable!("a day on a map has coordinates only"),
        })
        .collect();
    let mut snaps = Vec::with_capacity(coords.len());
    for (p, item) in coords.iter().zip(&parsed.place_items) {
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
    let coordinates = coords.iter().map(|c| Some(*c)).collect();
    finish(day, parsed, n, time, distance, coordinates, snaps)
}

/// Builds the care problem of `day` on the user's own `matrix`: every place is a matrix row
/// (`location_index`, `start_index`, `end_index`, reload `depot_indices`); an index outside the
/// matrix, or a place given as coordinates, is an error naming the item.
///
/// ```
/// use tournee::plan::{build_on_matrix, Day, TravelInput};
/// let day = Day::from_json(r#"{
///   "carers": [{"id": "n1", "shift_start": "07:00", "shift_end": "12:00", "start_index": 0}],
///   "visits": [{"id": "v1", "location_index": 1, "duration_min": 10}]
/// }"#).unwrap();
/// let m = TravelInput::new(vec![vec![0.0, 600.0], vec![600.0, 0.0]],
///                          vec![vec![0.0, 5000.0], vec![5000.0, 0.0]]);
/// let built = build_on_matrix(&m, &day).unwrap();
/// assert_eq!(built.problem.travel.time(0, 1), 600.0);
/// ```
pub fn build_on_matrix(matrix: &TravelInput, day: &Day) -> Result<Built, PlanError> {
    matrix.check("matrix")?;
    let parsed = parse_day(day, Some(matrix.size()))?;
    let rows: Vec<usize> = parsed
        .places
        .iter()
        .map(|p| match p {
            Place::Row(r) => *r,
            Place::Coord(_) => unreachable!("a day on a matrix has rows only"),
        })
        .collect();
    let n = rows.len();
    let mut time = Vec::with_capacity(n * n);
    let mut distance = Vec::with_capacity(n * n);
    for &i in &rows {
        for &j in &rows {
            time.push(matrix.durations_s[i][j].unwrap_or(0.0));
            distance.push(matrix.distances_m[i][j].unwrap_or(0.0));
        }
    }
    let coordinates = rows
        .iter()
        .map(|&r| matrix.coordinates.as_ref().map(|c| c[r]))
        .collect();
    finish(day, parsed, n, time, distance, coordinates, Vec::new())
}

fn finish(
    day: &Day,
    parsed: Parsed,
    n: usize,
    time: Vec<f64>,
    distance: Vec<f64>,
    coordinates: Vec<Option<[f64; 2]>>,
    snaps: Vec<Snap>,
) -> Result<Built, PlanError> {
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
            shipments: parsed.shipments,
            weights: day.weights.unwrap_or_else(Weights::home_care),
        },
        places: parsed.places,
        coordinates,
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

/// The day converted, with places still as given.
pub(crate) struct Parsed {
    pub carers: Vec<Carer>,
    pub visits: Vec<Visit>,
    pub links: Vec<Link>,
    pub shipments: Vec<Shipment>,
    pub places: Vec<Place>,
    pub place_items: Vec<String>,
}

/// Distinct places, in order of first use.
struct Places {
    index: HashMap<(u64, u64), usize>,
    places: Vec<Place>,
    items: Vec<String>,
    /// Rows of the travel matrix on a day given with a matrix (`None`: a day on a map).
    matrix: Option<usize>,
}

impl Places {
    fn new(matrix: Option<usize>) -> Places {
        Places {
            index: HashMap::new(),
            places: Vec::new(),
            items: Vec::new(),
            matrix,
        }
    }

    /// The place of `item`, given as coordinates (`coord_field`) or as a matrix row
    /// (`index_field`): exactly one of the two, the one the travel source takes.
    fn add(
        &mut self,
        item: String,
        coord: Option<[f64; 2]>,
        index: Option<usize>,
        (coord_field, index_field): (&str, &str),
    ) -> Result<usize, PlanError> {
        let place = match (coord, index, self.matrix) {
            (Some(_), Some(_), _) => {
                return Err(PlanError::BadPlace {
                    item,
                    problem: format!("gives both {coord_field} and {index_field} (give one)"),
                })
            }
            (None, None, None) => {
                return Err(PlanError::BadPlace {
                    item,
                    problem: format!("has no {coord_field} [lon, lat]"),
                })
            }
            (None, None, Some(_)) => {
                return Err(PlanError::BadPlace {
                    item,
                    problem: format!("has no {index_field} (a row of the travel matrix)"),
                })
            }
            (Some(_), None, Some(_)) => {
                return Err(PlanError::BadPlace {
                    item,
                    problem: format!(
                        "gives {coord_field} as coordinates; a day on a matrix needs {index_field}"
                    ),
                })
            }
            (None, Some(_), None) => {
                return Err(PlanError::BadPlace {
                    item,
                    problem: format!(
                        "gives {index_field}, a matrix row: plan it with --matrix (or give {coord_field})"
                    ),
                })
            }
            (Some(c), None, None) => {
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
                Place::Coord(c)
            }
            (None, Some(i), Some(size)) => {
                if i >= size {
                    return Err(PlanError::IndexOutOfRange {
                        item,
                        index: i,
                        size,
                    });
                }
                Place::Row(i)
            }
        };
        let key = match place {
            Place::Coord(c) => (c[0].to_bits(), c[1].to_bits()),
            Place::Row(r) => (u64::MAX, r as u64),
        };
        Ok(*self.index.entry(key).or_insert_with(|| {
            self.places.push(place);
            self.items.push(item);
            self.places.len() - 1
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

/// Longest duration of a day's input, in minutes (a week): visit and break durations, depot
/// stops, working time, overtime and link gaps.
pub const MAX_MINUTES: f64 = 10_080.0;

/// Minutes → seconds, refusing what `ok` refuses and more than [`MAX_MINUTES`].
fn minutes(
    item: &str,
    field: &str,
    value: f64,
    ok: fn(f64) -> bool,
    expected: &'static str,
) -> Result<f64, PlanError> {
    if value.is_finite() && ok(value) && value > MAX_MINUTES {
        return Err(PlanError::BadNumber {
            item: item.to_string(),
            field: field.to_string(),
            value,
            expected: "must be at most 10080, a week",
        });
    }
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
    if let Some(v) = values.iter().find(|v| !(0..=MAX_LOAD).contains(*v)) {
        return Err(PlanError::BadNumber {
            item: item.to_string(),
            field: field.to_string(),
            value: *v as f64,
            expected: "must be between 0 and 1e9",
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

/// Checks and converts everything but the places' snapping; `matrix` is the number of rows of
/// the travel matrix on a day given with a matrix (`None` on a map).
pub(crate) fn parse_day(day: &Day, matrix: Option<usize>) -> Result<Parsed, PlanError> {
    if day.carers.is_empty() {
        return Err(PlanError::NoCarer);
    }
    let carer_ids = unique("carer", day.carers.iter().map(|c| c.id.as_str()), "carer")?;
    let visit_ids = unique("visit", day.visits.iter().map(|v| v.id.as_str()), "visit")?;
    let mut places = Places::new(matrix);
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
        let start_place = places.add(
            format!("carer {} (start)", c.id),
            c.start,
            c.start_index,
            ("start", "start_index"),
        )?;
        let end_place = if c.end.is_some() || c.end_index.is_some() {
            places.add(
                format!("carer {} (end)", c.id),
                c.end,
                c.end_index,
                ("end", "end_index"),
            )?
        } else {
            start_place
        };
        let depots = match &c.reloads {
            None => None,
            Some(r) => {
                let mut depot_places = Vec::new();
                if r.at_start {
                    depot_places.push(start_place);
                }
                for (k, d) in r.depots.iter().enumerate() {
                    let what = format!("carer {} (reload depot {})", c.id, k + 1);
                    depot_places.push(places.add(
                        what,
                        Some(*d),
                        None,
                        ("depots", "depot_indices"),
                    )?);
                }
                for (k, &d) in r.depot_indices.iter().enumerate() {
                    let what = format!("carer {} (reload depot index {})", c.id, k + 1);
                    depot_places.push(places.add(
                        what,
                        None,
                        Some(d),
                        ("depots", "depot_indices"),
                    )?);
                }
                depot_places.dedup();
                if depot_places.is_empty() {
                    return Err(PlanError::BadPlace {
                        item: format!("carer {} (reloads)", c.id),
                        problem: "names no depot (give depots or depot_indices, or at_start)"
                            .into(),
                    });
                }
                Some(Depots {
                    places: depot_places,
                    duration: minutes(
                        &item,
                        "reloads duration_min",
                        r.duration_min,
                        |x| x >= 0.0,
                        "must be ≥ 0",
                    )?,
                    max_stops: if r.max_stops <= MAX_DEPOT_STOPS {
                        r.max_stops
                    } else {
                        return Err(PlanError::BadNumber {
                            item,
                            field: "reloads max_stops".into(),
                            value: r.max_stops as f64,
                            expected: "must be at most 1000",
                        });
                    },
                })
            }
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
            depots,
            working_cost: 0.0,
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
        let announced = match &v.announced {
            Some(a) => {
                let band = window(&item, "announced", a)?;
                if windows.last().is_some_and(|w| band.open > w.close) {
                    return Err(PlanError::BadWindow {
                        item,
                        field: "announced".into(),
                        open: a[0].clone(),
                        close: a[1].clone(),
                        problem: "opens after the visit's last window closes",
                    });
                }
                Some(band)
            }
            None => None,
        };
        if !(v.priority.is_finite() && (1.0..=MAX_PRIORITY).contains(&v.priority)) {
            return Err(PlanError::BadNumber {
                item,
                field: "priority".into(),
                value: v.priority,
                expected: "must be between 1 and 1000",
            });
        }
        if !(v.continuity_weight.is_finite() && (0.0..=MAX_WEIGHT).contains(&v.continuity_weight)) {
            return Err(PlanError::BadNumber {
                item,
                field: "continuity_weight".into(),
                value: v.continuity_weight,
                expected: "must be between 0 and 1e9",
            });
        }
        visits.push(Visit {
            id: v.id.clone(),
            patient: v.patient.clone(),
            place: places.add(
                item.clone(),
                v.location,
                v.location_index,
                ("location", "location_index"),
            )?,
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
            announced,
            not_before: v
                .not_before
                .as_ref()
                .map(|t| time(&item, "not_before", t))
                .transpose()?,
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
    let mut shipments = Vec::with_capacity(day.shipments.len());
    let mut shipped: HashMap<&str, usize> = HashMap::new();
    for (k, sh) in day.shipments.iter().enumerate() {
        let index = k + 1;
        let bad = |problem: String| PlanError::BadShipment {
            index,
            pickup: sh.pickup.clone(),
            delivery: sh.delivery.clone(),
            problem,
        };
        if sh.pickup == sh.delivery {
            return Err(bad("collects and delivers at the same visit".into()));
        }
        for id in [&sh.pickup, &sh.delivery] {
            if !visit_ids.contains(id.as_str()) {
                return Err(bad(format!("unknown visit {id:?}")));
            }
            if doubled.contains_key(id.as_str()) {
                return Err(bad(format!(
                    "visit {id:?} is double-staffed; a shipment is one carer's"
                )));
            }
            if let Some(other) = shipped.insert(id.as_str(), index) {
                return Err(bad(format!("visit {id:?} is already in shipment {other}")));
            }
        }
        if sh.load.is_empty() {
            return Err(bad("has no load (one number per capacity dimension)".into()));
        }
        shipments.push(Shipment {
            pickup: sh.pickup.clone(),
            delivery: sh.delivery.clone(),
            load: loads(&format!("shipment {index}"), "load", &sh.load)?,
        });
    }
    Ok(Parsed {
        carers,
        visits,
        links,
        shipments,
        places: places.places,
        place_items: places.items,
    })
}
