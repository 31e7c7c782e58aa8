//! AFL++ target: `tournee_fuzz::day_csv` (see fuzz/README.md).
fn main() {
    tournee_fuzz::quiet_threads();
    // No panic hook: a panic that escapes the harness aborts and AFL records a crash.
    afl::fuzz_nohook!(|data: &[u8]| {
        let _ = tournee_fuzz::day_csv(data);
    });
}
