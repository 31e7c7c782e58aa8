//! The embedded example day, on the generated rural canton
//! ([`tournee_roads::synthetic::rural_network`] with its default options: 16 villages of the
//! Cantal, about 6 km apart). Deterministic and offline: `tournee plan` without input files
//! plans it.
//!
//! The team: three nurses (two mornings, one afternoon and evening), two care aides and a PSAD
//! technician whose van leaves the warehouse; everyone has a lunch break (the evening nurse a
//! short pause). The 46 visits: insulin mornings 07:00–09:00 and evenings at least ten hours
//! later (linked visits), fasting blood tests, wound dressings, infusions needing the
//! `perfusion` skill, pill boxes, hygiene care by aides, a heavy transfer needing two carers at
//! once, a wash by an aide then a dressing by a nurse within the hour, a palliative patient
//! who knows her nurse (continuity), a visit already announced with the family doctor (pinned
//! carer and time), and PSAD rounds: oxygen concentrators and a medical bed delivered, a bed
//! and a concentrator collected, within the van's capacity.

use tournee_roads::synthetic::{rural_network, RuralMap, RuralOptions};

use super::input::{
    BreakInput, CarerInput, Day, LatenessInput, LinkInput, LinkKindInput, VisitInput,
};

/// The generated map the default day lies on (write it with `map.osm.write(path)`).
pub fn default_map() -> RuralMap {
    rural_network(&RuralOptions::default())
}

