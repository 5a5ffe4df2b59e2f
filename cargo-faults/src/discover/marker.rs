//! Whether a test binary links fault-runtime's harness, told without running it.
//!
//! An ELF binary that links the harness has the section [`MARKER_SECTION`]: reading its
//! section headers takes a few small reads, however large the binary. Any other binary is
//! searched for the marker's bytes.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::path::Path;

use fault_runtime::listing::{MARKER_SECTION, harness_marker};

/// Whether the binary at `path` links the harness.
pub(crate) fn links_harness(path: &Path) -> io::Result<bool> {
    let mut file = File::open(path)?;
    match elf_has_section(&mut file, MARKER_SECTION)? {
        Some(found) => Ok(found),
        None => {
            let mut bytes = Vec::new();
            file.seek(SeekFrom::Start(0))?;
            file.read_to_end(&mut bytes)?;
            Ok(memchr::memmem::find(&bytes, &harness_marker()).is_some())
        }
    }
}

/// Whether a 64-bit little-endian ELF file has a section named `name`; `None` for any other
/// kind of file.
fn elf_has_section(file: &mut File, name: &str) -> io::Result<Option<bool>> {
    let mut header = [0u8; 64];
    if file.read_exact(&mut header).is_err() || &header[..4] != b"\x7fELF" {
        return Ok(None);
    }
    // ELFCLASS64, ELFDATA2LSB.
    if header[4] != 2 || header[5] != 1 {
        return Ok(None);
    }
    let u16_at = |bytes: &[u8], at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |bytes: &[u8], at: usize| {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    };
    let u64_at = |bytes: &[u8], at: usize| {
        let mut word = [0u8; 8];
        word.copy_from_slice(&bytes[at..at + 8]);
        u64::from_le_bytes(word)
    };
    let section_table = u64_at(&header, 0x28);
    let entry_size = usize::from(u16_at(&header, 0x3a));
    let count = usize::from(u16_at(&header, 0x3c));
    let names_index = usize::from(u16_at(&header, 0x3e));
    if entry_size < 64 || count == 0 || names_index >= count {
        return Ok(None);
    }
    let mut table = vec![0u8; entry_size * count];
    file.seek(SeekFrom::Start(section_table))?;
    file.read_exact(&mut table)?;
    let names_entry = &table[names_index * entry_size..];
    let names_offset = u64_at(names_entry, 0x18);
    let names_size = usize::try_from(u64_at(names_entry, 0x20)).unwrap_or(0);
    let mut names = vec![0u8; names_size];
    file.seek(SeekFrom::Start(names_offset))?;
    file.read_exact(&mut names)?;
    let wanted = name.as_bytes();
    let found = (0..count).any(|index| {
        let at = u32_at(&table[index * entry_size..], 0) as usize;
        names
            .get(at..)
            .and_then(|rest| rest.split(|b| *b == 0).next())
            .is_some_and(|section| section == wanted)
    });
    Ok(Some(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_elf_is_searched_for_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let marker = harness_marker();
        let harness = dir.path().join("harness");
        let mut bytes = b"#!not an ELF file ".to_vec();
        bytes.extend_from_slice(&marker);
        std::fs::write(&harness, bytes).unwrap();
        let other = dir.path().join("other");
        std::fs::write(&other, &marker[..marker.len() - 1]).unwrap();
        assert!(links_harness(&harness).unwrap());
        assert!(!links_harness(&other).unwrap());
    }

    #[test]
    fn an_elf_binary_without_the_section_is_not_a_harness() {
        // This test binary does not link `fault_runtime::run`.
        let me = std::env::current_exe().unwrap();
        assert!(!links_harness(&me).unwrap());
    }
}
