//! The embedded example week, on the generated rural canton of
//! [`default_map`](crate::plan::default_map): Monday 7 to Sunday 13 December 2026, sixty
//! patients, eight carers on a weekend rota and a PSAD technician. Deterministic and offline:
//! `tournee plan-week` without input files plans it.
//!
//! The team: nurses Claire (weekdays), Marc (Monday–Wednesday and the weekend) and Léa
//! (Thursday–Sunday) in the mornings, Sophie (weekday evenings) and Hugo (weekend evenings),
//! aides Julie (weekdays), Karim (Wednesday–Sunday) and Inès (Monday, Tuesday, Saturday), and
//! Thomas, the PSAD technician (weekdays). The orders: insulin every morning and every evening
//! (5 patients), hygiene care Monday to Saturday (10) and a two-carer transfer on Monday,
//! Wednesday and Friday, wound dressings three times a week at least a day apart (12), a blood
//! test once on a weekday morning (10), injections twice a week two to four days apart (8),
//! eye drops three evenings a week two days apart (4), a daily infusion (2), palliative care by
//! the referent nurse on weekdays (2), and a yearly service of an oxygen concentrator on any
//! weekday (6).

use std::collections::BTreeMap;

use super::input::{Order, Week, WeekCarer};
use crate::plan::{default_map, LatenessInput};

