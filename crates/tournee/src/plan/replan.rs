//! Re-planning a day while it runs: a carer calls in sick, an urgent visit comes, a dressing
//! takes twice as long. Given the day, the plan being carried out, the time of the re-plan
//! (`at`) and what happened ([`Events`]), [`ReplanDay::new`] writes what remains as a day of
//! its own (solved, checked and exported like any other, and saved as `replan.day.json`), and
//! [`ReplanDay::finish`] joins the part already done and the new plan of the rest into the
//! plan of the whole day, with what changed for whom ([`Change`], `changes.csv`).
//!
//! - **frozen**: every stop that started before `at` stays exactly as it was (copied, not
//!   searched again); a visit in progress finishes (with its new duration if one was given);
//! - **carers go on from where they are**: each carer of the remaining day starts at the place
//!   of the last frozen visit when it ends (a carer driving at `at` is re-routed as from the
//!   place left), with the breaks not taken, the working time left, and the van's room less
//!   the pickups on board; nothing starts before `at` (`not_before`);
//! - **links and loads** between a frozen visit and one to come become rules of the one to
//!   come (its earliest and latest start, the carer refused for a double visit; a load
//!   picked up stays in that van until delivered);
//! - **announcements**: a visit that was planned for a carer still at work keeps, as costs,
//!   what the patient was told: the announced carer becomes its one preferred carer (another
//!   costs `Weights::moved`), the start never moves more than `tolerance_min` earlier (the
//!   carer waits) and costs `Weights::moved` (+ `Weights::moved_late` per second) when it moves
//!   more than that later (`announced`). A visit whose carer is absent has no announcement
//!   left to keep. A delivery stays in its van: with its carer, unless the carer is absent;
//! - **events**: `carer_absent` (nothing new for the carer from `from`: at once when `from`
//!   ≤ `at`, else the shift ends then), `visit_added`, `visit_cancelled` (not once started),
//!   `duration_changed` (also of the visit in progress), `carer_delayed` (the visit in
//!   progress lasts longer, or the carer leaves that much later).
//!
//! With [`ReplanOptions::keep_announcements`] off, the remaining visits are planned from
//! scratch (the frozen part still holds): what a planner without announcements does.
//!
//! ```
//! use tournee::plan::{build, default_day, default_map, plan_day, Events, ReplanDay,
//!                     ReplanOptions};
//! use tournee::roads::RoadNetwork;
//! use tournee_solver::care::CareOptions;
//!
//! let map = default_map();
//! let dir = tempfile::tempdir().unwrap();
//! let pbf = dir.path().join("canton.osm.pbf");
//! map.osm.write(&pbf).unwrap();
//! let net = RoadNetwork::from_osm(&pbf).unwrap();
//! let day = default_day();
//! let options = CareOptions { iterations: Some(3_000), ..Default::default() };
//! let plan = plan_day(&net, &day, &options).unwrap();
//! let carer = plan.rounds[0].carer.clone();
//! let events = Events::from_json(&format!(
//!     r#"{{"events": [{{"kind": "carer_absent", "carer": "{carer}", "from": "10:00"}}]}}"#
//! )).unwrap();
//! let re = ReplanDay::new(&day, &plan, "10:00", &events, &ReplanOptions::default()).unwrap();
//! let built = build(&net, &re.day).unwrap();
//! let rest = built.solve(&re.day, &options).unwrap();
//! let replan = re.finish(&plan, rest, &built).unwrap();
//! assert!(replan.plan.rounds[0].stops.iter().all(|s| s.start_s < 36_000.0));
//! println!("{}", tournee::plan::changes_csv(&replan.changes));
//! ```

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::{Deserialize, Serialize};
use tournee_solver::care::{StopKind, Weights};

use super::build::Built;
use super::csv::quote;
use super::error::PlanError;
use super::input::{read, Day, LinkKindInput, VisitInput};
use super::output::{share_of, Plan, PlanRound, PlanStop, PlanTotals};
use super::time::{format_hhmm, format_hhmmss, parse_hhmm};

/// What happened since the plan was made (`EVENTS.json`: `{"events": [...]}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Events {
    /// The events, applied in order.
    pub events: Vec<Event>,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Event {
    /// The carer stops working from `from` (`"HH:MM"`): sick, car broken down.
    CarerAbsent {
        /// Carer id.
        carer: String,
        /// From when, `"HH:MM"`.
        from: String,
    },
    /// A new visit (urgent), with its windows and rules as in the day.
    VisitAdded {
        /// The visit.
        visit: Box<VisitInput>,
    },
    /// A visit no longer needed (not once started).
    VisitCancelled {
        /// Visit id.
        visit: String,
    },
    /// A visit takes `duration_min` minutes instead (also the one in progress).
    DurationChanged {
        /// Visit id.
        visit: String,
        /// The new duration, minutes.
        duration_min: f64,
    },
    /// The carer runs `minutes` late: the visit in progress at the re-plan time lasts that
    /// much longer, or the carer leaves the current place that much later.
    CarerDelayed {
        /// Carer id.
        carer: String,
        /// Minutes of delay.
        minutes: f64,
    },
}

