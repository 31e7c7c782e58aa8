//! Every HHCRSP benchmark instance imports, and the checker refuses an empty plan for each.

use tournee::hhcrsp::{check, BenchSolution, CarerRoute, Instance};
use tournee_tests::shared;

#[test]
fn all_70_instances_import_and_an_empty_plan_is_refused() {
    let Some(dir) = shared("data/hhcrsp/mankowska", "hhcrsp instances") else {
        return;
    };
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let inst = Instance::read(&path).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            !inst.patients.is_empty() && !inst.carers.is_empty(),
            "{}",
            inst.name
        );
        let empty = BenchSolution {
            routes: inst
                .carers
                .iter()
                .map(|(id, _)| CarerRoute {
                    caregiver_id: id.clone(),
                    locations: vec![],
                })
                .collect(),
        };
        let r = check(&inst, &empty);
        let needed: usize = inst.patients.iter().map(|p| p.services.len()).sum();
        assert!(!r.valid);
        assert_eq!(
            r.violations.len(),
            needed,
            "{}: one violation per service",
            inst.name
        );
        count += 1;
    }
    assert_eq!(count, 70);
}
