//! The car profile: which OpenStreetMap ways a car may use, in which direction and how fast.
//!
//! The defaults are the speeds of OSRM's car profile (`car.lua`), so that tournee's travel
//! times are what a user of OSRM gets (measured side by side in the README); a user who knows
//! their roads better scales them (see *Calibration* below):
//!
//! | `highway=*` | default km/h | note |
//! |---|---|---|
//! | motorway | 90 | average below the limit (junctions, traffic, weather) |
//! | trunk | 85 | dual carriageways ("voies express") |
//! | primary | 65 | main roads |
//! | secondary | 55 | |
//! | tertiary | 40 | |
//! | unclassified | 25 | minor rural roads ("voies communales") |
//! | residential | 25 | |
//! | living_street | 10 | "zone de rencontre" |
//! | service | 15 | driveways, car parks, hospital and care-home access roads |
//! | `*_link` | about half the road it serves | slip roads and ramps |
//! | track | off | add `"track"` to [`CarProfile::highway_speeds_kmh`] to allow farm tracks |
//!
//! These speeds apply when a way has no usable `maxspeed`. With one, the way is driven at
//! `maxspeed × maxspeed_factor` (0.8 by default: speed limits are upper bounds, not averages; the
//! same factor OSRM's car profile uses). `maxspeed` understands plain numbers (km/h), `mph`,
//! `knots`, `km/h`, `none`, `walk` and zone values (`FR:urban` 50, `FR:rural` 80,
//! `FR:motorway` 130, `FR:zone30` 30, `XX:zone:20`, `XX:living_street` …), from `maxspeed`,
//! `maxspeed:forward` / `maxspeed:backward`, then `zone:maxspeed`, `source:maxspeed` and
//! `maxspeed:type`. `surface=*` caps the speed on unpaved or broken surfaces.
//!
//! One-way: `oneway=yes|1|true` (with the way), `-1|reverse` (against it), implied on
//! `junction=roundabout|circular` and `highway=motorway` unless `oneway=no`; `oneway=reversible`
//! and `alternating` ways are left out (their direction changes during the day).
//!
//! Access: the most specific of `motorcar`, `motor_vehicle`, `vehicle`, `access` (also with
//! `:forward` / `:backward`) decides; `no` and the other values in
//! [`CarProfile::blocked_access`] exclude the way (in that direction). The values in
//! [`CarProfile::restricted_access`] (`destination` — "sauf riverains" —, `private`,
//! `delivery`, `customers`, `permit`, `residents`) make it *local access only*, as in OSRM: a
//! route may start there or end there (a carer's destination *is* the patient, in a private
//! lane or a gated residence) but drives through such roads to reach somewhere else only when
//! there is no other way (routes minimise the number of entries into them before time, see
//! [`crate::cost`]).
//!
//! Barriers (`barrier=*` nodes): those not in [`CarProfile::passable_barriers`] stop cars from
//! driving *through* the node; it can still be reached from either side.
//!
//! Delays at nodes ([`CarProfile::node_delays_s`], OSRM's values): driving into a node tagged
//! `highway=traffic_signals` costs 2 s, `highway=stop` 2 s, `highway=give_way` 1 s, and through
//! a `barrier=gate` or `lift_gate` 60 s (stop, open, drive through, close).
//!
//! Ferries (`route=ferry`) are off by default; set [`CarProfile::ferry_speed_kmh`] to use them.
//!
//! # Calibration
//! For users who time their own journeys: [`CarProfile::time_factor`] multiplies every road
//! time (1.1: everything takes 10 % longer), [`CarProfile::class_time_factors`] multiplies the
//! times on one class (`{"residential": 1.2}`: village streets 20 % slower), on top of the
//! speeds above and of `maxspeed`. Turn and signal delays are not scaled (they have their own
//! settings). Times per class are what to compare: route a few journeys you know with
//! [`crate::RoadNetwork::route`], note the ways' classes, and fit the factors.
//!
//! Turns (see the `turns` module of the routing): OSM turn restrictions (`type=restriction`,
//! `restriction` or `restriction:motorcar`, `no_*` / `only_*` via a node or via one or more
//! ways, `except=motorcar` honoured) are never violated; U-turns only at dead ends unless
//! [`CarProfile::u_turns_anywhere`]; each turn costs, as in OSRM's car profile, up to
//! [`CarProfile::turn_penalty_s`] (7.5 s) along a sigmoid of the angle, turns across the
//! traffic dearer by [`CarProfile::turn_bias`] (1.075), U-turns [`CarProfile::u_turn_penalty_s`]
//! (20 s) more, turns across the oncoming traffic at a junction (outside roundabouts)
//! [`CarProfile::oncoming_turn_penalty_s`] (2 s) more.
//! Restrictions that cannot be applied (missing members, a via way that does not connect) are
//! skipped and counted in the import stats.
//!
//! # Example
//! ```
//! use tournee_roads::CarProfile;
//! let mut profile = CarProfile::default();
//! profile.highway_speeds_kmh.insert("track".into(), 15.0); // allow farm tracks
//! profile.maxspeed_factor = 0.9;
//! profile.validate().unwrap();
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::{Result, RoadError};