impl Event {
    fn kind(&self) -> &'static str {
        match self {
            Event::CarerAbsent { .. } => "carer_absent",
            Event::VisitAdded { .. } => "visit_added",
            Event::VisitCancelled { .. } => "visit_cancelled",
            Event::DurationChanged { .. } => "duration_changed",
            Event::CarerDelayed { .. } => "carer_delayed",
        }
    }
}

impl Events {
    /// Parses events from JSON text (a misspelt field or kind is an error naming it).
    pub fn from_json(text: &str) -> Result<Events, PlanError> {
        Self::from_json_named(text, "events")
    }

    /// Reads an `EVENTS.json` file.
    pub fn read_json(path: impl AsRef<Path>) -> Result<Events, PlanError> {
        let path = path.as_ref();
        Self::from_json_named(&read(path)?, &path.display().to_string())
    }

    fn from_json_named(text: &str, name: &str) -> Result<Events, PlanError> {
        serde_json::from_str(text).map_err(|e| PlanError::Json {
            path: name.to_string(),
            detail: e.to_string(),
        })
    }

    /// The events as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("events always serialise")
    }
}

/// How a re-plan treats what was announced.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReplanOptions {
    /// A start may move this many minutes either way without the patient being called
    /// (default 15).
    pub tolerance_min: f64,
    /// Keep the announced carers and times as costs (default `true`); `false` re-plans the
    /// remaining visits from scratch.
    pub keep_announcements: bool,
}

impl Default for ReplanOptions {
    fn default() -> Self {
        ReplanOptions {
            tolerance_min: 15.0,
            keep_announcements: true,
        }
    }
}

/// The day to solve for a re-plan, and what it was made from.
#[derive(Clone, Debug)]
pub struct ReplanDay {
    /// The day the engine solves: what remains after the re-plan time, each carer starting
    /// where and when the part already done leaves them, events applied.
    pub day: Day,
    /// The re-plan time, seconds since midnight.
    pub at_s: f64,
    /// The tolerance on announced starts, seconds.
    tolerance_s: f64,
    /// Per carer (the day's order), the stops started before `at`, as they were (a visit in
    /// progress with its new end).
    frozen: Vec<Vec<PlanStop>>,
    /// Per carer, the old round (leave time, start and end places).
    rounds: Vec<Option<PlanRound>>,
    /// Per carer, the pause of a delay when no visit is in progress (seconds).
    delay_pause: Vec<f64>,
    /// Per carer, the shift end before the re-plan moved it, when it did.
    original_shift_ends: Vec<Option<f64>>,
    /// Carers absent, with the time.
    absent: HashMap<String, f64>,
    /// Visits cancelled.
    cancelled: HashSet<String>,
    /// Visits added.
    added: HashSet<String>,
    /// The whole day with the events applied.
    updated_day: Day,
}

/// One change of what a patient was told, for the coordinator's phone calls
/// (`changes.csv`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Visit id.
    pub visit: String,
    /// Patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// Carer before the re-plan (none: not planned).
    pub old_carer: Option<String>,
    /// Start before the re-plan, `"HH:MM"`.
    pub old_start: Option<String>,
    /// Carer after the re-plan (none: left out or cancelled).
    pub new_carer: Option<String>,
    /// Start after the re-plan, `"HH:MM"`.
    pub new_start: Option<String>,
    /// `"carer_absent"`, `"carer_changed"`, `"moved"` (start more than the tolerance away),
    /// `"left_out:<code>"`, `"now_served"`, `"added"`, `"cancelled"`.
    pub reason: String,
}

impl Change {
    /// Whether the patient must be told again: a visit that was announced and now has
    /// another carer, another time, or no visit.
    pub fn is_announcement_change(&self) -> bool {
        self.old_carer.is_some()
            && (self.reason == "carer_absent"
                || self.reason == "carer_changed"
                || self.reason == "moved"
                || self.reason.starts_with("left_out"))
    }
}

/// A re-planned day.
#[derive(Clone, Debug)]
pub struct Replan {
    /// The new plan of the whole day (the frozen part as it was).
    pub plan: Plan,
    /// What changed, visit by visit.
    pub changes: Vec<Change>,
    /// Stops kept as they were (started before the re-plan time).
    pub frozen: usize,
    /// What remained to plan, as the day that was solved.
    pub day: Day,
    /// The whole day with the events applied (visits added, cancelled, durations changed):
    /// the day [`Replan::plan`] is a plan of, for a later re-plan.
    pub updated_day: Day,
}

impl Replan {
    /// How many announced visits changed carer, start or were left out.
    pub fn announcements_changed(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.is_announcement_change())
            .count()
    }
}

fn bad(item: impl Into<String>, problem: impl Into<String>) -> PlanError {
    PlanError::BadReplan {
        item: item.into(),
        problem: problem.into(),
    }
}

