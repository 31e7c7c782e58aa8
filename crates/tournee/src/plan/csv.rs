//! CSV input for spreadsheet users: `visits.csv`, `carers.csv` and (optionally) `links.csv`
//! and `shipments.csv`.
//!
//! The first line names the columns, in any order; optional columns may be left out and an
//! empty cell takes the default; an unknown column is an error (a misspelt name would
//! otherwise be ignored silently). Lists (skills, carers, loads, several windows or breaks)
//! are `;`-separated inside one cell. Fields may be quoted (`"Saint-Martin, rue 2"`), with
//! `""` for a quote. Errors name the file, the line and the column.
//!
//! | file | columns (**required** in bold) |
//! |---|---|
//! | `visits.csv` | **id**, patient, lon, lat, location_index, **duration_min**, window_start, window_end, lateness, skills, priority, preferred_carers, refused_carers, continuity_weight, pinned_carer, pinned_start, announced_start, announced_end, not_before, delivery, pickup |
//! | `carers.csv` | **id**, role, skills, **shift_start**, **shift_end**, start_lon, start_lat, end_lon, end_lat, start_index, end_index, break_id, break_start, break_end, break_min, max_working_time_min, max_overtime_min, capacity, reload_depot_lon, reload_depot_lat, reload_depot_indices, reload_at_start, reload_min, reload_max_stops |
//! | `links.csv` | **first**, **second**, **kind**, min_gap_min, max_gap_min, distinct_carers |
//! | `shipments.csv` | **pickup**, **delivery**, **load** |
//!
//! Places: on a road map, `lon` + `lat` (both or neither; likewise `start_lon` + `start_lat`
//! and `end_lon` + `end_lat`); on a day given with a travel matrix, the row of the matrix
//! instead (`location_index`, `start_index`, `end_index`, whole numbers from 0). Each visit
//! gives one of the two and each carer a start; the build step checks that.
//!
//! Several windows: `window_start = 08:00;17:00`, `window_end = 09:00;19:00`. Several breaks
//! likewise (`break_start`, `break_end`, `break_min`, and `break_id`, default `break-1`,
//! `break-2`, …). Reload depots of a van: `reload_depot_lon` + `reload_depot_lat` (lists of
//! the same length) or `reload_depot_indices`; `reload_at_start` (`true` / `false`, default
//! `true`), `reload_min` (default 15) and `reload_max_stops` (default 6). A carer with every
//! reload cell empty has no reloads. A shipment's `load` is a list of whole numbers, one per
//! capacity dimension (`0;1`). The meaning of each field is the JSON field's (see [`Day`]).

use std::collections::HashMap;
use std::path::Path;

use super::error::PlanError;
use super::input::{
    read, BreakInput, CarerInput, Day, LatenessInput, LinkInput, LinkKindInput, ReloadsInput,
    ShipmentInput, VisitInput,
};
use super::time::parse_hhmm;

const VISIT_COLUMNS: [&str; 21] = [
    "id",
    "patient",
    "lon",
    "lat",
    "location_index",
    "duration_min",
    "window_start",
    "window_end",
    "lateness",
    "skills",
    "priority",
    "preferred_carers",
    "refused_carers",
    "continuity_weight",
    "pinned_carer",
    "pinned_start",
    "announced_start",
    "announced_end",
    "not_before",
    "delivery",
    "pickup",
];
const VISIT_REQUIRED: &[&str] = &["id", "duration_min"];

const CARER_COLUMNS: [&str; 24] = [
    "id",
    "role",
    "skills",
    "shift_start",
    "shift_end",
    "start_lon",
    "start_lat",
    "end_lon",
    "end_lat",
    "start_index",
    "end_index",
    "break_id",
    "break_start",
    "break_end",
    "break_min",
    "max_working_time_min",
    "max_overtime_min",
    "capacity",
    "reload_depot_lon",
    "reload_depot_lat",
    "reload_depot_indices",
    "reload_at_start",
    "reload_min",
    "reload_max_stops",
];
const CARER_REQUIRED: &[&str] = &["id", "shift_start", "shift_end"];

const LINK_COLUMNS: [&str; 6] = [
    "first",
    "second",
    "kind",
    "min_gap_min",
    "max_gap_min",
    "distinct_carers",
];
const LINK_REQUIRED: &[&str] = &["first", "second", "kind"];

const SHIPMENT_COLUMNS: [&str; 3] = ["pickup", "delivery", "load"];
const SHIPMENT_REQUIRED: &[&str] = &["pickup", "delivery", "load"];

/// The four CSV files of a day, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvDay {
    /// `visits.csv`.
    pub visits: String,
    /// `carers.csv`.
    pub carers: String,
    /// `links.csv` (only the header when the day has no link).
    pub links: String,
    /// `shipments.csv` (only the header when the day has no shipment).
    pub shipments: String,
}

