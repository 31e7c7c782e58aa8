//! Runs one harness on files, printing for each whether it was accepted or refused (and why);
//! a panic shows as usual. To reproduce an input AFL++ saved, and to check it fixed:
//! `cargo run -p tournee-fuzz --bin replay -- matrix /tmp/afl-matrix/default/crashes/id*`.
fn main() -> std::process::ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(target) = args
        .next()
        .filter(|t| tournee_fuzz::TARGETS.contains(&t.as_str()))
    else {
        eprintln!(
            "usage: replay TARGET FILE...  (TARGET one of {})",
            tournee_fuzz::TARGETS.join(", ")
        );
        return std::process::ExitCode::from(2);
    };
    tournee_fuzz::quiet_threads();
    for path in args {
        match std::fs::read(&path) {
            Ok(data) => match tournee_fuzz::run(&target, &data) {
                Ok(()) => println!("{path}: accepted"),
                Err(e) => println!("{path}: refused: {}", e.lines().next().unwrap_or("")),
            },
            Err(e) => println!("{path}: cannot read: {e}"),
        }
    }
    std::process::ExitCode::SUCCESS
}