impl ReplanDay {
    /// The day to solve when `plan` (made for `day`) is re-planned at `at` (`"HH:MM"`) after
    /// `events`. Errors name the item: a time outside the day, a plan that does not belong
    /// to the day, an event naming an unknown carer or visit, cancelling a started visit.
    pub fn new(
        day: &Day,
        plan: &Plan,
        at: &str,
        events: &Events,
        options: &ReplanOptions,
    ) -> Result<ReplanDay, PlanError> {
        day.validate()?;
        let at_s = parse_hhmm(at).ok_or_else(|| PlanError::BadTime {
            item: "re-plan".into(),
            field: "at".into(),
            value: at.into(),
        })?;
        if !(options.tolerance_min.is_finite() && options.tolerance_min >= 0.0) {
            return Err(PlanError::BadNumber {
                item: "re-plan".into(),
                field: "tolerance_min".into(),
                value: options.tolerance_min,
                expected: "must be ≥ 0",
            });
        }
        let time = |t: &str| parse_hhmm(t).unwrap_or(0.0);
        let first = day
            .carers
            .iter()
            .map(|c| time(&c.shift_start))
            .fold(f64::INFINITY, f64::min);
        let last = day
            .carers
            .iter()
            .map(|c| time(&c.shift_end) + c.max_overtime_min * 60.0)
            .fold(f64::NEG_INFINITY, f64::max);
        if at_s < first || at_s > last {
            return Err(bad(
                "re-plan time",
                format!(
                    "{at} is outside the day (shifts from {} to {})",
                    format_hhmm(first),
                    format_hhmm(last)
                ),
            ));
        }
        let (frozen, rounds) = frozen_part(day, plan, at_s)?;
        let mut re = ReplanDay {
            day: day.clone(),
            at_s,
            tolerance_s: options.tolerance_min * 60.0,
            delay_pause: vec![0.0; frozen.len()],
            original_shift_ends: vec![None; frozen.len()],
            frozen,
            rounds,
            absent: HashMap::new(),
            cancelled: HashSet::new(),
            added: HashSet::new(),
            updated_day: day.clone(),
        };
        let mut delays: HashMap<String, f64> = HashMap::new();
        re.apply(events, &mut delays)?;
        re.updated_day = re.day.clone();
        let cancelled = &re.cancelled;
        let updated = &mut re.updated_day;
        updated.visits.retain(|v| !cancelled.contains(&v.id));
        updated
            .links
            .retain(|l| !cancelled.contains(&l.first) && !cancelled.contains(&l.second));
        updated
            .shipments
            .retain(|s| !cancelled.contains(&s.pickup) && !cancelled.contains(&s.delivery));
        let served: HashMap<String, (String, f64)> = plan
            .rounds
            .iter()
            .flat_map(|r| {
                r.stops
                    .iter()
                    .filter(|s| s.kind == StopKind::Visit)
                    .map(|s| (s.id.clone(), (r.carer.clone(), s.start_s)))
            })
            .collect();
        re.remainder(options, &served, &delays);
        Ok(re)
    }

    fn is_frozen(&self, visit: &str) -> Option<(usize, &PlanStop)> {
        self.frozen.iter().enumerate().find_map(|(k, stops)| {
            stops
                .iter()
                .find(|s| s.kind == StopKind::Visit && s.id == visit)
                .map(|s| (k, s))
        })
    }