/// Speeds and rules for cars. Every field has a documented default (see the module docs) and
/// can be changed by the caller; serialised with serde so it can come from JSON or Python.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CarProfile {
    /// Routable `highway=*` classes and their speed in km/h when no `maxspeed` applies.
    /// A class absent from this table is not routable.
    pub highway_speeds_kmh: BTreeMap<String, f64>,
    /// Fraction of a tagged `maxspeed` actually driven (0 < factor ≤ 1.5).
    pub maxspeed_factor: f64,
    /// Whether `maxspeed` tags are used at all (when false, only the class table counts).
    pub use_maxspeed: bool,
    /// Speed limits in km/h for zone values such as `FR:urban` (keys in lower case). A value
    /// `XX:kind` not listed here falls back to the entry for `kind` (`urban`, `rural`, …).
    pub maxspeed_zones_kmh: BTreeMap<String, f64>,
    /// Speed caps in km/h for `surface=*` values (unpaved, broken or slippery surfaces).
    pub surface_max_kmh: BTreeMap<String, f64>,
    /// Access values that exclude a way (or a direction of it) for cars.
    pub blocked_access: BTreeSet<String>,
    /// Access values for local access only: a route may start or end on such a road and
    /// passes through it only when it cannot be avoided (a blocked value wins).
    pub restricted_access: BTreeSet<String>,
    /// `barrier=*` values a car may drive through; any other barrier blocks passage.
    pub passable_barriers: BTreeSet<String>,
    /// Seconds added when driving into a node with one of these tags, keyed `key=value`
    /// (`"highway=traffic_signals"`, `"barrier=gate"`…); a node matching several keys costs the
    /// largest. At most 127 keys; each delay finite, between 0 and 600 s.
    pub node_delays_s: BTreeMap<String, f64>,
    /// Ferry speed in km/h, or `None` (the default) to leave ferries out.
    pub ferry_speed_kmh: Option<f64>,
    /// Calibration: every road time is multiplied by this (default 1; in (0, 10]).
    pub time_factor: f64,
    /// Calibration per class (`highway=*` value, or `ferry`): road times on that class are
    /// multiplied by the factor, on top of [`CarProfile::time_factor`] (default none; each in
    /// (0, 10], keys must be routable classes).
    pub class_time_factors: BTreeMap<String, f64>,
    /// The most a turn costs, in seconds (default 7.5, OSRM's car profile): the cost grows
    /// with the turn angle along a sigmoid, from ~0 straight on to this for a full turn back.
    /// 0 switches turn costs off.
    pub turn_penalty_s: f64,
    /// How much dearer turning across the traffic is than turning away from it (default
    /// 1.075: left turns in right-hand traffic; 1 makes both sides equal; at most 2).
    pub turn_bias: f64,
    /// Seconds added to a U-turn (default 20).
    pub u_turn_penalty_s: f64,
    /// Seconds added to a turn across the oncoming traffic at a junction of three roads or
    /// more, outside roundabouts (default 2, OSRM's car profile): it waits for a gap. Scaled
    /// by a sigmoid of the angle, so a slight bend pays almost nothing.
    pub oncoming_turn_penalty_s: f64,
    /// Whether U-turns are allowed at every intersection (default false: only at dead ends,
    /// where the road ends and there is no other way back).
    pub u_turns_anywhere: bool,
    /// Left-hand traffic (United Kingdom, Ireland, Malta, Cyprus…): right turns cross the
    /// traffic (default false).
    pub left_hand_traffic: bool,
}

