//! A week as a coordinator's spreadsheet: two CSV files and the dates of the horizon.
//!
//! | file | columns (**required**) |
//! |---|---|
//! | `carers.csv` | **id**, role, skills, start_lon, start_lat, end_lon, end_lat, start_index, end_index, break_id, break_start, break_end, break_min, max_working_time_min, max_week_working_time_min, max_overtime_min, capacity, reload_depot_lon, reload_depot_lat, reload_depot_indices, reload_at_start, reload_min, reload_max_stops, and one column per day worked: `mon` … `sun` and/or dates `YYYY-MM-DD`, each cell a shift `07:00-13:00` (empty: off) |
//! | `orders.csv` | **id**, patient, lon, lat, location_index, **duration_min**, window_start, window_end, lateness, days, times, min_days_between, max_days_between, skills, priority, referent, refused_carers, pinned_carer, pinned_start, carers, delivery, pickup |
//!
//! Lists are `;`-separated (`days` = `mon;wed;fri` or dates, empty: every day). The columns are
//! those of the day's CSV files (`docs/plan-input.md`) and of the week's JSON fields
//! (`docs/week-input.md`); the name, the weights and the links between orders are JSON only. Errors name the file, line
//! and column.

use std::collections::BTreeMap;
use std::path::Path;

use super::calendar::{day_number, WEEKDAYS};
use super::input::{Order, Week, WeekCarer, WeekWeights};
use crate::plan::csv::{
    break_cells, breaks, coordinate, join_list, lateness_cell, optional, push_row, reload_cells,
    reloads, Row, Table,
};
use crate::plan::{parse_hhmm, PlanError};

const CARER_COLUMNS: [&str; 23] = [
    "id",
    "role",
    "skills",
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
    "max_week_working_time_min",
    "max_overtime_min",
    "capacity",
    "reload_depot_lon",
    "reload_depot_lat",
    "reload_depot_indices",
    "reload_at_start",
    "reload_min",
    "reload_max_stops",
];

const ORDER_COLUMNS: [&str; 22] = [
    "id",
    "patient",
    "lon",
    "lat",
    "location_index",
    "duration_min",
    "window_start",
    "window_end",
    "lateness",
    "days",
    "times",
    "min_days_between",
    "max_days_between",
    "skills",
    "priority",
    "referent",
    "refused_carers",
    "pinned_carer",
    "pinned_start",
    "carers",
    "delivery",
    "pickup",
];

/// A week written as CSV text (what [`Week::from_csv`] reads back).
#[derive(Clone, Debug, PartialEq)]
pub struct CsvWeek {
    /// `carers.csv`.
    pub carers: String,
    /// `orders.csv`.
    pub orders: String,
}

/// Whether a header cell names a day: a weekday or a date.
fn is_day_column(name: &str) -> bool {
    WEEKDAYS.contains(&name) || day_number(name).is_some()
}

impl Week {
    /// Reads a week from CSV text: the dates of the horizon, `carers.csv` and `orders.csv`
    /// (columns in the module docs of `tournee::week::csv`).
    ///
    /// ```
    /// use tournee::week::Week;
    /// let carers = "id,start_index,mon,tue\nn1,0,07:00-12:00,\n";
    /// let orders = "id,patient,location_index,duration_min,window_start,window_end,days\n\
    ///               insulin,p1,1,15,07:00,09:00,mon;tue\n";
    /// let days = ["2026-12-07".to_string(), "2026-12-08".to_string()];
    /// let week = Week::from_csv(&days, carers, orders).unwrap();
    /// assert_eq!(week.carers[0].shifts["mon"], ["07:00".to_string(), "12:00".to_string()]);
    /// assert!(!week.carers[0].shifts.contains_key("tue"));
    /// assert_eq!(week.orders[0].days, ["mon", "tue"]);
    /// ```
    pub fn from_csv(days: &[String], carers: &str, orders: &str) -> Result<Week, PlanError> {
        Self::from_csv_named(days, (carers, "carers.csv"), (orders, "orders.csv"))
    }