impl Day {
    /// Parses a day from the text of `visits.csv`, `carers.csv` and, optionally, `links.csv`
    /// and `shipments.csv` (errors name these file names). The day gets no name and the
    /// default weights.
    ///
    /// ```
    /// use tournee::plan::Day;
    /// let day = Day::from_csv(
    ///     "id,patient,lon,lat,duration_min,window_start,window_end,skills\n\
    ///      insulin,Mme Roux,2.61,45.11,15,07:00,09:00,nursing\n",
    ///     "id,role,skills,shift_start,shift_end,start_lon,start_lat\n\
    ///      nurse-1,nurse,nursing;hygiene,07:00,13:00,2.60,45.10\n",
    ///     None,
    ///     None,
    /// ).unwrap();
    /// assert_eq!(day.visits[0].windows, vec![["07:00".to_string(), "09:00".to_string()]]);
    /// assert_eq!(day.visits[0].location, Some([2.61, 45.11]));
    /// assert_eq!(day.carers[0].skills, ["nursing", "hygiene"]);
    /// ```
    ///
    /// On a day given with a travel matrix, places are rows of the matrix; a PSAD van may
    /// reload at depots and carry a bed from one patient to another:
    ///
    /// ```
    /// use tournee::plan::Day;
    /// let day = Day::from_csv(
    ///     "id,location_index,duration_min\n\
    ///      bed-out,1,30\n\
    ///      bed-in,2,30\n",
    ///     "id,shift_start,shift_end,start_index,capacity,reload_depot_indices\n\
    ///      van-1,08:00,17:00,0,4;1,3\n",
    ///     None,
    ///     Some("pickup,delivery,load\nbed-out,bed-in,0;1\n"),
    /// ).unwrap();
    /// assert_eq!(day.visits[1].location_index, Some(2));
    /// let reloads = day.carers[0].reloads.as_ref().unwrap();
    /// assert_eq!((reloads.depot_indices.as_slice(), reloads.max_stops), (&[3][..], 6));
    /// assert_eq!(day.shipments[0].load, [0, 1]);
    /// ```
    pub fn from_csv(
        visits: &str,
        carers: &str,
        links: Option<&str>,
        shipments: Option<&str>,
    ) -> Result<Day, PlanError> {
        Self::from_csv_named(
            (visits, "visits.csv"),
            (carers, "carers.csv"),
            links.map(|l| (l, "links.csv")),
            shipments.map(|s| (s, "shipments.csv")),
        )
    }

    /// Reads a day from CSV files (errors name the paths).
    pub fn read_csv(
        visits: impl AsRef<Path>,
        carers: impl AsRef<Path>,
        links: Option<&Path>,
        shipments: Option<&Path>,
    ) -> Result<Day, PlanError> {
        let named = |p: &Path| -> Result<(String, String), PlanError> {
            Ok((read(p)?, p.display().to_string()))
        };
        let (vt, vn) = named(visits.as_ref())?;
        let (ct, cn) = named(carers.as_ref())?;
        let links = links.map(named).transpose()?;
        let shipments = shipments.map(named).transpose()?;
        fn pair(f: &Option<(String, String)>) -> Option<(&str, &str)> {
            f.as_ref().map(|(t, n)| (t.as_str(), n.as_str()))
        }
        Self::from_csv_named((&vt, &vn), (&ct, &cn), pair(&links), pair(&shipments))
    }

    fn from_csv_named(
        visits: (&str, &str),
        carers: (&str, &str),
        links: Option<(&str, &str)>,
        shipments: Option<(&str, &str)>,
    ) -> Result<Day, PlanError> {
        Self::from_tables(
            Table::parse(visits.0, visits.1, &VISIT_COLUMNS, VISIT_REQUIRED)?,
            Table::parse(carers.0, carers.1, &CARER_COLUMNS, CARER_REQUIRED)?,
            links
                .map(|(t, n)| Table::parse(t, n, &LINK_COLUMNS, LINK_REQUIRED))
                .transpose()?,
            shipments
                .map(|(t, n)| Table::parse(t, n, &SHIPMENT_COLUMNS, SHIPMENT_REQUIRED))
                .transpose()?,
        )
    }

    /// Builds a day from [`Frame`]s holding the columns of `visits.csv`, `carers.csv` and,
    /// optionally, `links.csv` and `shipments.csv` (what the Python package makes of pandas
    /// data frames): read as the CSV files are, errors naming the frame (`visits`…), the row
    /// (0 = the first) and the column.
    ///
    /// ```
    /// use tournee::plan::{Day, Frame};
    /// let frame = |columns: &[&str], rows: &[&[&str]]| Frame {
    ///     columns: columns.iter().map(|c| c.to_string()).collect(),
    ///     rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(),
    /// };
    /// let visits = frame(&["id", "duration_min", "location_index"], &[&["v1", "20", "1"]]);
    /// let carers = frame(&["id", "shift_start", "shift_end", "start_index"], &[&["n1", "08:00", "12:00", "0"]]);
    /// let day = Day::from_frames(&visits, &carers, None, None).unwrap();
    /// assert_eq!(day.visits[0].duration_min, 20.0);
    /// let bad = frame(&["id", "duration_min"], &[&["v1", "20"], &["v2", "soon"]]);
    /// let e = Day::from_frames(&bad, &carers, None, None).unwrap_err();
    /// assert_eq!(e.to_string(), "visits frame, row 1, column duration_min: \"soon\" is not a number");
    /// ```
    pub fn from_frames(
        visits: &Frame,
        carers: &Frame,
        links: Option<&Frame>,
        shipments: Option<&Frame>,
    ) -> Result<Day, PlanError> {
        Self::from_tables(
            Table::from_frame(visits, "visits", &VISIT_COLUMNS, VISIT_REQUIRED)?,
            Table::from_frame(carers, "carers", &CARER_COLUMNS, CARER_REQUIRED)?,
            links
                .map(|f| Table::from_frame(f, "links", &LINK_COLUMNS, LINK_REQUIRED))
                .transpose()?,
            shipments
                .map(|f| Table::from_frame(f, "shipments", &SHIPMENT_COLUMNS, SHIPMENT_REQUIRED))
                .transpose()?,
        )
    }

