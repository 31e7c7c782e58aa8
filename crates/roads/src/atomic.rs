//! Writing files so that a reader never sees half of one.
//!
//! [`write_atomic`] writes the bytes to a temporary file in the destination's folder, flushes it
//! to disk and renames it over the destination. A rename within one folder is atomic on the file
//! systems tournee runs on, so another process (or a test on another thread) reading the path
//! sees either the old file or the new one, never a truncated one; a run killed half-way leaves
//! the old file in place and no stray temporary (it is removed on drop, or at worst left under a
//! hidden `.name.*` name).

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, synced, then
/// renamed into place (an existing file is replaced).
///
/// ```
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("plan.json");
/// tournee_roads::write_atomic(&path, b"{}")?;
/// assert_eq!(std::fs::read(&path)?, b"{}");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.bin");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.bin")]);
    }

    #[test]
    fn missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("no").join("a.bin");
        assert!(write_atomic(&path, b"x").is_err());
        assert!(!path.exists());
    }

    #[test]
    fn concurrent_readers_never_see_a_partial_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.bin");
        let a = vec![1u8; 1 << 20];
        let b = vec![2u8; 1 << 20];
        write_atomic(&path, &a).unwrap();
        std::thread::scope(|s| {
            s.spawn(|| {
                for i in 0..20 {
                    write_atomic(&path, if i % 2 == 0 { &b } else { &a }).unwrap();
                }
            });
            for _ in 0..200 {
                let got = std::fs::read(&path).unwrap();
                assert!(got == a || got == b, "read {} bytes", got.len());
            }
        });
    }
}