fn map(entries: &[(&str, f64)]) -> BTreeMap<String, f64> {
    entries.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn set(entries: &[&str]) -> BTreeSet<String> {
    entries.iter().map(|k| k.to_string()).collect()
}

impl Default for CarProfile {
    fn default() -> Self {
        CarProfile {
            highway_speeds_kmh: map(&[
                ("motorway", 90.0),
                ("motorway_link", 45.0),
                ("trunk", 85.0),
                ("trunk_link", 40.0),
                ("primary", 65.0),
                ("primary_link", 30.0),
                ("secondary", 55.0),
                ("secondary_link", 25.0),
                ("tertiary", 40.0),
                ("tertiary_link", 20.0),
                ("unclassified", 25.0),
                ("residential", 25.0),
                ("living_street", 10.0),
                ("service", 15.0),
            ]),
            turn_penalty_s: 7.5,
            turn_bias: 1.075,
            u_turn_penalty_s: 20.0,
            oncoming_turn_penalty_s: 2.0,
            u_turns_anywhere: false,
            left_hand_traffic: false,
            maxspeed_factor: 0.8,
            use_maxspeed: true,
            maxspeed_zones_kmh: map(&[
                ("urban", 50.0),
                ("rural", 90.0),
                ("trunk", 110.0),
                ("motorway", 130.0),
                ("living_street", 20.0),
                ("walk", 6.0),
                ("fr:urban", 50.0),
                ("fr:rural", 80.0),
                ("fr:trunk", 110.0),
                ("fr:motorway", 130.0),
                ("fr:zone30", 30.0),
                ("fr:zone20", 20.0),
                ("fr:living_street", 20.0),
                ("fr:walk", 6.0),
                ("de:rural", 100.0),
                ("de:living_street", 7.0),
                ("ch:rural", 80.0),
                ("ch:motorway", 120.0),
                ("be:motorway", 120.0),
                ("es:trunk", 90.0),
                ("it:motorway", 130.0),
            ]),
            surface_max_kmh: map(&[
                ("cement", 80.0),
                ("compacted", 80.0),
                ("fine_gravel", 80.0),
                ("paving_stones", 60.0),
                ("metal", 60.0),
                ("bricks", 60.0),
                ("grass", 40.0),
                ("wood", 40.0),
                ("sett", 40.0),
                ("grass_paver", 40.0),
                ("gravel", 40.0),
                ("unpaved", 40.0),
                ("ground", 40.0),
                ("dirt", 40.0),
                ("pebblestone", 40.0),
                ("cobblestone", 30.0),
                ("clay", 30.0),
                ("earth", 20.0),
                ("stone", 20.0),
                ("rocky", 20.0),
                ("sand", 20.0),
                ("mud", 10.0),
            ]),
            restricted_access: set(&[
                "destination",
                "private",
                "delivery",
                "customers",
                "permit",
                "residents",
            ]),
            blocked_access: set(&[
                "no",
                "agricultural",
                "forestry",
                "emergency",
                "psv",
                "bus",
                "taxi",
                "military",
                "official",
                "restricted",
                "foot",
                "bicycle",
            ]),
            passable_barriers: set(&[
                "cattle_grid",
                "border_control",
                "toll_booth",
                "sally_port",
                "no",
                "entrance",
                "height_restrictor",
                "arch",
                "gate",
                "lift_gate",
                "swing_gate",
                "kerb",
            ]),
            node_delays_s: map(&[
                ("highway=traffic_signals", 2.0),
                ("highway=stop", 2.0),
                ("highway=give_way", 1.0),
                ("barrier=gate", 60.0),
                ("barrier=lift_gate", 60.0),
            ]),
            ferry_speed_kmh: None,
            time_factor: 1.0,
            class_time_factors: BTreeMap::new(),
        }
    }
}

/// The class name of ferry lines in [`CarProfile::road_classes`].
pub const FERRY_CLASS: &str = "ferry";

/// What the profile decided for one way: speed in km/h in each direction (`None`: not allowed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WaySpeeds {
    /// Speed along the way's node order.
    pub forward_kmh: Option<f64>,
    /// Speed against the way's node order.
    pub backward_kmh: Option<f64>,
    /// Local access only along the way's node order ([`CarProfile::restricted_access`]).
    pub forward_restricted: bool,
    /// Local access only against it.
    pub backward_restricted: bool,
}

/// Read access to a way's tags, so the profile works on any tag source.
pub trait Tags {
    /// The value of `key`, if present.
    fn get(&self, key: &str) -> Option<&str>;
}

impl<S: AsRef<str>> Tags for [(S, S)] {
    fn get(&self, key: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.as_ref() == key)
            .map(|(_, v)| v.as_ref())
    }
}

impl<S: AsRef<str>> Tags for Vec<(S, S)> {
    fn get(&self, key: &str) -> Option<&str> {
        Tags::get(self.as_slice(), key)
    }
}