    fn from_tables(
        visits: Table<'_>,
        carers: Table<'_>,
        links: Option<Table<'_>>,
        shipments: Option<Table<'_>>,
    ) -> Result<Day, PlanError> {
        let carers = carers.rows().map(|r| carer(&r)).collect::<Result<_, _>>()?;
        let visits = visits.rows().map(|r| visit(&r)).collect::<Result<_, _>>()?;
        let links = match links {
            Some(t) => t.rows().map(|r| link(&r)).collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        let shipments = match shipments {
            Some(t) => t.rows().map(|r| shipment(&r)).collect::<Result<_, _>>()?,
            None => Vec::new(),
        };
        Ok(Day {
            name: None,
            carers,
            visits,
            links,
            shipments,
            weights: None,
        })
    }

    /// The day as CSV files (what [`Day::from_csv`] reads back into the same day, except the
    /// name and the weights, which CSV does not carry). Handy as a template for a
    /// spreadsheet.
    pub fn to_csv(&self) -> CsvDay {
        let mut visits = VISIT_COLUMNS.join(",") + "\n";
        for v in &self.visits {
            let (ws, we): (Vec<&str>, Vec<&str>) = v
                .windows
                .iter()
                .map(|w| (w[0].as_str(), w[1].as_str()))
                .unzip();
            let cells: [String; VISIT_COLUMNS.len()] = [
                v.id.clone(),
                v.patient.clone().unwrap_or_default(),
                coordinate(v.location, 0),
                coordinate(v.location, 1),
                optional(v.location_index),
                v.duration_min.to_string(),
                ws.join(";"),
                we.join(";"),
                lateness_cell(v.lateness),
                v.skills.join(";"),
                v.priority.to_string(),
                v.preferred_carers.join(";"),
                v.refused_carers.join(";"),
                v.continuity_weight.to_string(),
                v.pinned_carer.clone().unwrap_or_default(),
                v.pinned_start.clone().unwrap_or_default(),
                v.announced.as_ref().map_or(String::new(), |a| a[0].clone()),
                v.announced.as_ref().map_or(String::new(), |a| a[1].clone()),
                v.not_before.clone().unwrap_or_default(),
                join_list(&v.delivery),
                join_list(&v.pickup),
            ];
            push_row(&mut visits, &cells);
        }
        let mut carers = CARER_COLUMNS.join(",") + "\n";
        for c in &self.carers {
            let mut cells: Vec<String> = vec![
                c.id.clone(),
                c.role.clone(),
                c.skills.join(";"),
                c.shift_start.clone(),
                c.shift_end.clone(),
                coordinate(c.start, 0),
                coordinate(c.start, 1),
                coordinate(c.end, 0),
                coordinate(c.end, 1),
                optional(c.start_index),
                optional(c.end_index),
            ];
            cells.extend(break_cells(&c.breaks));
            cells.extend([
                optional(c.max_working_time_min),
                c.max_overtime_min.to_string(),
                join_list(&c.capacity),
            ]);
            cells.extend(reload_cells(c.reloads.as_ref()));
            debug_assert_eq!(cells.len(), CARER_COLUMNS.len());
            push_row(&mut carers, &cells);
        }
        let mut links = LINK_COLUMNS.join(",") + "\n";
        for l in &self.links {
            let cells: [String; LINK_COLUMNS.len()] = [
                l.first.clone(),
                l.second.clone(),
                match l.kind {
                    LinkKindInput::Simultaneous => "simultaneous".into(),
                    LinkKindInput::Sequential => "sequential".into(),
                },
                l.min_gap_min.to_string(),
                optional(l.max_gap_min),
                optional(l.distinct_carers),
            ];
            push_row(&mut links, &cells);
        }
        let mut shipments = SHIPMENT_COLUMNS.join(",") + "\n";
        for s in &self.shipments {
            let cells: [String; SHIPMENT_COLUMNS.len()] =
                [s.pickup.clone(), s.delivery.clone(), join_list(&s.load)];
            push_row(&mut shipments, &cells);
        }
        CsvDay {
            visits,
            carers,
            links,
            shipments,
        }
    }
}

/// One coordinate of an optional `[lon, lat]` (empty when there is no place).
pub(crate) fn coordinate(place: Option<[f64; 2]>, k: usize) -> String {
    place.map(|p| p[k].to_string()).unwrap_or_default()
}

/// An optional value as a cell (empty when `None`).
pub(crate) fn optional<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// A `;`-separated list cell.
pub(crate) fn join_list<T: ToString>(values: &[T]) -> String {
    values
        .iter()
        .map(|v| v.to_string())
        .collect::<Vec<_>>()
        .join(";")
}

/// The cells of a carer's break columns: `break_id`, `break_start`, `break_end`, `break_min`.
pub(crate) fn break_cells(breaks: &[BreakInput]) -> [String; 4] {
    let list = |f: fn(&BreakInput) -> String| -> String {
        breaks.iter().map(f).collect::<Vec<_>>().join(";")
    };
    [
        list(|b| b.id.clone()),
        list(|b| b.window[0].clone()),
        list(|b| b.window[1].clone()),
        list(|b| b.duration_min.to_string()),
    ]
}

/// The cells of a carer's reload columns (`reload_depot_lon` … `reload_max_stops`): a carer
/// with reloads writes at least `reload_at_start`, `reload_min` and `reload_max_stops`, so
/// that reading back gives `Some` even without depots.
pub(crate) fn reload_cells(reloads: Option<&ReloadsInput>) -> [String; 6] {
    let reload = |f: fn(&ReloadsInput) -> String| -> String { reloads.map(f).unwrap_or_default() };
    [
        reload(|r| join_list(&r.depots.iter().map(|d| d[0]).collect::<Vec<_>>())),
        reload(|r| join_list(&r.depots.iter().map(|d| d[1]).collect::<Vec<_>>())),
        reload(|r| join_list(&r.depot_indices)),
        reload(|r| r.at_start.to_string()),
        reload(|r| r.duration_min.to_string()),
        reload(|r| r.max_stops.to_string()),
    ]
}

/// The `lateness` cell.
pub(crate) fn lateness_cell(l: LatenessInput) -> String {
    match l {
        LatenessInput::Hard => "hard".into(),
        LatenessInput::Soft => "soft".into(),
    }
}

pub(crate) fn push_row(out: &mut String, cells: &[String]) {
    let quoted: Vec<String> = cells.iter().map(|c| quote(c)).collect();
    out.push_str(&quoted.join(","));
    out.push('\n');
}

/// Quotes a CSV field when it holds a comma, a quote or a line break.
pub(crate) fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Splits CSV text into records, each with the line it starts on (quoted fields may span
/// lines). Blank lines are skipped.
fn records(text: &str, file: &str) -> Result<Vec<(usize, Vec<String>)>, PlanError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while chars.peek().is_some() {
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(ch) = chars.next() else {
                if quoted {
                    return Err(PlanError::Csv {
                        file: file.into(),
                        line: start,
                        column: (fields.len() + 1).to_string(),
                        detail: "a quoted field is not closed".into(),
                    });
                }
                break;
            };
            if quoted {
                match ch {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        field.push('"');
                    }
                    '"' => quoted = false,
                    '\n' => {
                        line += 1;
                        field.push(ch);
                    }
                    _ => field.push(ch),
                }
                continue;
            }
            match ch {
                '"' if field.trim().is_empty() && !was_quoted => {
                    field.clear();
                    quoted = true;
                    was_quoted = true;
                }
                '"' => {
                    return Err(PlanError::Csv {
                        file: file.into(),
                        line,
                        column: (fields.len() + 1).to_string(),
                        detail: "a quote inside an unquoted field (quote the whole field)".into(),
                    })
                }
                ',' => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' => {
                    line += 1;
                    break;
                }
                _ => field.push(ch),
            }
        }
        fields.push(field);
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            out.push((start, fields));
        }
    }
    Ok(out)
}

