//! The search state (who does what, in which order) and cheap undo of a move.

use super::super::compiled::{Compiled, NONE};
use crate::rng::Rng;

/// Rounds, the round of each task, and the visits left out.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub routes: Vec<Vec<u32>>,
    pub route_of: Vec<u32>,
    pub unassigned: Vec<u32>,
}

impl State {
    /// Every break in its carer's round, every visit out.
    pub fn empty(c: &Compiled) -> State {
        let mut routes = vec![Vec::new(); c.n_carers];
        let mut route_of = vec![NONE; c.n_tasks()];
        for (k, carer) in c.carers.iter().enumerate() {
            routes[k] = carer.breaks.clone();
            for &b in &carer.breaks {
                route_of[b as usize] = k as u32;
            }
        }
        State {
            routes,
            route_of,
            unassigned: Vec::new(),
        }
    }

    /// Marks the tasks of round `r` as being in it.
    pub fn touch(&mut self, r: usize) {
        for &t in &self.routes[r] {
            self.route_of[t as usize] = r as u32;
        }
    }

    /// Position of `t` in its round.
    pub fn position(&self, t: u32) -> usize {
        let r = self.route_of[t as usize] as usize;
        self.routes[r].iter().position(|&x| x == t).unwrap_or(0)
    }

    /// Whether task `t` may go to round `r` (skills and the like, and the other half of a
    /// double visit not there, unless it is `except`).
    #[inline]
    pub fn fits(&self, c: &Compiled, t: u32, r: usize, except: u32) -> bool {
        let t = t as usize;
        if !c.allows(t, r) {
            return false;
        }
        let p = c.partner[t];
        p == NONE || p == except || self.route_of[p as usize] != r as u32
    }

    /// A random task that is in a round (visit or break), if any after a few tries.
    pub fn random_assigned(&self, rng: &mut Rng) -> Option<u32> {
        for _ in 0..16 {
            let t = rng.below(self.route_of.len());
            if self.route_of[t] != NONE {
                return Some(t as u32);
            }
        }
        None
    }

    /// Removes `t` from its round (does not update `route_of`).
    pub fn take(&mut self, t: u32) -> usize {
        let r = self.route_of[t as usize] as usize;
        let i = self.routes[r]
            .iter()
            .position(|&x| x == t)
            .expect("task in its round");
        self.routes[r].remove(i);
        i
    }
}

/// Saved rounds, to put a rejected move back.
#[derive(Debug, Default)]
pub(crate) struct Undo {
    saved: Vec<(usize, Vec<u32>)>,
    spare: Vec<Vec<u32>>,
    unassigned: Option<Vec<u32>>,
}

impl Undo {
    /// Forgets the previous move.
    pub fn clear(&mut self) {
        while let Some((_, v)) = self.saved.pop() {
            self.spare.push(v);
        }
        self.unassigned = None;
    }

    /// Saves round `r` before it changes (once per move).
    pub fn save(&mut self, st: &State, r: usize) {
        if self.saved.iter().any(|(x, _)| *x == r) {
            return;
        }
        let mut v = self.spare.pop().unwrap_or_default();
        v.clear();
        v.extend_from_slice(&st.routes[r]);
        self.saved.push((r, v));
    }

    /// Saves the list of visits left out before it changes.
    pub fn save_unassigned(&mut self, st: &State) {
        if self.unassigned.is_none() {
            self.unassigned = Some(st.unassigned.clone());
        }
    }

    /// Rounds changed by the move, with their content before it.
    pub fn changes(&self) -> impl Iterator<Item = (usize, &[u32])> + '_ {
        self.saved.iter().map(|(r, v)| (*r, v.as_slice()))
    }

    /// Marks every task of the changed rounds (after the move is applied).
    pub fn commit(&self, st: &mut State) {
        for (r, _) in &self.saved {
            st.touch(*r);
        }
        if self.unassigned.is_some() {
            for i in 0..st.unassigned.len() {
                let t = st.unassigned[i] as usize;
                st.route_of[t] = NONE;
            }
        }
    }

    /// Puts the state back as it was before the move.
    pub fn revert(&mut self, st: &mut State) {
        for (r, v) in &mut self.saved {
            std::mem::swap(&mut st.routes[*r], v);
        }
        if let Some(u) = self.unassigned.take() {
            st.unassigned = u;
            for i in 0..st.unassigned.len() {
                let t = st.unassigned[i] as usize;
                st.route_of[t] = NONE;
            }
        }
        for (r, _) in &self.saved {
            st.touch(*r);
        }
        self.clear();
    }
}
