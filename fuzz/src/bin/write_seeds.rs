//! Writes the seed corpora of the fuzz targets into `fuzz/corpus/<target>/` from the
//! project's own generators (the example canton and its day, small hand-made instances).
//! Run from the repository root: `cargo run -p tournee-fuzz --bin write-seeds`.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for (target, name, bytes) in tournee_fuzz::seeds::seeds() {
        let dir = root.join(target);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join(name), bytes)?;
    }
    println!("seeds written under {}", root.display());
    Ok(())
}
