//! tournee-solver (work in progress).