    /// Reads `carers.csv` and `orders.csv` files (errors name them).
    pub fn read_csv(
        days: &[String],
        carers: impl AsRef<Path>,
        orders: impl AsRef<Path>,
    ) -> Result<Week, PlanError> {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|source| PlanError::Io {
                path: p.display().to_string(),
                source,
            })
        };
        let (c, o) = (carers.as_ref(), orders.as_ref());
        Self::from_csv_named(
            days,
            (&read(c)?, &c.display().to_string()),
            (&read(o)?, &o.display().to_string()),
        )
    }

    fn from_csv_named(
        days: &[String],
        carers: (&str, &str),
        orders: (&str, &str),
    ) -> Result<Week, PlanError> {
        // The day columns are whatever weekdays and dates the header names.
        let header = carers
            .0
            .trim_start_matches('\u{feff}')
            .lines()
            .next()
            .unwrap_or("");
        let day_columns: Vec<String> = header
            .split(',')
            .map(|c| c.trim().trim_matches('"').to_lowercase())
            .filter(|c| is_day_column(c))
            .collect();
        let mut known: Vec<&str> = CARER_COLUMNS.to_vec();
        known.extend(day_columns.iter().map(String::as_str));
        let carers = Table::parse(carers.0, carers.1, &known, &["id"])?
            .rows()
            .map(|r| week_carer(&r, &day_columns))
            .collect::<Result<_, _>>()?;
        let orders = Table::parse(orders.0, orders.1, &ORDER_COLUMNS, &["id", "duration_min"])?
            .rows()
            .map(|r| order(&r))
            .collect::<Result<_, _>>()?;
        Ok(Week {
            name: None,
            days: days.to_vec(),
            carers,
            orders,
            links: Vec::new(),
            weights: None,
            week_weights: WeekWeights::default(),
        })
    }

    /// The week as CSV files (what [`Week::from_csv`] reads back into the same week, except
    /// the name and the weights): a template for a spreadsheet. Shifts keyed by weekday and
    /// by date get one column each.
    pub fn to_csv(&self) -> CsvWeek {
        let mut day_columns: Vec<String> = Vec::new();
        for w in WEEKDAYS {
            if self.carers.iter().any(|c| c.shifts.contains_key(w)) {
                day_columns.push(w.to_string());
            }
        }
        let mut dates: Vec<&String> = self
            .carers
            .iter()
            .flat_map(|c| c.shifts.keys())
            .filter(|k| !WEEKDAYS.contains(&k.as_str()))
            .collect();
        dates.sort();
        dates.dedup();
        day_columns.extend(dates.into_iter().cloned());
        let mut carers = CARER_COLUMNS.join(",");
        for d in &day_columns {
            carers.push(',');
            carers.push_str(d);
        }
        carers.push('\n');
        for c in &self.carers {
            let mut cells: Vec<String> = vec![
                c.id.clone(),
                c.role.clone(),
                c.skills.join(";"),
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
                optional(c.max_week_working_time_min),
                c.max_overtime_min.to_string(),
                join_list(&c.capacity),
            ]);
            cells.extend(reload_cells(c.reloads.as_ref()));
            debug_assert_eq!(cells.len(), CARER_COLUMNS.len());
            for d in &day_columns {
                cells.push(
                    c.shifts
                        .get(d)
                        .map(|s| format!("{}-{}", s[0], s[1]))
                        .unwrap_or_default(),
                );
            }
            push_row(&mut carers, &cells);
        }
        let mut orders = ORDER_COLUMNS.join(",") + "\n";
        for o in &self.orders {
            let (ws, we): (Vec<&str>, Vec<&str>) = o
                .windows
                .iter()
                .map(|w| (w[0].as_str(), w[1].as_str()))
                .unzip();
            let cells: [String; ORDER_COLUMNS.len()] = [
                o.id.clone(),
                o.patient.clone().unwrap_or_default(),
                coordinate(o.location, 0),
                coordinate(o.location, 1),
                optional(o.location_index),
                o.duration_min.to_string(),
                ws.join(";"),
                we.join(";"),
                lateness_cell(o.lateness),
                o.days.join(";"),
                optional(o.times),
                optional(o.min_days_between),
                optional(o.max_days_between),
                o.skills.join(";"),
                o.priority.to_string(),
                o.referent.clone().unwrap_or_default(),
                o.refused_carers.join(";"),
                o.pinned_carer.clone().unwrap_or_default(),
                o.pinned_start.clone().unwrap_or_default(),
                o.carers.to_string(),
                join_list(&o.delivery),
                join_list(&o.pickup),
            ];
            push_row(&mut orders, &cells);
        }
        CsvWeek { carers, orders }
    }
}