/// A table of cell texts with the columns of one of the CSV files, as a data frame gives it
/// (pandas' `DataFrame` through the Python package): the same reader as the CSV files, with
/// errors naming the frame, the row (0 = the first) and the column instead of a line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// Column names (those of the CSV file's header).
    pub columns: Vec<String>,
    /// One vector of cells per row, in the order of `columns` (an empty cell: the default).
    pub rows: Vec<Vec<String>>,
}

/// Where a table comes from, for the errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Origin {
    /// A CSV file: records carry line numbers (1 = the header).
    Csv,
    /// A [`Frame`]: records carry row positions (0 = the first row).
    Frame,
}

/// A CSV file with a header, or a [`Frame`].
pub(crate) struct Table<'a> {
    file: &'a str,
    origin: Origin,
    columns: HashMap<String, usize>,
    records: Vec<(usize, Vec<String>)>,
}

/// One data row, for typed access naming file, line and column.
pub(crate) struct Row<'a> {
    file: &'a str,
    origin: Origin,
    line: usize,
    columns: &'a HashMap<String, usize>,
    cells: &'a [String],
}

impl<'a> Table<'a> {
    pub(crate) fn parse(
        text: &str,
        file: &'a str,
        known: &[&str],
        required: &[&str],
    ) -> Result<Table<'a>, PlanError> {
        let mut records = records(text, file)?;
        if records.is_empty() {
            return Err(PlanError::Csv {
                file: file.into(),
                line: 1,
                column: "1".into(),
                detail: format!("the file is empty (expected a header: {})", known.join(",")),
            });
        }
        let (line, header) = records.remove(0);
        Self::with_header(file, Origin::Csv, (line, &header), records, known, required)
    }

    /// A [`Frame`] named `name` (`"visits"`…), checked like a CSV file.
    pub(crate) fn from_frame(
        frame: &Frame,
        name: &'a str,
        known: &[&str],
        required: &[&str],
    ) -> Result<Table<'a>, PlanError> {
        let records = frame.rows.iter().cloned().enumerate().collect();
        Self::with_header(
            name,
            Origin::Frame,
            (0, &frame.columns),
            records,
            known,
            required,
        )
    }

    fn with_header(
        file: &'a str,
        origin: Origin,
        (line, header): (usize, &[String]),
        records: Vec<(usize, Vec<String>)>,
        known: &[&str],
        required: &[&str],
    ) -> Result<Table<'a>, PlanError> {
        // Header errors name no row of a frame.
        let header_err = |column: String, detail: String| match origin {
            Origin::Csv => PlanError::Csv {
                file: file.into(),
                line,
                column,
                detail,
            },
            Origin::Frame => PlanError::Frame {
                frame: file.into(),
                row: None,
                column,
                detail,
            },
        };
        let mut columns = HashMap::new();
        for (k, name) in header.iter().enumerate() {
            let name = name.trim().to_lowercase();
            if !known.contains(&name.as_str()) {
                return Err(header_err(
                    format!("{} ({name:?})", k + 1),
                    format!("unknown column; the columns are {}", known.join(", ")),
                ));
            }
            if columns.insert(name.clone(), k).is_some() {
                return Err(header_err(name, "the column is given twice".into()));
            }
        }
        if let Some(missing) = required.iter().find(|r| !columns.contains_key(**r)) {
            return Err(header_err(
                missing.to_string(),
                "this required column is missing".into(),
            ));
        }
        let table = Table {
            file,
            origin,
            columns,
            records,
        };
        if let Some(row) = table.rows().find(|r| r.cells.len() > header.len()) {
            return Err(row.err(
                &(header.len() + 1).to_string(),
                format!(
                    "{} fields, the header has {}",
                    row.cells.len(),
                    header.len()
                ),
            ));
        }
        Ok(table)
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(|(line, cells)| Row {
            file: self.file,
            origin: self.origin,
            line: *line,
            columns: &self.columns,
            cells,
        })
    }
}