/// The embedded example day (see the module docs); its places lie on [`default_map`].
///
/// ```
/// let day = tournee::plan::default_day();
/// assert_eq!(day.visits.len(), 46);
/// day.validate().unwrap();
/// ```
pub fn default_day() -> Day {
    let map = default_map();
    let cos = map.villages[0].centre.lat.to_radians().cos();
    // A house `dx`, `dy` (units of ~100 m) from the centre of village `v`.
    let at = |v: usize, dx: f64, dy: f64| -> [f64; 2] {
        let c = map.villages[v].centre;
        let r = |x: f64| (x * 1e6).round() / 1e6;
        [r(c.lon + dx * 0.0009 / cos), r(c.lat + dy * 0.0009)]
    };
    let s = |x: &[&str]| -> Vec<String> { x.iter().map(|s| s.to_string()).collect() };
    let lunch = |minutes: f64, open: &str, close: &str| BreakInput {
        id: "lunch".into(),
        duration_min: minutes,
        window: [open.into(), close.into()],
    };
    let carer =
        |id: &str, role: &str, skills: &[&str], shift: (&str, &str), home: [f64; 2]| CarerInput {
            id: id.into(),
            role: role.into(),
            skills: s(skills),
            shift_start: shift.0.into(),
            shift_end: shift.1.into(),
            start: Some(home),
            end: None,
            start_index: None,
            end_index: None,
            reloads: None,
            breaks: Vec::new(),
            max_working_time_min: None,
            max_overtime_min: 30.0,
            capacity: Vec::new(),
        };
    let nursing = ["nursing"];
    let hygiene = ["hygiene"];
    let mut carers = vec![
        carer(
            "nurse-claire",
            "nurse",
            &["nursing", "hygiene", "perfusion"],
            ("07:00", "14:30"),
            at(0, 1.0, 1.0),
        ),
        carer(
            "nurse-marc",
            "nurse",
            &["nursing", "hygiene"],
            ("07:00", "14:30"),
            at(5, -1.0, 0.5),
        ),
        carer(
            "nurse-sophie",
            "nurse",
            &["nursing", "hygiene", "perfusion"],
            ("12:00", "20:30"),
            at(11, 0.5, -1.0),
        ),
        carer(
            "aide-julie",
            "aide",
            &hygiene,
            ("07:30", "15:00"),
            at(1, 1.0, -0.5),
        ),
        carer(
            "aide-karim",
            "aide",
            &hygiene,
            ("07:30", "15:00"),
            at(13, -0.5, 1.0),
        ),
        carer(
            "psad-thomas",
            "psad",
            &["psad"],
            ("08:30", "17:00"),
            at(14, 4.0, -3.0),
        ),
    ];
    for c in carers.iter_mut() {
        c.breaks.push(match c.role.as_str() {
            "psad" => lunch(45.0, "12:00", "14:00"),
            "aide" => lunch(45.0, "12:00", "13:30"),
            _ if c.shift_start == "12:00" => BreakInput {
                id: "pause".into(),
                duration_min: 20.0,
                window: ["15:30".into(), "17:30".into()],
            },
            _ => lunch(30.0, "12:00", "13:30"),
        });
    }
    carers[2].max_working_time_min = Some(8.0 * 60.0 + 30.0);
    carers[5].max_overtime_min = 0.0;
    // Oxygen concentrators, beds.
    carers[5].capacity = vec![4, 1];

    let mut visits: Vec<VisitInput> = Vec::new();
    let mut links = Vec::new();
    // Insulin, morning and evening, at least ten hours apart.
    for (key, patient, v, dx, dy) in [
        ("roux", "Mme Roux", 2, 0.5, 1.5),
        ("chabrier", "M. Chabrier", 6, -1.5, 0.0),
        ("vermenouze", "Mme Vermenouze", 10, 1.0, -1.0),
        ("lafon", "M. Lafon", 12, 0.0, 2.0),
        ("delpuech", "Mme Delpuech", 15, -1.0, -1.5),
    ] {
        let am = format!("insulin-{key}-am");
        let pm = format!("insulin-{key}-pm");
        add(
            &mut visits,
            &am,
            patient,
            at(v, dx, dy),
            15.0,
            &[("07:00", "09:00")],
            &nursing,
        );
        add(
            &mut visits,
            &pm,
            patient,
            at(v, dx, dy),
            15.0,
            &[("17:30", "20:00")],
            &nursing,
        );
        links.push(LinkInput {
            first: am,
            second: pm,
            kind: LinkKindInput::Sequential,
            min_gap_min: 600.0,
            max_gap_min: None,
            distinct_carers: None,
        });
    }
    // Fasting blood tests.
    for (key, patient, v) in [
        ("bonal", "M. Bonal", 1),
        ("fabre", "Mme Fabre", 7),
        ("cantuel", "M. Cantuel", 8),
    ] {
        add(
            &mut visits,
            &format!("blood-{key}"),
            patient,
            at(v, -0.5, -1.5),
            10.0,
            &[("07:00", "09:00")],
            &nursing,
        );
    }
    // Wound dressings.
    for (key, patient, v, window) in [
        ("aymar", "Mme Aymar", 3, Some(("08:00", "12:00"))),
        ("bru", "M. Bru", 4, None),
        ("costes", "Mme Costes", 9, Some(("14:00", "17:00"))),
        ("espinasse", "M. Espinasse", 14, Some(("09:00", "12:00"))),
        ("gaston", "Mme Gaston", 13, Some(("14:00", "18:00"))),
        ("hugon", "M. Hugon", 0, None),
    ] {
        let windows: Vec<(&str, &str)> = window.into_iter().collect();
        add(
            &mut visits,
            &format!("dressing-{key}"),
            patient,
            at(v, 1.5, 0.5),
            25.0,
            &windows,
            &nursing,
        );
    }
    // Infusions.
    add(
        &mut visits,
        "infusion-issartel",
        "M. Issartel",
        at(11, -1.0, 1.0),
        45.0,
        &[("09:00", "11:00")],
        &["nursing", "perfusion"],
    );
    add(
        &mut visits,
        "infusion-jaulhac",
        "Mme Jaulhac",
        at(5, 1.0, -1.5),
        45.0,
        &[("15:00", "17:00")],
        &["nursing", "perfusion"],
    );
    // Pill boxes, any time.
    for (key, patient, v) in [
        ("mazet", "Mme Mazet", 6),
        ("nozieres", "M. Nozières", 3),
        ("pages", "Mme Pagès", 12),
    ] {
        add(
            &mut visits,
            &format!("pillbox-{key}"),
            patient,
            at(v, -1.5, 1.0),
            15.0,
            &[],
            &nursing,
        );
    }
    // Palliative care: Mme Vidal knows Claire.
    let vidal = add(
        &mut visits,
        "palliative-vidal",
        "Mme Vidal",
        at(10, -1.0, 1.5),
        45.0,
        &[("09:30", "12:00")],
        &nursing,
    );
    // Announced with the family doctor: Marc at 11:00.
    let lacoste = add(
        &mut visits,
        "gp-visit-lacoste",
        "M. Lacoste",
        at(2, -1.0, -1.0),
        30.0,
        &[("10:30", "11:30")],
        &nursing,
    );
    // Hygiene care by the aides, mornings and early afternoons.
    for (key, patient, v) in [
        ("queyrat", "Mme Queyrat", 0),
        ("rames", "M. Rames", 1),
        ("serre", "Mme Serre", 4),
        ("tible", "M. Tible", 5),
        ("usse", "Mme Usse", 9),
        ("vialard", "M. Vialard", 13),
        ("yvernault", "Mme Yvernault", 14),
    ] {
        add(
            &mut visits,
            &format!("hygiene-{key}"),
            patient,
            at(v, 0.0, -2.0),
            40.0,
            &[("07:30", "11:00")],
            &hygiene,
        );
    }
    for (key, patient, v) in [
        ("albouy", "M. Albouy", 8),
        ("broussy", "Mme Broussy", 10),
        ("cayrol", "M. Cayrol", 15),
    ] {
        add(
            &mut visits,
            &format!("hygiene-{key}"),
            patient,
            at(v, 2.0, 1.0),
            30.0,
            &[("13:00", "14:30")],
            &hygiene,
        );
    }
    // A heavy transfer (bed to chair, no lift): two carers at once.
    for half in ["a", "b"] {
        add(
            &mut visits,
            &format!("transfer-besse-{half}"),
            "M. Besse",
            at(7, 1.0, 1.0),
            30.0,
            &[("09:00", "10:30")],
            &hygiene,
        );
    }
    links.push(LinkInput {
        first: "transfer-besse-a".into(),
        second: "transfer-besse-b".into(),
        kind: LinkKindInput::Simultaneous,
        min_gap_min: 0.0,
        max_gap_min: None,
        distinct_carers: None,
    });
    // A wash by an aide, then the nurse dresses the leg ulcer within the hour.
    add(
        &mut visits,
        "wash-delmas",
        "Mme Delmas",
        at(3, -1.0, 1.5),
        40.0,
        &[("08:00", "10:00")],
        &hygiene,
    );
    add(
        &mut visits,
        "dressing-delmas",
        "Mme Delmas",
        at(3, -1.0, 1.5),
        20.0,
        &[],
        &nursing,
    );
    links.push(LinkInput {
        first: "wash-delmas".into(),
        second: "dressing-delmas".into(),
        kind: LinkKindInput::Sequential,
        min_gap_min: 0.0,
        max_gap_min: Some(60.0),
        distinct_carers: Some(true),
    });
    // PSAD: deliveries from the warehouse, pickups back to it, one check.
    psad(
        &mut visits,
        "oxygen-delivery-dauzier",
        "Mme Dauzier",
        at(0, -1.5, -0.5),
        40.0,
        &[("09:00", "12:00")],
        [1, 0],
        [0, 0],
    );
    psad(
        &mut visits,
        "oxygen-delivery-estival",
        "M. Estival",
        at(8, 1.0, -1.0),
        40.0,
        &[("14:00", "17:00")],
        [1, 0],
        [0, 0],
    );
    psad(
        &mut visits,
        "bed-delivery-fau",
        "Mme Fau",
        at(9, -1.0, 1.0),
        45.0,
        &[("09:00", "12:00")],
        [0, 1],
        [0, 0],
    );
    psad(
        &mut visits,
        "bed-pickup-gineste",
        "M. Gineste",
        at(2, 1.5, -0.5),
        30.0,
        &[("14:00", "16:30")],
        [0, 0],
        [0, 1],
    );
    psad(
        &mut visits,
        "oxygen-pickup-hebrard",
        "Mme Hébrard",
        at(6, 1.0, 1.5),
        20.0,
        &[],
        [0, 0],
        [1, 0],
    );
    psad(
        &mut visits,
        "oxygen-check-jouve",
        "M. Jouve",
        at(7, -1.5, -1.0),
        20.0,
        &[("10:00", "16:00")],
        [0, 0],
        [0, 0],
    );
    visits[vidal].preferred_carers = vec!["nurse-claire".into()];
    visits[vidal].continuity_weight = 3.0;
    visits[vidal].priority = 2.0;
    visits[lacoste].pinned_carer = Some("nurse-marc".into());
    visits[lacoste].pinned_start = Some("11:00".into());
    Day {
        name: Some("Cantal canton, a Tuesday".into()),
        carers,
        visits,
        links,
        shipments: Vec::new(),
        weights: None,
    }
}

