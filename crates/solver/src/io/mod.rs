//! Readers for benchmark files and writers for solutions.

pub mod solomon;

pub use solomon::{read_solomon, Rounding, SolomonInstance, SolomonNode};