    /// Applies the events to the copy of the day (checking every id they name).
    fn apply(
        &mut self,
        events: &Events,
        delays: &mut HashMap<String, f64>,
    ) -> Result<(), PlanError> {
        for (i, e) in events.events.iter().enumerate() {
            let item = format!("event {} ({})", i + 1, e.kind());
            let carer_known = |day: &Day, c: &str| day.carers.iter().any(|x| x.id == c);
            match e {
                Event::CarerAbsent { carer, from } => {
                    if !carer_known(&self.day, carer) {
                        return Err(bad(item, format!("names unknown carer {carer:?}")));
                    }
                    let t = parse_hhmm(from).ok_or_else(|| PlanError::BadTime {
                        item: item.clone(),
                        field: "from".into(),
                        value: from.clone(),
                    })?;
                    self.absent.insert(carer.clone(), t);
                }
                Event::CarerDelayed { carer, minutes } => {
                    if !carer_known(&self.day, carer) {
                        return Err(bad(item, format!("names unknown carer {carer:?}")));
                    }
                    if !(minutes.is_finite() && *minutes >= 0.0 && *minutes <= 24.0 * 60.0) {
                        return Err(PlanError::BadNumber {
                            item,
                            field: "minutes".into(),
                            value: *minutes,
                            expected: "must be between 0 and 1440",
                        });
                    }
                    *delays.entry(carer.clone()).or_default() += minutes * 60.0;
                }
                Event::VisitAdded { visit } => {
                    if self.day.visits.iter().any(|v| v.id == visit.id) {
                        return Err(bad(
                            item,
                            format!("adds visit {:?}, which the day already has", visit.id),
                        ));
                    }
                    self.added.insert(visit.id.clone());
                    self.day.visits.push((**visit).clone());
                }
                Event::VisitCancelled { visit } => {
                    self.known_visit(&item, visit)?;
                    if let Some((_, f)) = self.is_frozen(visit) {
                        return Err(bad(
                            item,
                            format!(
                                "cancels visit {visit:?}, which started at {} (before the re-plan time)",
                                format_hhmm(f.start_s)
                            ),
                        ));
                    }
                    self.cancelled.insert(visit.clone());
                }
                Event::DurationChanged {
                    visit,
                    duration_min,
                } => {
                    self.known_visit(&item, visit)?;
                    if !(duration_min.is_finite() && *duration_min >= 0.0) {
                        return Err(PlanError::BadNumber {
                            item,
                            field: "duration_min".into(),
                            value: *duration_min,
                            expected: "must be ≥ 0",
                        });
                    }
                    let at = self.at_s;
                    if let Some((k, f)) = self.is_frozen(visit) {
                        if f.end_s <= at {
                            return Err(bad(
                                item,
                                format!(
                                    "changes the duration of visit {visit:?}, which ended at {} (before the re-plan time)",
                                    format_hhmm(f.end_s)
                                ),
                            ));
                        }
                        // The visit in progress ends later (or sooner, not before now).
                        let stop = self.frozen[k]
                            .iter_mut()
                            .find(|s| s.kind == StopKind::Visit && &s.id == visit)
                            .expect("found above");
                        set_end(stop, (stop.start_s + duration_min * 60.0).max(at));
                    }
                    let v = self
                        .day
                        .visits
                        .iter_mut()
                        .find(|v| &v.id == visit)
                        .expect("checked");
                    v.duration_min = *duration_min;
                }
            }
        }
        Ok(())
    }

    fn known_visit(&self, item: &str, visit: &str) -> Result<(), PlanError> {
        if self.cancelled.contains(visit) {
            return Err(bad(
                item,
                format!("names visit {visit:?}, already cancelled"),
            ));
        }
        if !self.day.visits.iter().any(|v| v.id == visit) {
            return Err(bad(item, format!("names unknown visit {visit:?}")));
        }
        Ok(())
    }