impl CarProfile {
    /// Checks every speed is finite and positive and the factor in (0, 1.5].
    pub fn validate(&self) -> Result<()> {
        let bad = |key: String, v: f64| -> Result<()> {
            if v.is_finite() && v > 0.0 && v <= 400.0 {
                Ok(())
            } else {
                Err(RoadError::InvalidProfile {
                    key,
                    detail: format!("speed {v} km/h must be finite, above 0 and at most 400"),
                })
            }
        };
        for (k, v) in &self.highway_speeds_kmh {
            bad(format!("highway_speeds_kmh.{k}"), *v)?;
        }
        for (k, v) in &self.maxspeed_zones_kmh {
            bad(format!("maxspeed_zones_kmh.{k}"), *v)?;
        }
        for (k, v) in &self.surface_max_kmh {
            bad(format!("surface_max_kmh.{k}"), *v)?;
        }
        if let Some(v) = self.ferry_speed_kmh {
            bad("ferry_speed_kmh".into(), v)?;
        }
        if !(self.maxspeed_factor.is_finite()
            && self.maxspeed_factor > 0.0
            && self.maxspeed_factor <= 1.5)
        {
            return Err(RoadError::InvalidProfile {
                key: "maxspeed_factor".into(),
                detail: format!("{} must lie in (0, 1.5]", self.maxspeed_factor),
            });
        }
        for (key, v) in [
            ("turn_penalty_s", self.turn_penalty_s),
            ("u_turn_penalty_s", self.u_turn_penalty_s),
            ("oncoming_turn_penalty_s", self.oncoming_turn_penalty_s),
        ] {
            if !(v.is_finite() && (0.0..=600.0).contains(&v)) {
                return Err(RoadError::InvalidProfile {
                    key: key.into(),
                    detail: format!("{v} s must be a finite number between 0 and 600"),
                });
            }
        }
        if !(self.turn_bias.is_finite() && (1.0..=2.0).contains(&self.turn_bias)) {
            return Err(RoadError::InvalidProfile {
                key: "turn_bias".into(),
                detail: format!("{} must lie in [1, 2]", self.turn_bias),
            });
        }
        let factor_ok = |v: f64| v.is_finite() && v > 0.0 && v <= 10.0;
        if !factor_ok(self.time_factor) {
            return Err(RoadError::InvalidProfile {
                key: "time_factor".into(),
                detail: format!("{} must lie in (0, 10]", self.time_factor),
            });
        }
        for (k, v) in &self.class_time_factors {
            let key = format!("class_time_factors.{k}");
            if !factor_ok(*v) {
                return Err(RoadError::InvalidProfile {
                    key,
                    detail: format!("{v} must lie in (0, 10]"),
                });
            }
            if !self.road_classes().iter().any(|c| c == k) {
                return Err(RoadError::InvalidProfile {
                    key,
                    detail: format!(
                        "{k:?} is not a routable class (one of {})",
                        self.road_classes().join(", ")
                    ),
                });
            }
        }
        if self.highway_speeds_kmh.len() > 250 {
            return Err(RoadError::InvalidProfile {
                key: "highway_speeds_kmh".into(),
                detail: format!("{} classes, at most 250", self.highway_speeds_kmh.len()),
            });
        }
        if self.node_delays_s.len() > 127 {
            return Err(RoadError::InvalidProfile {
                key: "node_delays_s".into(),
                detail: format!("{} keys, at most 127", self.node_delays_s.len()),
            });
        }
        for (k, v) in &self.node_delays_s {
            let key = format!("node_delays_s.{k}");
            if !(v.is_finite() && (0.0..=600.0).contains(v)) {
                return Err(RoadError::InvalidProfile {
                    key,
                    detail: format!("{v} s must be a finite number between 0 and 600"),
                });
            }
            if !k
                .split_once('=')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
            {
                return Err(RoadError::InvalidProfile {
                    key,
                    detail: "keys are written key=value, e.g. \"barrier=gate\"".into(),
                });
            }
        }
        Ok(())
    }

    /// Reads a profile from JSON; absent keys keep their defaults, unknown keys are an error.
    pub fn from_json(text: &str) -> Result<Self> {
        let profile: CarProfile =
            serde_json::from_str(text).map_err(|e| RoadError::InvalidProfile {
                key: "<json>".into(),
                detail: e.to_string(),
            })?;
        profile.validate()?;
        Ok(profile)
    }

    /// The road classes a way may have under this profile, in the order of their index
    /// ([`CarProfile::class_index`]): the routable `highway=*` values, then `ferry`.
    pub fn road_classes(&self) -> Vec<String> {
        let mut v: Vec<String> = self.highway_speeds_kmh.keys().cloned().collect();
        v.push(FERRY_CLASS.to_string());
        v
    }

    /// Index in [`CarProfile::road_classes`] of the class of a way with these tags, if it
    /// has a routable one.
    pub fn class_index<T: Tags + ?Sized>(&self, tags: &T) -> Option<u8> {
        let i = match tags.get("highway") {
            Some(h) => self.highway_speeds_kmh.keys().position(|k| k == h)?,
            None if tags.get("route") == Some("ferry") => self.highway_speeds_kmh.len(),
            None => return None,
        };
        u8::try_from(i).ok()
    }

