//! Swap: exchange a string of `n` jobs starting at `u` with a string of `m`
//! jobs starting at position `pv` of route `rv`. Exchange (n, m) in PyVRP's naming.

use super::{Candidate, LocalSearch, Move, Part};

/// The swap move, if it is valid (strings exist and do not overlap, skills allowed).
pub(crate) fn evaluate(
    ls: &LocalSearch,
    u: usize,
    rv: usize,
    pv: usize,
    n: usize,
    m: usize,
) -> Option<Move> {
    let ru = ls.route_of[u];
    let pu = ls.pos_of[u];
    let (lu, lv) = (ls.routes[ru].len(), ls.routes[rv].len());
    let (last_u, last_v) = (pu + n - 1, pv + m - 1);
    if pv == 0 || last_u > lu || last_v > lv {
        return None;
    }
    let seg_u = Part::Range {
        route: ru,
        from: pu,
        to: last_u,
    };
    let seg_v = Part::Range {
        route: rv,
        from: pv,
        to: last_v,
    };
    if ru != rv {
        let (veh_u, veh_v) = (ls.routes[ru].vehicle, ls.routes[rv].vehicle);
        if !(pu..=last_u).all(|p| ls.inst.can_serve(veh_v, ls.routes[ru].job(p)))
            || !(pv..=last_v).all(|p| ls.inst.can_serve(veh_u, ls.routes[rv].job(p)))
        {
            return None;
        }
        let a = Candidate::new(
            ru,
            &[
                Part::Prefix(pu - 1),
                seg_v,
                Part::Suffix {
                    route: ru,
                    from: last_u + 1,
                },
            ],
        );
        let b = Candidate::new(
            rv,
            &[
                Part::Prefix(pv - 1),
                seg_u,
                Part::Suffix {
                    route: rv,
                    from: last_v + 1,
                },
            ],
        );
        return Some(Move::two(a, b));
    }
    let c = if last_u < pv {
        Candidate::new(
            ru,
            &[
                Part::Prefix(pu - 1),
                seg_v,
                Part::Range {
                    route: ru,
                    from: last_u + 1,
                    to: pv - 1,
                },
                seg_u,
                Part::Suffix {
                    route: ru,
                    from: last_v + 1,
                },
            ],
        )
    } else if last_v < pu {
        Candidate::new(
            ru,
            &[
                Part::Prefix(pv - 1),
                seg_u,
                Part::Range {
                    route: ru,
                    from: last_v + 1,
                    to: pu - 1,
                },
                seg_v,
                Part::Suffix {
                    route: ru,
                    from: last_u + 1,
                },
            ],
        )
    } else {
        return None;
    };
    Some(Move::one(c))
}