    /// Turns the copy of the day into what remains: the frozen visits out, each carer from
    /// where and when the frozen part leaves them, links and loads of the frozen part carried
    /// over, the rest from `at`, announcements kept as costs.
    fn remainder(
        &mut self,
        options: &ReplanOptions,
        served: &HashMap<String, (String, f64)>,
        delays: &HashMap<String, f64>,
    ) {
        let at = self.at_s;
        let weights = self.day.weights.unwrap_or_else(Weights::home_care);
        // Delays: the visit in progress lasts longer, or the carer leaves later.
        for (k, c) in self.day.carers.iter().enumerate() {
            let Some(&d) = delays.get(&c.id) else {
                continue;
            };
            match self.frozen[k]
                .iter_mut()
                .find(|s| s.kind == StopKind::Visit && s.end_s > at)
            {
                Some(stop) => set_end(stop, stop.end_s + d),
                None => self.delay_pause[k] = d,
            }
        }
        let frozen_ids: HashMap<String, (usize, f64)> = self
            .frozen
            .iter()
            .enumerate()
            .flat_map(|(k, stops)| {
                stops
                    .iter()
                    .filter(|s| s.kind == StopKind::Visit)
                    .map(move |s| (s.id.clone(), (k, s.start_s)))
            })
            .collect();
        let carer_ids: Vec<String> = self.day.carers.iter().map(|c| c.id.clone()).collect();
        // When each carer is free for something new: the end of the last frozen stop (after a
        // delay's pause, from `at`), or the shift's start.
        let free_at: Vec<f64> = self
            .day
            .carers
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let shift_open = parse_hhmm(&c.shift_start).unwrap_or(0.0);
                let last_end = self.frozen[k]
                    .iter()
                    .map(|s| s.end_s)
                    .fold(f64::NEG_INFINITY, f64::max);
                if self.delay_pause[k] > 0.0 {
                    last_end.max(at).max(shift_open) + self.delay_pause[k]
                } else {
                    last_end.max(shift_open)
                }
            })
            .collect();
        // Links and loads between a frozen visit and one still to come become rules of the
        // one to come.
        let mut after: HashMap<String, f64> = HashMap::new();
        let mut before: HashMap<String, f64> = HashMap::new();
        let mut refuse: HashMap<String, String> = HashMap::new();
        for l in &self.day.links {
            if let (Some(&(k, s1)), None) = (frozen_ids.get(&l.first), frozen_ids.get(&l.second)) {
                let (lo, hi) = match l.kind {
                    LinkKindInput::Simultaneous => (s1, s1),
                    LinkKindInput::Sequential => (
                        s1 + l.min_gap_min * 60.0,
                        l.max_gap_min.map_or(f64::INFINITY, |g| s1 + g * 60.0),
                    ),
                };
                after.insert(l.second.clone(), lo);
                before.insert(l.second.clone(), hi);
                if l.needs_distinct_carers() {
                    refuse.insert(l.second.clone(), carer_ids[k].clone());
                }
            }
        }
        let mut on_board: HashMap<String, (String, Vec<i64>)> = HashMap::new();
        for sh in &self.day.shipments {
            if let (Some(&(k, _)), None) =
                (frozen_ids.get(&sh.pickup), frozen_ids.get(&sh.delivery))
            {
                on_board.insert(sh.delivery.clone(), (carer_ids[k].clone(), sh.load.clone()));
            }
        }
        let gone = |id: &str| self.cancelled.contains(id) || frozen_ids.contains_key(id);
        self.day
            .links
            .retain(|l| !gone(&l.first) && !gone(&l.second));
        self.day
            .shipments
            .retain(|s| !gone(&s.pickup) && !gone(&s.delivery));
        // Pickups already on board take room in the van until the end of the round.
        let mut picked: Vec<Vec<i64>> = vec![Vec::new(); self.day.carers.len()];
        for (k, stops) in self.frozen.iter().enumerate() {
            for s in stops.iter().filter(|s| s.kind == StopKind::Visit) {
                if let Some(v) = self.day.visits.iter().find(|v| v.id == s.id) {
                    add_loads(&mut picked[k], &v.pickup);
                }
            }
        }
        self.day.visits.retain(|v| !gone(&v.id));
        let not_before = format_hhmmss(at);
        for v in &mut self.day.visits {
            let earliest = after.get(&v.id).copied().unwrap_or(at).max(at);
            v.not_before = Some(match &v.not_before {
                Some(t) if parse_hhmm(t).unwrap_or(0.0) > earliest => t.clone(),
                _ if earliest > at => format_hhmmss(earliest),
                _ => not_before.clone(),
            });
            if let Some(&hi) = before.get(&v.id) {
                close_windows(v, hi);
            }
            if let Some(c) = refuse.get(&v.id) {
                if !v.refused_carers.contains(c) {
                    v.refused_carers.push(c.clone());
                }
            }
            if let Some((carer, load)) = on_board.get(&v.id) {
                v.pinned_carer = Some(carer.clone());
                add_loads(&mut v.delivery, load);
            }
            let announced = served
                .get(&v.id)
                .filter(|(carer, start)| self.absent.get(carer).is_none_or(|&from| *start < from));
            match announced {
                Some((carer, start)) => {
                    if options.keep_announcements {
                        let open = (start - self.tolerance_s).max(at);
                        let close = (start + self.tolerance_s).max(open);
                        let last_close = v
                            .windows
                            .last()
                            .and_then(|w| parse_hhmm(&w[1]))
                            .unwrap_or(f64::INFINITY);
                        if open <= last_close {
                            v.announced = Some([format_hhmmss(open), format_hhmmss(close)]);
                        }
                        v.preferred_carers = vec![carer.clone()];
                        v.continuity_weight = if weights.continuity > 0.0 {
                            weights.moved / weights.continuity
                        } else {
                            0.0
                        };
                    }
                    if !v.delivery.is_empty() && v.pinned_carer.is_none() {
                        // The equipment is in this van.
                        v.pinned_carer = Some(carer.clone());
                    }
                }
                None => v.announced = None,
            }
            for (carer, &from) in &self.absent {
                // Gone before being free for anything new.
                let gone = carer_ids
                    .iter()
                    .position(|c| c == carer)
                    .is_some_and(|k| from <= free_at[k].max(at));
                if gone {
                    if v.pinned_carer.as_ref() == Some(carer) {
                        v.pinned_carer = None;
                    }
                    if !v.refused_carers.contains(carer) {
                        v.refused_carers.push(carer.clone());
                    }
                }
            }
            if let Some(pin) = v.pinned_carer.clone() {
                v.refused_carers.retain(|c| c != &pin);
            }
        }
        // Each carer goes on from where and when the frozen part leaves them.
        for (k, c) in self.day.carers.iter_mut().enumerate() {
            let done = &self.frozen[k];
            let shift_close = parse_hhmm(&c.shift_end).unwrap_or(0.0);
            let pause = self.delay_pause[k];
            let free = free_at[k];
            if !done.is_empty() || pause > 0.0 {
                if c.end.is_none() && c.end_index.is_none() {
                    c.end = c.start;
                    c.end_index = c.start_index;
                }
                if let Some(place) = done.iter().rev().find(|s| s.kind == StopKind::Visit) {
                    // A row on a matrix day (even when the matrix gives coordinates), else
                    // the coordinates.
                    match place.location_index {
                        Some(row) => (c.start, c.start_index) = (None, Some(row)),
                        None => (c.start, c.start_index) = (place.location, None),
                    }
                }
                c.shift_start = format_hhmmss(free);
                let end = shift_close;
                if end <= free {
                    self.original_shift_ends[k] = Some(end);
                    // Past the shift already: overtime from here on (a shift of one second).
                    c.max_overtime_min = (c.max_overtime_min - (free - end) / 60.0).max(0.0);
                    c.shift_end = format_hhmmss(free + 1.0);
                }
                if let (Some(max), Some(round)) = (c.max_working_time_min, &self.rounds[k]) {
                    if !done.is_empty() {
                        c.max_working_time_min =
                            Some((max - (free - round.leave_s) / 60.0).max(1.0));
                    }
                }
                if !c.capacity.is_empty() {
                    for (d, p) in picked[k].iter().enumerate() {
                        if let Some(cap) = c.capacity.get_mut(d) {
                            *cap = (*cap - p).max(0);
                        }
                    }
                }
            }
            let taken: HashSet<&str> = done
                .iter()
                .filter(|s| s.kind == StopKind::Break)
                .map(|s| s.id.as_str())
                .collect();
            // Breaks still to take: not for a carer already gone; for one leaving later,
            // those that may start before leaving.
            let absent = self.absent.get(&c.id).copied();
            c.breaks.retain(|b| {
                !taken.contains(b.id.as_str())
                    && absent.is_none_or(|from| {
                        let open = parse_hhmm(&b.window[0]).unwrap_or(0.0).max(free);
                        from > free.max(at) && open + b.duration_min * 60.0 <= from
                    })
                    && parse_hhmm(&b.window[1]).unwrap_or(0.0) >= free
            });
            for b in &mut c.breaks {
                if parse_hhmm(&b.window[0]).unwrap_or(0.0) < free {
                    b.window[0] = format_hhmmss(free);
                }
                if let Some(from) = absent {
                    // Over before leaving (the retain above kept only breaks that can be).
                    let latest = from - b.duration_min * 60.0;
                    if latest < parse_hhmm(&b.window[1]).unwrap_or(0.0) {
                        b.window[1] = format_hhmmss(latest);
                    }
                }
            }
            if let Some(from) = absent {
                if from > free.max(at) && from < shift_close {
                    // Works until `from`, then goes home.
                    self.original_shift_ends[k] = Some(shift_close);
                    c.shift_end = format_hhmmss(from);
                }
            }
        }
    }
}