    /// Whether a way with these tags may be kept at all (cheap pre-filter on `highway` / `route`).
    pub fn is_candidate<T: Tags + ?Sized>(&self, tags: &T) -> bool {
        match tags.get("highway") {
            Some(h) => self.highway_speeds_kmh.contains_key(h),
            None => self.ferry_speed_kmh.is_some() && tags.get("route") == Some("ferry"),
        }
    }

    /// Decides routability, direction and speed of a way. `None` when cars may not use it.
    pub fn way_speeds<T: Tags + ?Sized>(&self, tags: &T) -> Option<WaySpeeds> {
        let base = match tags.get("highway") {
            Some(h) => *self.highway_speeds_kmh.get(h)?,
            None if tags.get("route") == Some("ferry") => self.ferry_speed_kmh?,
            None => return None,
        };
        if tags.get("area") == Some("yes")
            || tags.get("impassable") == Some("yes")
            || tags.get("status") == Some("impassable")
            || tags.get("service") == Some("emergency_access")
        {
            return None;
        }
        let (mut fwd, mut bwd) = self.directions(tags)?;
        if fwd && !self.access_allowed(tags, Some("forward")) {
            fwd = false;
        }
        if bwd && !self.access_allowed(tags, Some("backward")) {
            bwd = false;
        }
        if !fwd && !bwd {
            return None;
        }
        let (mut sf, mut sb) = (base, base);
        if self.use_maxspeed && tags.get("highway").is_some() {
            let common = self.tag_maxspeed(tags, "maxspeed");
            let zone = ["zone:maxspeed", "source:maxspeed", "maxspeed:type"]
                .iter()
                .find_map(|k| tags.get(k).and_then(|v| self.parse_maxspeed(v)));
            let pick = |dir: &str| {
                self.tag_maxspeed(tags, &format!("maxspeed:{dir}"))
                    .or(common)
                    .or(zone)
            };
            if let Some(v) = pick("forward") {
                sf = v * self.maxspeed_factor;
            }
            if let Some(v) = pick("backward") {
                sb = v * self.maxspeed_factor;
            }
        }
        if let Some(cap) = tags
            .get("surface")
            .and_then(|s| self.surface_max_kmh.get(s))
        {
            sf = sf.min(*cap);
            sb = sb.min(*cap);
        }
        let class = tags.get("highway").unwrap_or(FERRY_CLASS);
        let factor = self.time_factor * self.class_time_factors.get(class).copied().unwrap_or(1.0);
        sf /= factor;
        sb /= factor;
        Some(WaySpeeds {
            forward_kmh: fwd.then_some(sf),
            backward_kmh: bwd.then_some(sb),
            forward_restricted: self
                .access_value(tags, Some("forward"))
                .is_some_and(|v| self.restricted_access.contains(v)),
            backward_restricted: self
                .access_value(tags, Some("backward"))
                .is_some_and(|v| self.restricted_access.contains(v)),
        })
    }

    fn tag_maxspeed<T: Tags + ?Sized>(&self, tags: &T, key: &str) -> Option<f64> {
        tags.get(key).and_then(|v| self.parse_maxspeed(v))
    }

    /// Parses a `maxspeed` value to km/h: `50`, `30 mph`, `50 km/h`, `10 knots`, `FR:urban`,
    /// `FR:zone30`, `walk`. `None` for values that carry no limit (`none`, `signals`, unknown).
    pub fn parse_maxspeed(&self, value: &str) -> Option<f64> {
        let first = value.split(';').next()?.trim();
        if first.is_empty() {
            return None;
        }
        let lower = first.to_ascii_lowercase();
        if let Some(v) = self.maxspeed_zones_kmh.get(&lower) {
            return Some(*v);
        }
        let num_end = lower
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(lower.len());
        if num_end > 0 {
            let n: f64 = lower[..num_end].parse().ok()?;
            let unit = lower[num_end..].trim();
            let kmh = match unit {
                "" | "km/h" | "kmh" | "kph" | "km/h." => n,
                "mph" => n * 1.609_344,
                "knots" | "kn" => n * 1.852,
                _ => return None,
            };
            return (kmh > 0.0 && kmh.is_finite()).then_some(kmh);
        }
        if lower == "walk" {
            return self.maxspeed_zones_kmh.get("walk").copied();
        }
        // Zone values: "xx:kind", "xx:zone30", "xx:zone:30", "xx-yy:kind".
        let (_, kind) = lower.split_once(':')?;
        if let Some(v) = self.maxspeed_zones_kmh.get(kind) {
            return Some(*v);
        }
        let digits = kind.trim_start_matches("zone").trim_start_matches(':');
        if digits.len() < kind.len() {
            if let Ok(n) = digits.parse::<f64>() {
                return (n > 0.0).then_some(n);
            }
        }
        None
    }