/// Adds a visit with one hard window (or none), priority 1 and no preference; returns its index.
fn add(
    visits: &mut Vec<VisitInput>,
    id: &str,
    patient: &str,
    place: [f64; 2],
    minutes: f64,
    windows: &[(&str, &str)],
    skills: &[&str],
) -> usize {
    visits.push(VisitInput {
        id: id.into(),
        patient: Some(patient.into()),
        location: Some(place),
        location_index: None,
        duration_min: minutes,
        windows: windows
            .iter()
            .map(|(a, b)| [a.to_string(), b.to_string()])
            .collect(),
        lateness: LatenessInput::Hard,
        skills: skills.iter().map(|s| s.to_string()).collect(),
        priority: 1.0,
        preferred_carers: Vec::new(),
        continuity_weight: 1.0,
        refused_carers: Vec::new(),
        pinned_carer: None,
        pinned_start: None,
        announced: None,
        not_before: None,
        delivery: Vec::new(),
        pickup: Vec::new(),
    });
    visits.len() - 1
}

/// Adds a PSAD visit (skill `psad`) delivering and collecting equipment
/// (oxygen concentrators, beds).
#[allow(clippy::too_many_arguments)]
fn psad(
    visits: &mut Vec<VisitInput>,
    id: &str,
    patient: &str,
    place: [f64; 2],
    minutes: f64,
    windows: &[(&str, &str)],
    delivery: [i64; 2],
    pickup: [i64; 2],
) {
    let k = add(visits, id, patient, place, minutes, windows, &["psad"]);
    visits[k].delivery = delivery.to_vec();
    visits[k].pickup = pickup.to_vec();
}