impl ReplanDay {
    /// The plan of the whole day from `new`, the plan of [`ReplanDay::day`] on `built` (its
    /// problem): the frozen stops as they were, then each carer's new stops; and the changes
    /// from `old`, visit by visit.
    pub fn finish(&self, old: &Plan, new: Plan, built: &Built) -> Result<Replan, PlanError> {
        let mut rounds = Vec::with_capacity(self.day.carers.len());
        for (k, c) in self.day.carers.iter().enumerate() {
            let done = &self.frozen[k];
            let fresh = new.rounds.iter().find(|r| r.carer == c.id).ok_or_else(|| {
                bad(
                    format!("carer {}", c.id),
                    "has no round in the re-planned part",
                )
            })?;
            let Some(first) = self.rounds[k].as_ref().filter(|_| !done.is_empty()) else {
                rounds.push(fresh.clone());
                continue;
            };
            let mut stops: Vec<PlanStop> = done.clone();
            stops.extend(fresh.stops.iter().cloned());
            for (i, s) in stops.iter_mut().enumerate() {
                s.seq = i + 1;
            }
            let (return_min, return_km, back) = if fresh.visits > 0 {
                (
                    fresh.return_travel_min,
                    fresh.return_travel_km,
                    fresh.back_s,
                )
            } else {
                // Straight home from the last frozen stop.
                let p = &built.problem;
                let carer = &p.carers[k];
                let t = p.travel.time(carer.start_place, carer.end_place);
                let d = p.travel.distance(carer.start_place, carer.end_place);
                let last = done
                    .iter()
                    .map(|s| s.end_s)
                    .fold(f64::NEG_INFINITY, f64::max);
                (round2(t / 60.0), round3(d / 1000.0), last + t)
            };
            let driving: f64 = stops.iter().map(|s| s.travel_min).sum::<f64>() + return_min;
            let distance: f64 = stops.iter().map(|s| s.travel_km).sum::<f64>() + return_km;
            let working = (back - first.leave_s) / 60.0;
            let shift_end = self
                .original_shift_end(k)
                .unwrap_or_else(|| parse_hhmm(&c.shift_end).unwrap_or(back));
            rounds.push(PlanRound {
                carer: c.id.clone(),
                role: c.role.clone(),
                start: first.start,
                end: first.end,
                start_index: first.start_index,
                end_index: first.end_index,
                leave: first.leave.clone(),
                back: format_hhmm(back),
                leave_s: first.leave_s,
                back_s: back,
                visits: stops.iter().filter(|s| s.kind == StopKind::Visit).count(),
                stops,
                return_travel_min: return_min,
                return_travel_km: return_km,
                driving_min: round2(driving),
                distance_km: round3(distance),
                working_min: round2(working),
                driving_share: share_of(driving, working),
                overtime_min: round2(((back - shift_end) / 60.0).max(0.0)),
            });
        }
        let all_stops = || rounds.iter().flat_map(|r| r.stops.iter());
        let served = all_stops().filter(|s| s.kind == StopKind::Visit).count();
        let driving: f64 = rounds.iter().map(|r| r.driving_min).sum();
        let working: f64 = rounds.iter().map(|r| r.working_min).sum();
        let totals = PlanTotals {
            visits: served + new.unassigned.len(),
            served,
            unassigned: new.unassigned.len(),
            driving_min: round2(driving),
            distance_km: round3(rounds.iter().map(|r| r.distance_km).sum()),
            working_min: round2(working),
            driving_share: share_of(driving, working),
            overtime_min: round2(rounds.iter().map(|r| r.overtime_min).sum()),
            total_lateness_min: round2(all_stops().map(|s| s.lateness_min).sum()),
            max_lateness_min: all_stops().map(|s| s.lateness_min).fold(0.0, f64::max),
            continuity_breaks: all_stops().filter(|s| s.continuity_break).count(),
        };
        let plan = Plan {
            name: old.name.clone().or(new.name.clone()),
            feasible: new.feasible,
            totals,
            rounds,
            unassigned: new.unassigned.clone(),
            cost: new.cost.clone(),
            search: new.search.clone(),
            interrupted: new.interrupted,
        };
        let changes = self.changes(old, &plan);
        Ok(Replan {
            changes,
            frozen: self.frozen.iter().map(Vec::len).sum(),
            day: self.day.clone(),
            updated_day: self.updated_day.clone(),
            plan,
        })
    }

