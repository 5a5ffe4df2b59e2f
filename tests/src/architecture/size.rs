//! File sizes: the lines of each source file, a trailing test module aside, against the limit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::items::is_test_only;
use super::sources::Sources;

/// The most lines a source file may have, a trailing `#[cfg(test)] mod tests { .. }` aside.
pub const MAX_LINES: usize = 500;

/// One line per problem: a file over the limit, or an allow-list entry that is no longer needed.
///
/// The allow list names files, relative to the workspace root, each with the reason it may be
/// over [`MAX_LINES`].
pub fn oversized_files(
    sources: &dyn Sources,
    src_dirs: &[PathBuf],
    allowlist: &[(&str, &str)],
) -> Vec<String> {
    let allowed: BTreeMap<PathBuf, &str> = allowlist
        .iter()
        .map(|(path, reason)| (PathBuf::from(path), *reason))
        .collect();
    let mut problems = Vec::new();
    let mut checked = BTreeSet::new();
    for dir in src_dirs {
        for file in sources.rs_files_under(dir) {
            if !checked.insert(file.clone()) {
                continue;
            }
            let text = sources.read(&file).unwrap_or_default();
            let is_allowed = allowed.contains_key(&file);
            problems.extend(size_problem(&file, &text, is_allowed));
        }
    }
    for path in allowed.keys().filter(|path| !checked.contains(*path)) {
        problems.push(format!(
            "  {}: in LARGE_FILE_ALLOWLIST but not a source file",
            path.display()
        ));
    }
    problems
}

/// The problem with one file's size, if any: over the limit and not allowed, or allowed and
/// within it.
fn size_problem(file: &Path, text: &str, is_allowed: bool) -> Option<String> {
    let total = text.lines().count();
    // Parsing is slow in a debug build: only a long file needs its test module found.
    let counted = if total > MAX_LINES {
        counted_lines(text)
    } else {
        total
    };
    let over = counted > MAX_LINES;
    match (over, is_allowed) {
        (true, false) if counted == total => Some(format!("  {}: {counted} lines", file.display())),
        (true, false) => Some(format!(
            "  {}: {counted} lines (and {} in its test module)",
            file.display(),
            total - counted
        )),
        (false, true) => Some(format!(
            "  {}: {counted} lines, within the limit: remove it from LARGE_FILE_ALLOWLIST",
            file.display()
        )),
        _ => None,
    }
}

/// The file's lines, without a trailing `#[cfg(test)] mod tests { .. }` (its attributes and doc
/// comment included).
fn counted_lines(text: &str) -> usize {
    let total = text.lines().count();
    let Ok(file) = syn::parse_file(text) else {
        return total;
    };
    match file.items.last() {
        Some(syn::Item::Mod(module)) if module.content.is_some() && is_test_only(&module.attrs) => {
            let start = module
                .attrs
                .iter()
                .map(|attr| attr.pound_token.span.start().line)
                .chain([module.mod_token.span.start().line])
                .min()
                .unwrap_or(total + 1);
            start.saturating_sub(1)
        }
        _ => total,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::super::testing::Memory;
    use super::{counted_lines, oversized_files};

    fn numbered_lines(count: usize) -> String {
        (0..count)
            .map(|line| format!("const L{line}: u32 = {line};\n"))
            .collect()
    }

    #[test]
    fn a_file_of_501_lines_is_too_long() {
        let sources = Memory::new(&[
            ("src/long.rs", &numbered_lines(501)),
            ("src/ok.rs", &numbered_lines(500)),
        ]);
        let problems = oversized_files(&sources, &[PathBuf::from("src")], &[]);
        assert_eq!(problems, ["  src/long.rs: 501 lines"]);
    }

    #[test]
    fn a_trailing_test_module_is_not_counted() {
        let mut text = numbered_lines(400);
        text.push_str("#[cfg(test)]\nmod tests {\n");
        text.push_str(&"    // a test line\n".repeat(197));
        text.push_str("}\n");
        assert_eq!(text.lines().count(), 600);
        assert_eq!(counted_lines(&text), 400);
        let sources = Memory::new(&[("src/tested.rs", &text)]);
        assert!(oversized_files(&sources, &[PathBuf::from("src")], &[]).is_empty());
    }

    #[test]
    fn a_test_module_in_the_middle_is_counted() {
        let mut text = numbered_lines(300);
        text.push_str("#[cfg(test)]\nmod tests {\n");
        text.push_str(&"    // a test line\n".repeat(197));
        text.push_str("}\n");
        text.push_str(&numbered_lines(1));
        assert_eq!(counted_lines(&text), 501);
    }

    #[test]
    fn the_allow_list_admits_a_file_and_must_stay_current() {
        let sources = Memory::new(&[("src/table.rs", &numbered_lines(600)), ("src/small.rs", "")]);
        let dirs = [PathBuf::from("src")];
        assert!(oversized_files(&sources, &dirs, &[("src/table.rs", "generated")]).is_empty());
        let stale = oversized_files(&sources, &dirs, &[("src/small.rs", "was generated")]);
        assert_eq!(stale.len(), 2, "{stale:?}");
    }
}