fn week_carer(r: &Row, day_columns: &[String]) -> Result<WeekCarer, PlanError> {
    let mut shifts = BTreeMap::new();
    for d in day_columns {
        let cell = r.text(d);
        if cell.is_empty() {
            continue;
        }
        let parts: Vec<&str> = cell.split(['-', '–']).map(str::trim).collect();
        match parts.as_slice() {
            [a, b] if parse_hhmm(a).is_some() && parse_hhmm(b).is_some() => {
                shifts.insert(d.clone(), [a.to_string(), b.to_string()]);
            }
            _ => {
                return Err(r.err(
                    d,
                    format!(
                        "{cell:?} is not a shift HH:MM-HH:MM (leave the cell empty for a day off)"
                    ),
                ))
            }
        }
    }
    Ok(WeekCarer {
        id: r.required("id")?.to_string(),
        role: r.text("role").to_string(),
        skills: r.list("skills"),
        shifts,
        start: r.place("start_lon", "start_lat")?,
        end: r.place("end_lon", "end_lat")?,
        start_index: r.optional_natural("start_index")?,
        end_index: r.optional_natural("end_index")?,
        breaks: breaks(r)?,
        max_working_time_min: r.optional_number("max_working_time_min")?,
        max_week_working_time_min: r.optional_number("max_week_working_time_min")?,
        max_overtime_min: r.optional_number("max_overtime_min")?.unwrap_or(0.0),
        capacity: r.ints("capacity")?,
        reloads: reloads(r)?,
    })
}

fn order(r: &Row) -> Result<Order, PlanError> {
    let small = |column: &str| -> Result<Option<u32>, PlanError> {
        r.optional_natural(column)?
            .map(|n| u32::try_from(n).map_err(|_| r.err(column, format!("{n} is too large"))))
            .transpose()
    };
    let carers = match r.optional_natural("carers")? {
        None => 1,
        Some(n @ (1 | 2)) => n as u8,
        Some(n) => return Err(r.err("carers", format!("{n}: one or two carers per visit"))),
    };
    Ok(Order {
        id: r.required("id")?.to_string(),
        patient: r.optional("patient"),
        location: r.place("lon", "lat")?,
        location_index: r.optional_natural("location_index")?,
        duration_min: r.required_number("duration_min")?,
        windows: r.windows()?,
        lateness: r.lateness()?,
        days: r.list("days"),
        times: r.optional_natural("times")?,
        min_days_between: small("min_days_between")?,
        max_days_between: small("max_days_between")?,
        skills: r.list("skills"),
        priority: r.optional_number("priority")?.unwrap_or(1.0),
        referent: r.optional("referent"),
        refused_carers: r.list("refused_carers"),
        pinned_carer: r.optional("pinned_carer"),
        pinned_start: r.optional_time("pinned_start")?,
        carers,
        delivery: r.ints("delivery")?,
        pickup: r.ints("pickup")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::week::default_week;

    #[test]
    fn the_embedded_week_reads_back_from_its_csv() {
        let week = default_week();
        let csv = week.to_csv();
        let back = Week::from_csv(&week.days, &csv.carers, &csv.orders).unwrap();
        let expected = Week {
            name: None,
            links: Vec::new(),
            weights: None,
            week_weights: WeekWeights::default(),
            ..week.clone()
        };
        assert_eq!(back, expected);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let days = vec!["2026-12-07".to_string()];
        let orders = "id,duration_min\no1,15\n";
        let e = Week::from_csv(&days, "id,mon\nn1,7h-12h\n", orders)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("carers.csv, line 2, column mon") && e.contains("7h-12h"),
            "{e}"
        );
        let e = Week::from_csv(&days, "id,monday\nn1,07:00-12:00\n", orders)
            .unwrap_err()
            .to_string();
        assert!(e.contains("monday") && e.contains("unknown column"), "{e}");
        let e = Week::from_csv(
            &days,
            "id,mon\nn1,07:00-12:00\n",
            "id,duration_min,carers\no1,15,3\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("orders.csv, line 2, column carers"), "{e}");
        let e = Week::from_csv(&days, "id,mon\nn1,07:00-12:00\n", "id\no1\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("duration_min"), "{e}");
    }

    #[test]
    fn dated_shifts_override_weekdays() {
        let days: Vec<String> = ["2026-12-07", "2026-12-08"].map(String::from).to_vec();
        let carers =
            "id,start_index,mon,tue,2026-12-08\nn1,0,07:00-12:00,07:00-12:00,13:00-18:00\n";
        let week =
            Week::from_csv(&days, carers, "id,duration_min,location_index\no,10,1\n").unwrap();
        assert_eq!(
            week.carers[0].shifts["2026-12-08"],
            ["13:00".to_string(), "18:00".to_string()]
        );
        let again = Week::from_csv(&days, &week.to_csv().carers, &week.to_csv().orders).unwrap();
        assert_eq!(again, week);
    }
}
