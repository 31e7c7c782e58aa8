//! Relocate: move a string of `n` consecutive jobs starting at `u` to just
//! after position `pv` of route `rv` (same or other route). Exchange (n, 0) in
//! PyVRP's naming.

use super::{Candidate, LocalSearch, Move, Part};

/// The relocate move, if it is valid (no overlap, skills allowed).
pub(crate) fn evaluate(ls: &LocalSearch, u: usize, rv: usize, pv: usize, n: usize) -> Option<Move> {
    let ru = ls.route_of[u];
    let pu = ls.pos_of[u];
    let route_u = &ls.routes[ru];
    let last = pu + n - 1;
    if last > route_u.len() {
        return None;
    }
    if ru != rv {
        let vehicle = ls.routes[rv].vehicle;
        if !(pu..=last).all(|p| ls.inst.can_serve(vehicle, route_u.job(p))) {
            return None;
        }
        let a = Candidate::new(
            ru,
            &[
                Part::Prefix(pu - 1),
                Part::Suffix {
                    route: ru,
                    from: last + 1,
                },
            ],
        );
        let b = Candidate::new(
            rv,
            &[
                Part::Prefix(pv),
                Part::Range {
                    route: ru,
                    from: pu,
                    to: last,
                },
                Part::Suffix {
                    route: rv,
                    from: pv + 1,
                },
            ],
        );
        return Some(Move::two(a, b));
    }
    if pv + 1 >= pu && pv <= last {
        return None;
    }
    let seg = Part::Range {
        route: ru,
        from: pu,
        to: last,
    };
    let c = if pv < pu {
        Candidate::new(
            ru,
            &[
                Part::Prefix(pv),
                seg,
                Part::Range {
                    route: ru,
                    from: pv + 1,
                    to: pu - 1,
                },
                Part::Suffix {
                    route: ru,
                    from: last + 1,
                },
            ],
        )
    } else {
        Candidate::new(
            ru,
            &[
                Part::Prefix(pu - 1),
                Part::Range {
                    route: ru,
                    from: last + 1,
                    to: pv,
                },
                seg,
                Part::Suffix {
                    route: ru,
                    from: pv + 1,
                },
            ],
        )
    };
    Some(Move::one(c))
}
