//! Replays the committed corpora through the harnesses: every seed is accepted, every kept
//! regression input runs to an answer (accepted or refused) without a panic.

use std::path::Path;

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn every_seed_is_accepted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for target in tournee_fuzz::TARGETS {
        let seeds = files(&root.join(target));
        assert!(!seeds.is_empty(), "no seed for target {target}");
        for seed in seeds {
            let data = std::fs::read(&seed).unwrap();
            if let Err(e) = tournee_fuzz::run(target, &data) {
                panic!("seed {} refused: {e}", seed.display());
            }
        }
    }
}

#[test]
fn committed_seeds_are_what_the_generators_write() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (target, name, bytes) in tournee_fuzz::seeds::seeds() {
        let on_disk = std::fs::read(root.join(target).join(name)).unwrap();
        assert!(
            on_disk == bytes,
            "corpus/{target}/{name} is stale: run write-seeds"
        );
    }
}

#[test]
fn regressions_give_an_answer_without_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions");
    for target in tournee_fuzz::TARGETS {
        for input in files(&root.join(target)) {
            let data = std::fs::read(&input).unwrap();
            let _ = tournee_fuzz::run(target, &data);
        }
    }
}

#[test]
fn bad_bytes_are_refused_by_every_target() {
    for target in tournee_fuzz::TARGETS {
        for data in [
            &b""[..],
            b"\xff\xfe",
            b"{",
            b"\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        ] {
            assert!(
                tournee_fuzz::run(target, data).is_err(),
                "{target} accepted {data:?}"
            );
        }
    }
}
