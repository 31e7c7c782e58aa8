//! Reading OpenStreetMap PBF extracts (and writing small ones for tests and demos).

mod reader;
mod writer;

pub use reader::{
    read_extract, ImportStats, OsmExtract, RestrictionVia, RoadWay, TurnRestriction, FLAG_BARRIER,
    FLAG_SIGNAL,
};
pub use writer::{MemberKind, OsmNode, OsmRelation, OsmWay, PbfWriter};