    /// Which directions the way may be driven in, before access rules; `None` when never.
    fn directions<T: Tags + ?Sized>(&self, tags: &T) -> Option<(bool, bool)> {
        let oneway = tags
            .get("oneway:motorcar")
            .or_else(|| tags.get("oneway:motor_vehicle"))
            .or_else(|| tags.get("oneway"));
        match oneway {
            Some("yes" | "1" | "true") => Some((true, false)),
            Some("-1" | "reverse") => Some((false, true)),
            Some("reversible" | "alternating") => None,
            Some("no" | "false" | "0") => Some((true, true)),
            _ => {
                let implied = matches!(tags.get("junction"), Some("roundabout" | "circular"))
                    || tags.get("highway") == Some("motorway");
                Some((true, !implied))
            }
        }
    }

    /// Applies the access hierarchy (most specific tag wins) for one direction.
    /// The access value that decides for cars in a direction: the most specific tag present.
    fn access_value<'t, T: Tags + ?Sized>(
        &self,
        tags: &'t T,
        dir: Option<&str>,
    ) -> Option<&'t str> {
        for key in ["motorcar", "motor_vehicle", "vehicle", "access"] {
            let directed = dir.and_then(|d| tags.get(&format!("{key}:{d}")));
            if let Some(v) = directed.or_else(|| tags.get(key)) {
                return Some(v.split(';').next().unwrap_or(v).trim());
            }
        }
        None
    }

    fn access_allowed<T: Tags + ?Sized>(&self, tags: &T, dir: Option<&str>) -> bool {
        self.access_value(tags, dir)
            .is_none_or(|v| !self.blocked_access.contains(v))
    }

    /// Whether a node with these tags stops cars from driving through it.
    pub fn node_blocks<T: Tags + ?Sized>(&self, tags: &T) -> bool {
        for key in ["motorcar", "motor_vehicle", "vehicle", "access"] {
            if let Some(v) = tags.get(key) {
                if matches!(v, "yes" | "permissive" | "destination" | "designated") {
                    return false;
                }
                // A private gate or bollard needs a key: it blocks.
                if self.blocked_access.contains(v) || self.restricted_access.contains(v) {
                    return true;
                }
            }
        }
        match tags.get("barrier") {
            Some(b) => {
                !(self.passable_barriers.contains(b)
                    || tags.get("bollard") == Some("rising")
                    || matches!(tags.get("kerb"), Some("lowered" | "flush")))
            }
            None => false,
        }
    }

    /// The delay code of a node: 0 for none, else 1 + the index in [`CarProfile::node_delays_s`]
    /// (in key order) of the largest delay whose `key=value` the node carries.
    pub fn node_delay_code<T: Tags + ?Sized>(&self, tags: &T) -> u8 {
        let mut best = (0u8, -1.0);
        for (i, (k, v)) in self.node_delays_s.iter().enumerate() {
            let Some((key, value)) = k.split_once('=') else {
                continue;
            };
            if tags.get(key) == Some(value) && *v > best.1 {
                best = (i as u8 + 1, *v);
            }
        }
        best.0
    }

    /// Milliseconds of delay for a code of [`CarProfile::node_delay_code`].
    pub fn node_delay_ms(&self, code: u8) -> u32 {
        match code {
            0 => 0,
            c => self
                .node_delays_s
                .values()
                .nth(c as usize - 1)
                .map_or(0, |s| (s * 1000.0).round() as u32),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn class_table_and_tracks_off() {
        let p = CarProfile::default();
        let s = p.way_speeds(&t(&[("highway", "primary")])).unwrap();
        assert_eq!(s.forward_kmh, Some(65.0));
        assert_eq!(s.backward_kmh, Some(65.0));
        assert!(p.way_speeds(&t(&[("highway", "track")])).is_none());
        assert!(p.way_speeds(&t(&[("highway", "footway")])).is_none());
        let mut with_tracks = p.clone();
        with_tracks.highway_speeds_kmh.insert("track".into(), 12.0);
        assert_eq!(
            with_tracks
                .way_speeds(&t(&[("highway", "track")]))
                .unwrap()
                .forward_kmh,
            Some(12.0)
        );
    }

    #[test]
    fn maxspeed_values() {
        let p = CarProfile::default();
        assert_eq!(p.parse_maxspeed("50"), Some(50.0));
        assert_eq!(p.parse_maxspeed("50 km/h"), Some(50.0));
        assert!((p.parse_maxspeed("30 mph").unwrap() - 48.28).abs() < 0.01);
        assert!((p.parse_maxspeed("30mph").unwrap() - 48.28).abs() < 0.01);
        assert_eq!(p.parse_maxspeed("FR:urban"), Some(50.0));
        assert_eq!(p.parse_maxspeed("fr:rural"), Some(80.0));
        assert_eq!(p.parse_maxspeed("FR:motorway"), Some(130.0));
        assert_eq!(p.parse_maxspeed("FR:zone30"), Some(30.0));
        assert_eq!(p.parse_maxspeed("DE:zone:20"), Some(20.0));
        assert_eq!(p.parse_maxspeed("AT:rural"), Some(90.0));
        assert_eq!(p.parse_maxspeed("70;50"), Some(70.0));
        assert_eq!(p.parse_maxspeed("none"), None);
        assert_eq!(p.parse_maxspeed("signals"), None);
        assert_eq!(p.parse_maxspeed(""), None);
        assert_eq!(p.parse_maxspeed("walk"), Some(6.0));
    }

    #[test]
    fn maxspeed_applies_with_factor_and_direction() {
        let p = CarProfile::default();
        let s = p
            .way_speeds(&t(&[("highway", "secondary"), ("maxspeed", "FR:zone30")]))
            .unwrap();
        assert_eq!(s.forward_kmh, Some(24.0));
        let s = p
            .way_speeds(&t(&[
                ("highway", "primary"),
                ("maxspeed", "90"),
                ("maxspeed:backward", "50"),
            ]))
            .unwrap();
        assert_eq!(s.forward_kmh, Some(72.0));
        assert_eq!(s.backward_kmh, Some(40.0));
        let s = p
            .way_speeds(&t(&[
                ("highway", "tertiary"),
                ("source:maxspeed", "FR:urban"),
            ]))
            .unwrap();
        assert_eq!(s.forward_kmh, Some(40.0));
    }

    #[test]
    fn oneway_rules() {
        let p = CarProfile::default();
        for v in ["yes", "1", "true"] {
            let s = p
                .way_speeds(&t(&[("highway", "residential"), ("oneway", v)]))
                .unwrap();
            assert!(s.forward_kmh.is_some() && s.backward_kmh.is_none(), "{v}");
        }
        let s = p
            .way_speeds(&t(&[("highway", "residential"), ("oneway", "-1")]))
            .unwrap();
        assert!(s.forward_kmh.is_none() && s.backward_kmh.is_some());
        let s = p
            .way_speeds(&t(&[("highway", "primary"), ("junction", "roundabout")]))
            .unwrap();
        assert!(s.backward_kmh.is_none());
        let s = p.way_speeds(&t(&[("highway", "motorway")])).unwrap();
        assert!(s.backward_kmh.is_none());
        let s = p
            .way_speeds(&t(&[("highway", "motorway"), ("oneway", "no")]))
            .unwrap();
        assert!(s.backward_kmh.is_some());
        assert!(p
            .way_speeds(&t(&[("highway", "primary"), ("oneway", "reversible")]))
            .is_none());
    }

    #[test]
    fn access_rules() {
        let p = CarProfile::default();
        for key in ["access", "vehicle", "motor_vehicle", "motorcar"] {
            for v in ["no", "agricultural"] {
                assert!(
                    p.way_speeds(&t(&[("highway", "service"), (key, v)]))
                        .is_none(),
                    "{key}={v}"
                );
            }
        }
        // Local access only: routable, flagged per direction.
        for v in ["destination", "private", "delivery"] {
            let s = p
                .way_speeds(&t(&[("highway", "service"), ("access", v)]))
                .unwrap();
            assert!(s.forward_restricted && s.backward_restricted, "{v}");
        }
        let s = p
            .way_speeds(&t(&[
                ("highway", "residential"),
                ("motor_vehicle:forward", "destination"),
            ]))
            .unwrap();
        assert!(s.forward_restricted && !s.backward_restricted);
        assert!(
            !p.way_speeds(&t(&[("highway", "residential")]))
                .unwrap()
                .forward_restricted
        );
        // The most specific tag wins.
        assert!(p
            .way_speeds(&t(&[
                ("highway", "service"),
                ("access", "no"),
                ("motorcar", "yes")
            ]))
            .is_some());
        assert!(p
            .way_speeds(&t(&[
                ("highway", "service"),
                ("access", "yes"),
                ("motor_vehicle", "no")
            ]))
            .is_none());
        let s = p
            .way_speeds(&t(&[
                ("highway", "residential"),
                ("motor_vehicle:backward", "no"),
            ]))
            .unwrap();
        assert!(s.forward_kmh.is_some() && s.backward_kmh.is_none());
    }

    #[test]
    fn ferries_off_by_default() {
        let p = CarProfile::default();
        let ferry = t(&[("route", "ferry")]);
        assert!(!p.is_candidate(&ferry));
        assert!(p.way_speeds(&ferry).is_none());
        let on = CarProfile {
            ferry_speed_kmh: Some(20.0),
            ..CarProfile::default()
        };
        assert!(on.is_candidate(&ferry));
        assert_eq!(on.way_speeds(&ferry).unwrap().forward_kmh, Some(20.0));
    }

    #[test]
    fn barriers_and_signals() {
        let p = CarProfile::default();
        assert!(p.node_blocks(&t(&[("barrier", "bollard")])));
        assert!(!p.node_blocks(&t(&[("barrier", "bollard"), ("bollard", "rising")])));
        assert!(!p.node_blocks(&t(&[("barrier", "gate")])));
        assert!(!p.node_blocks(&t(&[("barrier", "bollard"), ("motorcar", "yes")])));
        assert!(p.node_blocks(&t(&[("barrier", "gate"), ("access", "private")])));
        let delay = |tags: &[(&str, &str)]| p.node_delay_ms(p.node_delay_code(&t(tags)));
        assert_eq!(delay(&[("highway", "traffic_signals")]), 2_000);
        assert_eq!(delay(&[("highway", "give_way")]), 1_000);
        assert_eq!(delay(&[("barrier", "lift_gate")]), 60_000);
        assert_eq!(
            delay(&[("barrier", "lift_gate"), ("highway", "stop")]),
            60_000
        );
        assert_eq!(delay(&[("highway", "crossing")]), 0);
        for bad in [
            r#"{"node_delays_s": {"barrier=gate": -1}}"#,
            r#"{"node_delays_s": {"gate": 10}}"#,
        ] {
            assert!(CarProfile::from_json(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn profile_validation_and_json() {
        let p = CarProfile::from_json(r#"{"maxspeed_factor": 0.9}"#).unwrap();
        assert_eq!(p.maxspeed_factor, 0.9);
        assert_eq!(p.highway_speeds_kmh["primary"], 65.0);
        let err = CarProfile::from_json(r#"{"highway_speeds_kmh": {"primary": -5}}"#).unwrap_err();
        assert!(
            err.to_string().contains("highway_speeds_kmh.primary"),
            "{err}"
        );
        assert!(CarProfile::from_json(r#"{"no_such_key": 1}"#).is_err());
        assert!(CarProfile::from_json(r#"{"maxspeed_factor": 0}"#).is_err());
    }

    #[test]
    fn calibration_scales_times_per_class_and_globally() {
        let p = CarProfile::from_json(
            r#"{"time_factor": 1.25, "class_time_factors": {"residential": 2.0}}"#,
        )
        .unwrap();
        let speed = |tags: &[(&str, &str)]| p.way_speeds(&t(tags)).unwrap().forward_kmh.unwrap();
        assert!((speed(&[("highway", "primary")]) - 65.0 / 1.25).abs() < 1e-9);
        assert!((speed(&[("highway", "residential")]) - 25.0 / 2.5).abs() < 1e-9);
        // On top of maxspeed: 50 × 0.8 / 2.5.
        let with_limit = speed(&[("highway", "residential"), ("maxspeed", "50")]);
        assert!((with_limit - 16.0).abs() < 1e-9);
        for (json, key) in [
            (r#"{"time_factor": 0}"#, "time_factor"),
            (r#"{"time_factor": -1}"#, "time_factor"),
            (r#"{"time_factor": 11}"#, "time_factor"),
            (
                r#"{"class_time_factors": {"primary": -0.5}}"#,
                "class_time_factors.primary",
            ),
            (
                r#"{"class_time_factors": {"motorways": 1.1}}"#,
                "class_time_factors.motorways",
            ),
        ] {
            match CarProfile::from_json(json) {
                Err(RoadError::InvalidProfile { key: k, .. }) => assert_eq!(k, key, "{json}"),
                other => panic!("{json}: {other:?}"),
            }
        }
        // Non-finite values cannot come from JSON; set directly they are refused too.
        let mut q = CarProfile::default();
        q.class_time_factors.insert("service".into(), f64::NAN);
        assert!(q.validate().is_err());
        q.class_time_factors.clear();
        q.turn_penalty_s = f64::INFINITY;
        assert!(q.validate().is_err());
        q.turn_penalty_s = -1.0;
        assert!(q.validate().is_err());
    }

    #[test]
    fn classes_are_indexed_in_table_order_then_ferry() {
        let p = CarProfile::default();
        let classes = p.road_classes();
        let at = |tags: &[(&str, &str)]| {
            p.class_index(&t(tags))
                .map(|i| classes[i as usize].as_str())
        };
        assert_eq!(at(&[("highway", "trunk_link")]), Some("trunk_link"));
        assert_eq!(at(&[("route", "ferry")]), Some("ferry"));
        assert_eq!(at(&[("highway", "footway")]), None);
        assert_eq!(classes.last().map(String::as_str), Some(FERRY_CLASS));
    }
}
