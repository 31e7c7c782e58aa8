//! Reading OpenStreetMap PBF extracts (and writing small ones for tests and demos).

mod reader;
mod writer;

pub use reader::{
    delay_code, read_extract, ImportStats, OsmExtract, RestrictionVia, RoadWay, TurnRestriction,
    DELAY_SHIFT, FLAG_BARRIER,
};
pub use writer::{MemberKind, OsmNode, OsmRelation, OsmWay, PbfWriter};
