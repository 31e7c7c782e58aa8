//! Ctrl-C (SIGINT, and SIGTERM / SIGHUP): the first signal stops the search, which returns its
//! best plan so far; the command then writes its files as usual (marked interrupted) and exits
//! with [`EXIT_INTERRUPTED`]. A second signal exits at once, with the same code (files already
//! written are whole: every output is written atomically).

use std::sync::OnceLock;

use tournee_solver::CancelToken;

/// Exit code of a run stopped by a signal (128 + SIGINT, as shells report it).
pub(crate) const EXIT_INTERRUPTED: u8 = 130;

/// The token every search of this process watches, with the signal handler installed on first
/// use. If the handler cannot be installed (another one is), searches simply run to their limit.
pub(crate) fn token() -> CancelToken {
    static TOKEN: OnceLock<CancelToken> = OnceLock::new();
    TOKEN
        .get_or_init(|| {
            let token = CancelToken::new();
            let seen = token.clone();
            let installed = ctrlc::set_handler(move || {
                if seen.is_cancelled() {
                    eprintln!("\ninterrupted again: exiting now");
                    std::process::exit(i32::from(EXIT_INTERRUPTED));
                }
                eprintln!(
                    "\ninterrupted: stopping the search and writing the best plan found so far (Ctrl-C again to quit at once)"
                );
                seen.cancel();
            });
            if let Err(e) = installed {
                eprintln!("warning: Ctrl-C will stop without writing the plan ({e})");
            }
            token
        })
        .clone()
}

/// Whether a signal stopped this run.
pub(crate) fn interrupted() -> bool {
    token().is_cancelled()
}