    /// The shift end of carer `k` before the re-plan moved it (absence, late start).
    fn original_shift_end(&self, k: usize) -> Option<f64> {
        self.original_shift_ends.get(k).copied().flatten()
    }

    /// Visit by visit, what the patient must be told again.
    fn changes(&self, old: &Plan, new: &Plan) -> Vec<Change> {
        let where_served = |p: &Plan| -> HashMap<String, (String, f64)> {
            p.rounds
                .iter()
                .flat_map(|r| {
                    r.stops
                        .iter()
                        .filter(|s| s.kind == StopKind::Visit)
                        .map(|s| (s.id.clone(), (r.carer.clone(), s.start_s)))
                })
                .collect()
        };
        let before = where_served(old);
        let after = where_served(new);
        let left: HashMap<&str, &str> = new
            .unassigned
            .iter()
            .map(|u| (u.visit.as_str(), u.code.as_str()))
            .collect();
        let frozen: HashSet<&str> = self
            .frozen
            .iter()
            .flatten()
            .filter(|s| s.kind == StopKind::Visit)
            .map(|s| s.id.as_str())
            .collect();
        let mut patients: HashMap<&str, Option<String>> = HashMap::new();
        for r in &old.rounds {
            for s in &r.stops {
                patients.insert(s.id.as_str(), s.patient.clone());
            }
        }
        for u in old.unassigned.iter().chain(&new.unassigned) {
            patients.insert(u.visit.as_str(), u.patient.clone());
        }
        for v in &self.day.visits {
            patients.insert(v.id.as_str(), v.patient.clone());
        }
        let mut ids: Vec<&str> = before.keys().map(String::as_str).collect();
        ids.extend(old.unassigned.iter().map(|u| u.visit.as_str()));
        ids.extend(self.added.iter().map(String::as_str));
        ids.sort_unstable();
        ids.dedup();
        let mut changes = Vec::new();
        for id in ids {
            if frozen.contains(id) {
                continue;
            }
            let was = before.get(id);
            let now = after.get(id);
            let reason = if self.cancelled.contains(id) {
                "cancelled".to_string()
            } else if self.added.contains(id) {
                match now {
                    Some(_) => "added".to_string(),
                    None => format!("added, left_out:{}", left.get(id).unwrap_or(&"")),
                }
            } else {
                match (was, now) {
                    (Some((oc, _)), Some((nc, _))) if oc != nc => {
                        if self.absent.contains_key(oc) {
                            "carer_absent".to_string()
                        } else {
                            "carer_changed".to_string()
                        }
                    }
                    (Some((_, os)), Some((_, ns))) => {
                        if (ns - os).abs() > self.tolerance_s + 1e-6 {
                            "moved".to_string()
                        } else {
                            continue;
                        }
                    }
                    (Some(_), None) => format!("left_out:{}", left.get(id).unwrap_or(&"")),
                    (None, Some(_)) => "now_served".to_string(),
                    (None, None) => continue,
                }
            };
            changes.push(Change {
                visit: id.to_string(),
                patient: patients.get(id).cloned().flatten(),
                old_carer: was.map(|(c, _)| c.clone()),
                old_start: was.map(|(_, s)| format_hhmm(*s)),
                new_carer: now.map(|(c, _)| c.clone()),
                new_start: now.map(|(_, s)| format_hhmm(*s)),
                reason,
            });
        }
        changes
    }
}

