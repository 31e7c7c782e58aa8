//! Contraction hierarchies: preprocessing once, then fast exact queries.
//!
//! Nodes are contracted one by one, least important first (priority: shortcuts added over arcs
//! removed, weighted by the original arcs they stand for, plus the node's depth in the hierarchy,
//! as in OSRM). Contracting a node adds a shortcut between two of its neighbours only when no
//! *witness* path avoids it. The result is stored renumbered by rank, as two upward graphs
//! (forward and backward), so a query explores only nodes of ever higher rank.
//!
//! Many-to-many tables use buckets (Knopp et al. 2007): one backward upward search per target
//! leaves `(target, cost)` entries at every node it settles; one forward upward search per source
//! scans the buckets of the nodes it settles. Both phases run in parallel on the rayon pool;
//! stall-on-demand prunes both.

mod contract;
mod many_to_many;
mod path;
mod search;

pub use contract::contract;
pub(crate) use many_to_many::many_to_many;
pub(crate) use path::{shortest_path, RankPath};

use crate::cost::Cost;

/// "No middle node": the arc is an original graph arc, not a shortcut.
pub(crate) const ORIGINAL: u32 = u32::MAX;

/// One upward arc in rank space.
#[derive(Clone, Copy, Debug, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
#[repr(C)]
pub struct UpArc {
    /// Packed time and length.
    pub cost: Cost,
    /// The other end (higher rank).
    pub head: u32,
    /// Middle node (rank) of a shortcut, or `u32::MAX` for an original arc.
    pub mid: u32,
}

/// A prepared contraction hierarchy over a [`crate::RoadGraph`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContractionHierarchy {
    /// Rank of each graph node.
    pub(crate) rank: Vec<u32>,
    /// Graph node of each rank.
    pub(crate) node_at: Vec<u32>,
    /// Forward upward arcs (tail → head, head of higher rank), CSR by tail rank.
    pub(crate) fwd_first: Vec<u32>,
    pub(crate) fwd: Vec<UpArc>,
    /// Backward upward arcs: entry `(head = w)` in the list of `v` stands for the arc `w → v`.
    pub(crate) bwd_first: Vec<u32>,
    pub(crate) bwd: Vec<UpArc>,
}

impl ContractionHierarchy {
    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.rank.len()
    }

    /// Number of upward arcs, forward and backward, shortcuts included.
    pub fn arc_count(&self) -> usize {
        self.fwd.len() + self.bwd.len()
    }

    /// Number of shortcut arcs.
    pub fn shortcut_count(&self) -> usize {
        self.fwd
            .iter()
            .chain(&self.bwd)
            .filter(|a| a.mid != ORIGINAL)
            .count()
    }

    /// Bytes held.
    pub fn memory_bytes(&self) -> usize {
        (self.rank.len() + self.node_at.len() + self.fwd_first.len() + self.bwd_first.len()) * 4
            + (self.fwd.len() + self.bwd.len()) * std::mem::size_of::<UpArc>()
    }

    #[inline]
    pub(crate) fn fwd_arcs(&self, r: u32) -> &[UpArc] {
        &self.fwd[self.fwd_first[r as usize] as usize..self.fwd_first[r as usize + 1] as usize]
    }

    #[inline]
    pub(crate) fn bwd_arcs(&self, r: u32) -> &[UpArc] {
        &self.bwd[self.bwd_first[r as usize] as usize..self.bwd_first[r as usize + 1] as usize]
    }

    /// Checks the internal invariants against a graph of `nodes` nodes.
    pub(crate) fn check(&self, nodes: usize) -> Result<(), String> {
        let ok_csr = |first: &[u32], arcs: &[UpArc]| {
            first.len() == nodes + 1
                && first.first() == Some(&0)
                && *first.last().unwrap_or(&0) as usize == arcs.len()
                && first.windows(2).all(|w| w[0] <= w[1])
        };
        if self.rank.len() != nodes || self.node_at.len() != nodes {
            return Err("rank arrays do not match the graph".into());
        }
        if !ok_csr(&self.fwd_first, &self.fwd) || !ok_csr(&self.bwd_first, &self.bwd) {
            return Err("hierarchy offsets are inconsistent".into());
        }
        for (i, &r) in self.rank.iter().enumerate() {
            if r as usize >= nodes || self.node_at[r as usize] as usize != i {
                return Err("rank and node arrays are not inverse".into());
            }
        }
        for (first, arcs) in [(&self.fwd_first, &self.fwd), (&self.bwd_first, &self.bwd)] {
            for r in 0..nodes {
                for a in &arcs[first[r] as usize..first[r + 1] as usize] {
                    if a.head as usize >= nodes
                        || a.head as usize <= r
                        || (a.mid != ORIGINAL && a.mid as usize >= r)
                    {
                        return Err(format!("arc from rank {r} breaks the hierarchy"));
                    }
                }
            }
        }
        Ok(())
    }
}