/// The embedded example week (see the module docs); its places lie on
/// [`default_map`](crate::plan::default_map).
///
/// ```
/// let week = tournee::week::default_week();
/// assert_eq!(week.days.len(), 7);
/// assert_eq!(week.carers.len(), 9);
/// ```
pub fn default_week() -> Week {
    let map = default_map();
    let cos = map.villages[0].centre.lat.to_radians().cos();
    let at = |v: usize, dx: f64, dy: f64| -> [f64; 2] {
        let c = map.villages[v % map.villages.len()].centre;
        let r = |x: f64| (x * 1e6).round() / 1e6;
        [r(c.lon + dx * 0.0009 / cos), r(c.lat + dy * 0.0009)]
    };
    // A small deterministic generator for house offsets.
    let mut state: u64 = 0x5eed_2026;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as f64 / (1u64 << 31) as f64) * 6.0 - 3.0
    };
    let s = |x: &[&str]| -> Vec<String> { x.iter().map(|s| s.to_string()).collect() };
    let shifts = |days: &[&str], shift: (&str, &str)| -> BTreeMap<String, [String; 2]> {
        days.iter()
            .map(|d| (d.to_string(), [shift.0.to_string(), shift.1.to_string()]))
            .collect()
    };
    let carer = |id: &str,
                 role: &str,
                 skills: &[&str],
                 sh: BTreeMap<String, [String; 2]>,
                 home: [f64; 2]| WeekCarer {
        id: id.into(),
        role: role.into(),
        skills: s(skills),
        shifts: sh,
        start: Some(home),
        end: None,
        start_index: None,
        end_index: None,
        breaks: Vec::new(),
        max_working_time_min: None,
        max_week_working_time_min: None,
        max_overtime_min: 30.0,
        capacity: Vec::new(),
        reloads: None,
    };
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    let morning = ("07:00", "13:30");
    let evening = ("15:00", "20:30");
    let aide = ("07:30", "13:00");
    let carers = vec![
        carer(
            "nurse-claire",
            "nurse",
            &["nursing", "hygiene", "perfusion"],
            shifts(&weekdays, morning),
            at(0, 1.0, 1.0),
        ),
        carer(
            "nurse-marc",
            "nurse",
            &["nursing", "hygiene"],
            shifts(&["mon", "tue", "wed", "sat", "sun"], morning),
            at(5, -1.0, 0.5),
        ),
        carer(
            "nurse-lea",
            "nurse",
            &["nursing", "hygiene", "perfusion"],
            shifts(&["thu", "fri", "sat", "sun"], morning),
            at(9, 0.5, 0.5),
        ),
        carer(
            "nurse-sophie",
            "nurse",
            &["nursing", "hygiene", "perfusion"],
            shifts(&weekdays, evening),
            at(11, 0.5, -1.0),
        ),
        carer(
            "nurse-hugo",
            "nurse",
            &["nursing", "hygiene", "perfusion"],
            shifts(&["sat", "sun"], evening),
            at(3, -0.5, -0.5),
        ),
        carer(
            "aide-julie",
            "aide",
            &["hygiene"],
            shifts(&weekdays, aide),
            at(1, 1.0, -0.5),
        ),
        carer(
            "aide-karim",
            "aide",
            &["hygiene"],
            shifts(&["wed", "thu", "fri", "sat", "sun"], aide),
            at(13, -0.5, 1.0),
        ),
        carer(
            "aide-ines",
            "aide",
            &["hygiene"],
            shifts(&["mon", "tue", "sat"], aide),
            at(7, 0.5, 1.5),
        ),
        carer(
            "psad-thomas",
            "psad",
            &["psad"],
            shifts(&weekdays, ("08:30", "17:00")),
            at(14, 4.0, -3.0),
        ),
    ];
    let mut orders = Vec::new();
    let mut patient = 0usize;
    let mut new_patient = |next: &mut dyn FnMut() -> f64| {
        patient += 1;
        let v = (patient * 7 + 3) % 16;
        (format!("p{patient:02}"), at(v, next(), next()))
    };
    let order = |id: String,
                 patient: &str,
                 place: [f64; 2],
                 minutes: f64,
                 window: (&str, &str),
                 skill: &str| Order {
        id,
        patient: Some(patient.into()),
        location: Some(place),
        location_index: None,
        duration_min: minutes,
        windows: vec![[window.0.into(), window.1.into()]],
        lateness: LatenessInput::Hard,
        days: Vec::new(),
        times: None,
        min_days_between: None,
        max_days_between: None,
        skills: s(&[skill]),
        priority: 1.0,
        referent: None,
        refused_carers: Vec::new(),
        pinned_carer: None,
        pinned_start: None,
        carers: 1,
        delivery: Vec::new(),
        pickup: Vec::new(),
    };
    let mon_sat = s(&["mon", "tue", "wed", "thu", "fri", "sat"]);
    for _ in 0..5 {
        let (p, home) = new_patient(&mut next);
        orders.push(order(
            format!("insulin-am-{p}"),
            &p,
            home,
            15.0,
            ("07:00", "09:00"),
            "nursing",
        ));
        orders.push(order(
            format!("insulin-pm-{p}"),
            &p,
            home,
            15.0,
            ("17:00", "20:00"),
            "nursing",
        ));
    }
    for _ in 0..10 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("hygiene-{p}"),
            &p,
            home,
            40.0,
            ("07:30", "12:30"),
            "hygiene",
        );
        o.days = mon_sat.clone();
        orders.push(o);
    }
    {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("transfer-{p}"),
            &p,
            home,
            30.0,
            ("08:00", "11:30"),
            "hygiene",
        );
        o.days = s(&["mon", "wed", "fri"]);
        o.carers = 2;
        orders.push(o);
    }
    for _ in 0..12 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("dressing-{p}"),
            &p,
            home,
            25.0,
            ("07:00", "12:30"),
            "nursing",
        );
        o.days = mon_sat.clone();
        o.times = Some(3);
        o.min_days_between = Some(1);
        orders.push(o);
    }
    for _ in 0..10 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("blood-{p}"),
            &p,
            home,
            10.0,
            ("07:00", "09:30"),
            "nursing",
        );
        o.days = s(&weekdays);
        o.times = Some(1);
        orders.push(o);
    }
    for _ in 0..8 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("injection-{p}"),
            &p,
            home,
            15.0,
            ("08:00", "12:00"),
            "nursing",
        );
        o.times = Some(2);
        o.min_days_between = Some(2);
        o.max_days_between = Some(4);
        orders.push(o);
    }
    for _ in 0..4 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("eyedrops-{p}"),
            &p,
            home,
            10.0,
            ("15:00", "20:00"),
            "nursing",
        );
        o.times = Some(3);
        o.min_days_between = Some(2);
        orders.push(o);
    }
    for _ in 0..2 {
        let (p, home) = new_patient(&mut next);
        orders.push(order(
            format!("infusion-{p}"),
            &p,
            home,
            45.0,
            ("08:00", "11:30"),
            "perfusion",
        ));
    }
    for _ in 0..2 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("palliative-{p}"),
            &p,
            home,
            30.0,
            ("09:00", "12:30"),
            "nursing",
        );
        o.days = s(&weekdays);
        o.referent = Some("nurse-claire".into());
        orders.push(o);
    }
    for _ in 0..6 {
        let (p, home) = new_patient(&mut next);
        let mut o = order(
            format!("oxygen-service-{p}"),
            &p,
            home,
            45.0,
            ("09:00", "16:30"),
            "psad",
        );
        o.days = s(&weekdays);
        o.times = Some(1);
        orders.push(o);
    }
    Week {
        name: Some("Example canton, week of 7 December 2026".into()),
        days: (7..=13).map(|d| format!("2026-12-{d:02}")).collect(),
        carers,
        orders,
        links: Vec::new(),
        weights: None,
        week_weights: Default::default(),
    }
}
