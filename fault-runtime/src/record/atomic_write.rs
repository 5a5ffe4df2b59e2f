//! Writing a file so readers see all of it or none of it.

use std::io::{self, Write};
use std::path::Path;

/// Writes `bytes` to `path` (in an existing directory) atomically.
///
/// On Linux the content goes into an unnamed file (`O_TMPFILE`) that is then linked under its
/// name: one directory update instead of a create and a rename, which matters when many cases
/// finish at once into one records directory. Where that is unavailable, or `path` already
/// exists, a named temporary file is renamed over it.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if crate::sys::link_unnamed(dir, path, bytes).is_ok() {
        return Ok(());
    }
    let mut file = tempfile::Builder::new()
        .prefix(".tmp-")
        .suffix(".partial")
        .tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.persist(path).map_err(|err| err.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_new_file_and_replaces_an_existing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.json");
        write(&path, b"first").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        write(&path, b"second, longer").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second, longer");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["record.json"], "no temporary file is left behind");
    }
}