impl Row<'_> {
    pub(crate) fn err(&self, column: &str, detail: String) -> PlanError {
        match self.origin {
            Origin::Csv => PlanError::Csv {
                file: self.file.into(),
                line: self.line,
                column: column.into(),
                detail,
            },
            Origin::Frame => PlanError::Frame {
                frame: self.file.into(),
                row: Some(self.line),
                column: column.into(),
                detail,
            },
        }
    }

    /// The trimmed cell, empty when the column is absent or the row short.
    pub(crate) fn text(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|&k| self.cells.get(k))
            .map(|s| s.trim())
            .unwrap_or("")
    }

    pub(crate) fn required(&self, column: &str) -> Result<&str, PlanError> {
        match self.text(column) {
            "" => Err(self.err(column, "this cell is required".into())),
            t => Ok(t),
        }
    }

    pub(crate) fn optional(&self, column: &str) -> Option<String> {
        Some(self.text(column))
            .filter(|t| !t.is_empty())
            .map(String::from)
    }

    pub(crate) fn number(&self, column: &str, text: &str) -> Result<f64, PlanError> {
        text.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| self.err(column, format!("{text:?} is not a number")))
    }

    pub(crate) fn required_number(&self, column: &str) -> Result<f64, PlanError> {
        let t = self.required(column)?;
        self.number(column, t)
    }

    pub(crate) fn optional_number(&self, column: &str) -> Result<Option<f64>, PlanError> {
        match self.text(column) {
            "" => Ok(None),
            t => self.number(column, t).map(Some),
        }
    }

    /// A whole number ≥ 0 (a row of the travel matrix, a count).
    pub(crate) fn natural(&self, column: &str, text: &str) -> Result<usize, PlanError> {
        text.parse::<usize>()
            .map_err(|_| self.err(column, format!("{text:?} is not a whole number ≥ 0")))
    }

    pub(crate) fn optional_natural(&self, column: &str) -> Result<Option<usize>, PlanError> {
        match self.text(column) {
            "" => Ok(None),
            t => self.natural(column, t).map(Some),
        }
    }

    pub(crate) fn optional_bool(&self, column: &str) -> Result<Option<bool>, PlanError> {
        match self.text(column).to_lowercase().as_str() {
            "" => Ok(None),
            "true" | "yes" | "1" => Ok(Some(true)),
            "false" | "no" | "0" => Ok(Some(false)),
            other => Err(self.err(column, format!("{other:?} is not true / false"))),
        }
    }

    /// An optional place `[lon, lat]` from two columns, both given or both empty.
    pub(crate) fn place(&self, lon: &str, lat: &str) -> Result<Option<[f64; 2]>, PlanError> {
        match (self.optional_number(lon)?, self.optional_number(lat)?) {
            (Some(x), Some(y)) => Ok(Some([x, y])),
            (None, None) => Ok(None),
            (Some(_), None) => Err(self.err(lat, format!("{lon} is given, {lat} is needed too"))),
            (None, Some(_)) => Err(self.err(lon, format!("{lat} is given, {lon} is needed too"))),
        }
    }

    pub(crate) fn list(&self, column: &str) -> Vec<String> {
        self.text(column)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    pub(crate) fn ints(&self, column: &str) -> Result<Vec<i64>, PlanError> {
        self.list(column)
            .iter()
            .map(|t| {
                t.parse::<i64>()
                    .map_err(|_| self.err(column, format!("{t:?} is not a whole number")))
            })
            .collect()
    }

    pub(crate) fn naturals(&self, column: &str) -> Result<Vec<usize>, PlanError> {
        self.list(column)
            .iter()
            .map(|t| self.natural(column, t))
            .collect()
    }

    pub(crate) fn numbers(&self, column: &str) -> Result<Vec<f64>, PlanError> {
        self.list(column)
            .iter()
            .map(|t| self.number(column, t))
            .collect()
    }

    pub(crate) fn times(&self, column: &str) -> Result<Vec<String>, PlanError> {
        let list = self.list(column);
        for t in &list {
            self.check_time(column, t)?;
        }
        Ok(list)
    }

    pub(crate) fn check_time(&self, column: &str, t: &str) -> Result<(), PlanError> {
        match parse_hhmm(t) {
            Some(_) => Ok(()),
            None => Err(self.err(
                column,
                format!("{t:?} is not a time of day HH:MM (00:00 to 24:00)"),
            )),
        }
    }

    /// A time of day, or `None` for an empty cell.
    pub(crate) fn optional_time(&self, column: &str) -> Result<Option<String>, PlanError> {
        match self.optional(column) {
            Some(t) => {
                self.check_time(column, &t)?;
                Ok(Some(t))
            }
            None => Ok(None),
        }
    }

    /// The windows of `window_start` and `window_end` (lists of the same length).
    pub(crate) fn windows(&self) -> Result<Vec<[String; 2]>, PlanError> {
        let starts = self.times("window_start")?;
        let ends = self.times("window_end")?;
        self.same_length(&["window_start", "window_end"], &[starts.len(), ends.len()])?;
        Ok(starts.into_iter().zip(ends).map(|(a, b)| [a, b]).collect())
    }

    /// The `lateness` column: empty or `hard`, or `soft`.
    pub(crate) fn lateness(&self) -> Result<LatenessInput, PlanError> {
        match self.text("lateness").to_lowercase().as_str() {
            "" | "hard" => Ok(LatenessInput::Hard),
            "soft" => Ok(LatenessInput::Soft),
            other => Err(self.err(
                "lateness",
                format!("{other:?} is neither \"hard\" nor \"soft\""),
            )),
        }
    }

    pub(crate) fn time(&self, column: &str) -> Result<String, PlanError> {
        let t = self.required(column)?;
        self.check_time(column, t)?;
        Ok(t.to_string())
    }

    pub(crate) fn same_length(&self, columns: &[&str], lens: &[usize]) -> Result<(), PlanError> {
        if lens.iter().any(|&l| l != lens[0]) {
            return Err(self.err(
                columns[1],
                format!(
                    "{} hold {} values, not the same number (lists are ';'-separated)",
                    columns.join(", "),
                    lens.iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Ok(())
    }
}

fn visit(r: &Row) -> Result<VisitInput, PlanError> {
    let announced = match (r.optional("announced_start"), r.optional("announced_end")) {
        (None, None) => None,
        (Some(a), Some(b)) => {
            r.check_time("announced_start", &a)?;
            r.check_time("announced_end", &b)?;
            Some([a, b])
        }
        (Some(_), None) => {
            return Err(r.err(
                "announced_end",
                "is empty but announced_start is given (give both or neither)".into(),
            ))
        }
        (None, Some(_)) => {
            return Err(r.err(
                "announced_start",
                "is empty but announced_end is given (give both or neither)".into(),
            ))
        }
    };
    Ok(VisitInput {
        id: r.required("id")?.to_string(),
        patient: r.optional("patient"),
        location: r.place("lon", "lat")?,
        location_index: r.optional_natural("location_index")?,
        duration_min: r.required_number("duration_min")?,
        windows: r.windows()?,
        lateness: r.lateness()?,
        skills: r.list("skills"),
        priority: r.optional_number("priority")?.unwrap_or(1.0),
        preferred_carers: r.list("preferred_carers"),
        continuity_weight: r.optional_number("continuity_weight")?.unwrap_or(1.0),
        refused_carers: r.list("refused_carers"),
        pinned_carer: r.optional("pinned_carer"),
        pinned_start: r.optional_time("pinned_start")?,
        announced,
        not_before: r.optional_time("not_before")?,
        delivery: r.ints("delivery")?,
        pickup: r.ints("pickup")?,
    })
}

fn carer(r: &Row) -> Result<CarerInput, PlanError> {
    Ok(CarerInput {
        id: r.required("id")?.to_string(),
        role: r.text("role").to_string(),
        skills: r.list("skills"),
        shift_start: r.time("shift_start")?,
        shift_end: r.time("shift_end")?,
        start: r.place("start_lon", "start_lat")?,
        end: r.place("end_lon", "end_lat")?,
        start_index: r.optional_natural("start_index")?,
        end_index: r.optional_natural("end_index")?,
        reloads: reloads(r)?,
        breaks: breaks(r)?,
        max_working_time_min: r.optional_number("max_working_time_min")?,
        max_overtime_min: r.optional_number("max_overtime_min")?.unwrap_or(0.0),
        capacity: r.ints("capacity")?,
    })
}

/// The break columns of a carer (`break_id`, `break_start`, `break_end`, `break_min`).
pub(crate) fn breaks(r: &Row) -> Result<Vec<BreakInput>, PlanError> {
    let starts = r.times("break_start")?;
    let ends = r.times("break_end")?;
    let minutes = r.numbers("break_min")?;
    let ids = r.list("break_id");
    r.same_length(
        &["break_start", "break_end", "break_min"],
        &[starts.len(), ends.len(), minutes.len()],
    )?;
    if !ids.is_empty() {
        r.same_length(&["break_start", "break_id"], &[starts.len(), ids.len()])?;
    }
    let breaks: Vec<BreakInput> = (0..starts.len())
        .map(|k| BreakInput {
            id: ids
                .get(k)
                .cloned()
                .unwrap_or_else(|| format!("break-{}", k + 1)),
            duration_min: minutes[k],
            window: [starts[k].clone(), ends[k].clone()],
        })
        .collect();
    Ok(breaks)
}

/// The reload columns of a carer: `None` when every one is empty.
pub(crate) fn reloads(r: &Row) -> Result<Option<ReloadsInput>, PlanError> {
    let lons = r.numbers("reload_depot_lon")?;
    let lats = r.numbers("reload_depot_lat")?;
    r.same_length(
        &["reload_depot_lon", "reload_depot_lat"],
        &[lons.len(), lats.len()],
    )?;
    let depot_indices = r.naturals("reload_depot_indices")?;
    let at_start = r.optional_bool("reload_at_start")?;
    let duration_min = r.optional_number("reload_min")?;
    let max_stops = r.optional_natural("reload_max_stops")?;
    if lons.is_empty()
        && depot_indices.is_empty()
        && at_start.is_none()
        && duration_min.is_none()
        && max_stops.is_none()
    {
        return Ok(None);
    }
    Ok(Some(ReloadsInput {
        depots: lons.into_iter().zip(lats).map(|(x, y)| [x, y]).collect(),
        depot_indices,
        at_start: at_start.unwrap_or(true),
        duration_min: duration_min.unwrap_or(15.0),
        max_stops: max_stops.unwrap_or(6),
    }))
}

fn shipment(r: &Row) -> Result<ShipmentInput, PlanError> {
    let pickup = r.required("pickup")?.to_string();
    let delivery = r.required("delivery")?.to_string();
    r.required("load")?;
    Ok(ShipmentInput {
        pickup,
        delivery,
        load: r.ints("load")?,
    })
}

fn link(r: &Row) -> Result<LinkInput, PlanError> {
    let kind = match r.required("kind")?.to_lowercase().as_str() {
        "simultaneous" => LinkKindInput::Simultaneous,
        "sequential" => LinkKindInput::Sequential,
        other => {
            return Err(r.err(
                "kind",
                format!("{other:?} is neither \"simultaneous\" nor \"sequential\""),
            ))
        }
    };
    let distinct_carers = r.optional_bool("distinct_carers")?;
    Ok(LinkInput {
        first: r.required("first")?.to_string(),
        second: r.required("second")?.to_string(),
        kind,
        min_gap_min: r.optional_number("min_gap_min")?.unwrap_or(0.0),
        max_gap_min: r.optional_number("max_gap_min")?,
        distinct_carers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_fields_and_line_numbers() {
        let recs = records("a,b\r\n\"x, \"\"y\"\"\",2\n\n\"multi\nline\",3\n", "f.csv").unwrap();
        assert_eq!(recs.len(), 3);
        assert_eq!(recs[1], (2, vec!["x, \"y\"".to_string(), "2".to_string()]));
        assert_eq!(recs[2].0, 4);
        assert_eq!(recs[2].1[0], "multi\nline");
        let e = records("a\n\"open", "f.csv").unwrap_err().to_string();
        assert!(e.contains("f.csv, line 2"), "{e}");
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let carers = "id,shift_start,shift_end,start_lon,start_lat\nc1,07:00,13:00,2.6,45.1\n";
        let visits = "id,lon,lat,duration_min,window_start,window_end\nv1,2.6,45.1,20,08:00,09:00\nv2,2.6,45.1,20,25:99,26:00\n";
        let e = Day::from_csv(visits, carers, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("visits.csv, line 3, column window_start") && e.contains("25:99"),
            "{e}"
        );
        let visits = "id,lon,lat,duration_min,colour\n";
        let e = Day::from_csv(visits, carers, None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1") && e.contains("colour"), "{e}");
        let visits = "id,lon,lat,duration_min\nv1,abc,45.1,20\n";
        let e = Day::from_csv(visits, carers, None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2, column lon") && e.contains("abc"), "{e}");
        let visits = "id,lon,lat\n";
        let e = Day::from_csv(visits, carers, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("column duration_min") && e.contains("missing"),
            "{e}"
        );
        let visits = "id,lon,lat,duration_min\nv1,2.6,45.1,20\nv2,2.6,,20\n";
        let e = Day::from_csv(visits, carers, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("visits.csv, line 3, column lat") && e.contains("lon is given"),
            "{e}"
        );
        let visits = "id,location_index,duration_min\nv1,-1,20\n";
        let e = Day::from_csv(visits, carers, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("line 2, column location_index") && e.contains("-1"),
            "{e}"
        );
        let links = "first,second,kind\nv1,v2,together\n";
        let visits = "id,lon,lat,duration_min\nv1,2.6,45.1,20\n";
        let e = Day::from_csv(visits, carers, Some(links), None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("links.csv, line 2, column kind"), "{e}");
        let carers_bad = "id,shift_start,shift_end,start_lat\nc1,07:00,13:00,45.1\n";
        let e = Day::from_csv(visits, carers_bad, None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("carers.csv, line 2, column start_lon"), "{e}");
        let carers_bad = "id,shift_start,shift_end,start_index,reload_depot_lon,reload_depot_lat\n\
                          c1,07:00,13:00,0,2.6;2.7,45.1\n";
        let e = Day::from_csv(visits, carers_bad, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("carers.csv, line 2, column reload_depot_lat") && e.contains("2, 1"),
            "{e}"
        );
        let carers_bad =
            "id,shift_start,shift_end,start_index,reload_at_start\nc1,07:00,13:00,0,maybe\n";
        let e = Day::from_csv(visits, carers_bad, None, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 2, column reload_at_start"), "{e}");
    }

    #[test]
    fn shipment_errors_name_file_line_and_column() {
        let carers = "id,shift_start,shift_end,start_lon,start_lat\nc1,07:00,13:00,2.6,45.1\n";
        let visits = "id,lon,lat,duration_min\nv1,2.6,45.1,20\nv2,2.7,45.2,20\n";
        let shipments = "pickup,delivery,load\nv1,v2,0;1\nv1,v2,0;bed\n";
        let e = Day::from_csv(visits, carers, None, Some(shipments))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("shipments.csv, line 3, column load") && e.contains("bed"),
            "{e}"
        );
        let shipments = "pickup,delivery,load\nv1,,1\n";
        let e = Day::from_csv(visits, carers, None, Some(shipments))
            .unwrap_err()
            .to_string();
        assert!(e.contains("shipments.csv, line 2, column delivery"), "{e}");
        let shipments = "pickup,load\n";
        let e = Day::from_csv(visits, carers, None, Some(shipments))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("shipments.csv, line 1, column delivery") && e.contains("missing"),
            "{e}"
        );
        let shipments = "pickup,delivery,load,weight\n";
        let e = Day::from_csv(visits, carers, None, Some(shipments))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("shipments.csv, line 1") && e.contains("weight"),
            "{e}"
        );
    }

    #[test]
    fn several_windows_and_breaks() {
        let carers = "id,shift_start,shift_end,start_lon,start_lat,break_start,break_end,break_min,capacity\n\
                      c1,07:00,19:00,2.6,45.1,10:00;12:00,10:30;13:30,15;45,2;1\n";
        let visits = "id,lon,lat,duration_min,window_start,window_end,delivery\n\
                      v1,2.6,45.1,20,08:00;17:00,09:00;19:00,1;0\n";
        let day = Day::from_csv(visits, carers, None, None).unwrap();
        assert_eq!(day.visits[0].windows.len(), 2);
        assert_eq!(day.visits[0].delivery, [1, 0]);
        let c = &day.carers[0];
        assert_eq!(c.breaks.len(), 2);
        assert_eq!(c.breaks[1].id, "break-2");
        assert_eq!(c.breaks[1].duration_min, 45.0);
        assert_eq!(c.capacity, [2, 1]);
        assert_eq!(c.reloads, None);
        let again = day.to_csv();
        assert_eq!(again.shipments, "pickup,delivery,load\n");
        let back = Day::from_csv(
            &again.visits,
            &again.carers,
            Some(&again.links),
            Some(&again.shipments),
        )
        .unwrap();
        assert_eq!(back, day);
    }

    /// A day on a travel matrix: places as rows, a van reloading at depots and carrying a
    /// bed between two patients.
    fn matrix_day() -> Day {
        let carers = "id,shift_start,shift_end,start_index,end_index,capacity,\
                      reload_depot_indices,reload_at_start,reload_min,reload_max_stops\n\
                      van-1,08:00,17:00,0,4,2;1,5;6,false,20,3\n\
                      van-2,08:00,17:00,0,,2;1,,,,\n\
                      van-3,08:00,17:00,0,,,,,25,\n";
        let visits = "id,patient,location_index,duration_min,window_start,window_end\n\
                      bed-out,M. Blanc,1,30,08:00,10:00\n\
                      bed-in,Mme Noir,2,30,,\n\
                      o2,,3,20,,\n";
        let shipments = "delivery,load,pickup\nbed-in,0;1,bed-out\n";
        Day::from_csv(visits, carers, None, Some(shipments)).unwrap()
    }

    #[test]
    fn matrix_places_reloads_and_shipments() {
        let day = matrix_day();
        let v = &day.visits;
        assert_eq!((v[0].location, v[0].location_index), (None, Some(1)));
        assert_eq!(v[2].location_index, Some(3));
        let c = &day.carers;
        assert_eq!((c[0].start, c[0].end), (None, None));
        assert_eq!((c[0].start_index, c[0].end_index), (Some(0), Some(4)));
        assert_eq!(
            c[0].reloads,
            Some(ReloadsInput {
                depots: vec![],
                depot_indices: vec![5, 6],
                at_start: false,
                duration_min: 20.0,
                max_stops: 3,
            })
        );
        assert_eq!((c[1].start_index, c[1].end_index), (Some(0), None));
        assert_eq!(c[1].reloads, None);
        // One reload cell given: the others take their defaults.
        assert_eq!(
            c[2].reloads,
            Some(ReloadsInput {
                depots: vec![],
                depot_indices: vec![],
                at_start: true,
                duration_min: 25.0,
                max_stops: 6,
            })
        );
        assert_eq!(
            day.shipments,
            [ShipmentInput {
                pickup: "bed-out".into(),
                delivery: "bed-in".into(),
                load: vec![0, 1],
            }]
        );
    }

    #[test]
    fn reload_depots_on_a_map() {
        let carers = "id,shift_start,shift_end,start_lon,start_lat,end_lon,end_lat,\
                      reload_depot_lon,reload_depot_lat\n\
                      van-1,08:00,17:00,2.6,45.1,2.65,45.15,2.7;2.8,45.2;45.3\n";
        let visits = "id,lon,lat,duration_min\nv1,2.61,45.11,20\n";
        let day = Day::from_csv(visits, carers, None, None).unwrap();
        let c = &day.carers[0];
        assert_eq!((c.start, c.end), (Some([2.6, 45.1]), Some([2.65, 45.15])));
        let r = c.reloads.as_ref().unwrap();
        assert_eq!(r.depots, [[2.7, 45.2], [2.8, 45.3]]);
        assert!(r.depot_indices.is_empty());
        assert_eq!((r.at_start, r.duration_min, r.max_stops), (true, 15.0, 6));
        assert_eq!(day.visits[0].location, Some([2.61, 45.11]));
        assert_eq!(day.visits[0].location_index, None);
    }

    #[test]
    fn round_trip_with_matrix_places_reloads_and_shipments() {
        let mut day = matrix_day();
        // Reloads with every field at its default still come back as `Some`.
        day.carers[1].reloads = Some(ReloadsInput {
            depots: vec![],
            depot_indices: vec![],
            at_start: true,
            duration_min: 15.0,
            max_stops: 6,
        });
        // A carer on the map with depots, beside the matrix ones (the CSV layer carries
        // both; the build step judges).
        day.carers[2].start = Some([2.6, 45.1]);
        day.carers[2].reloads.as_mut().unwrap().depots = vec![[2.7, 45.2], [-0.5, 44.8]];
        day.visits[2].location = Some([2.61, 45.11]);
        day.visits[2].location_index = None;
        day.shipments.push(ShipmentInput {
            pickup: "o2".into(),
            delivery: "bed-in".into(),
            load: vec![1, 0],
        });
        let csv = day.to_csv();
        assert_eq!(
            csv.shipments,
            "pickup,delivery,load\nbed-out,bed-in,0;1\no2,bed-in,1;0\n"
        );
        let back = Day::from_csv(
            &csv.visits,
            &csv.carers,
            Some(&csv.links),
            Some(&csv.shipments),
        )
        .unwrap();
        assert_eq!(back, day);
    }
}