/// Sets the end of a stop (seconds and `"HH:MM"`).
fn set_end(stop: &mut PlanStop, end: f64) {
    stop.end_s = end;
    stop.end = format_hhmm(end);
}

/// Adds `load` to `to`, dimension by dimension.
fn add_loads(to: &mut Vec<i64>, load: &[i64]) {
    if to.len() < load.len() {
        to.resize(load.len(), 0);
    }
    for (t, l) in to.iter_mut().zip(load) {
        *t += l;
    }
}

/// Makes every window of `v` close by `hi` (a link to a visit already started); a visit
/// without windows gets one up to `hi`.
fn close_windows(v: &mut VisitInput, hi: f64) {
    if !hi.is_finite() {
        return;
    }
    if v.windows.is_empty() {
        v.windows = vec![["00:00".into(), format_hhmmss(hi)]];
        return;
    }
    let mut kept: Vec<[String; 2]> = Vec::new();
    for w in &v.windows {
        let open = parse_hhmm(&w[0]).unwrap_or(0.0);
        let close = parse_hhmm(&w[1]).unwrap_or(0.0);
        if open <= hi {
            kept.push([w[0].clone(), format_hhmmss(close.min(hi))]);
        }
    }
    if kept.is_empty() {
        // No window left before `hi`: the visit can no longer keep its link; an empty
        // instant at `hi` leaves it out with the reason "window".
        kept.push([format_hhmmss(hi), format_hhmmss(hi)]);
    }
    v.windows = kept;
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The stops of `plan` started before `at` per carer of `day`, and each carer's old round,
/// after checking that the plan belongs to `day`.
#[allow(clippy::type_complexity)]
fn frozen_part(
    day: &Day,
    plan: &Plan,
    at: f64,
) -> Result<(Vec<Vec<PlanStop>>, Vec<Option<PlanRound>>), PlanError> {
    let visits: HashSet<&str> = day.visits.iter().map(|v| v.id.as_str()).collect();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut frozen = vec![Vec::new(); day.carers.len()];
    let mut rounds = vec![None; day.carers.len()];
    for r in &plan.rounds {
        let Some(k) = day.carers.iter().position(|c| c.id == r.carer) else {
            return Err(bad(
                format!("plan: round of {}", r.carer),
                "is not a carer of the day (the plan belongs to another day)",
            ));
        };
        let carer = &day.carers[k];
        for s in &r.stops {
            match s.kind {
                StopKind::Visit => {
                    if !visits.contains(s.id.as_str()) {
                        return Err(bad(
                            format!("plan: visit {}", s.id),
                            "is not a visit of the day (the plan belongs to another day)",
                        ));
                    }
                    if !seen.insert(s.id.as_str()) {
                        return Err(bad(
                            format!("plan: visit {}", s.id),
                            "appears twice in the plan",
                        ));
                    }
                }
                StopKind::Break => {
                    if !carer.breaks.iter().any(|b| b.id == s.id) {
                        return Err(bad(
                            format!("plan: break {} of {}", s.id, r.carer),
                            "is not a break of that carer in the day",
                        ));
                    }
                }
                StopKind::Reload => {}
            }
            if s.start_s < at {
                frozen[k].push(s.clone());
            }
        }
        rounds[k] = Some(r.clone());
    }
    for u in &plan.unassigned {
        if !visits.contains(u.visit.as_str()) {
            return Err(bad(
                format!("plan: visit {}", u.visit),
                "is not a visit of the day (the plan belongs to another day)",
            ));
        }
        seen.insert(u.visit.as_str());
    }
    if let Some(v) = day.visits.iter().find(|v| !seen.contains(v.id.as_str())) {
        return Err(bad(
            format!("visit {}", v.id),
            "is neither in a round nor left out in the plan (the plan belongs to another day)",
        ));
    }
    Ok((frozen, rounds))
}

/// Header of `changes.csv`.
pub const CHANGES_COLUMNS: &str = "visit,patient,old_carer,old_start,new_carer,new_start,reason";

/// The changes as CSV (`changes.csv`: whom to phone).
pub fn changes_csv(changes: &[Change]) -> String {
    let mut out = String::from(CHANGES_COLUMNS);
    out.push('\n');
    for c in changes {
        out.push_str(&change_row(c));
        out.push('\n');
    }
    out
}

/// One change as a CSV row (the columns of [`CHANGES_COLUMNS`], quoted where needed).
pub(crate) fn change_row(c: &Change) -> String {
    let o = |x: &Option<String>| quote(x.as_deref().unwrap_or_default());
    [
        quote(&c.visit),
        o(&c.patient),
        o(&c.old_carer),
        o(&c.old_start),
        o(&c.new_carer),
        o(&c.new_start),
        quote(&c.reason),
    ]
    .join(",")
}
