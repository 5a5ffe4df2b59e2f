//! What a fault harness needs in a package's `Cargo.toml`: the `[[test]]` target with
//! `harness = false`, fault-runtime as a dev-dependency, and, for a crate that implements
//! `Refusal` in its library, fault-runtime's contract as a dependency. Edited in place, so the
//! rest of the file keeps its formatting and comments.

use toml_edit::{DocumentMut, InlineTable, Item, Table, value};

/// The harness target's name, and its file under `tests/`.
pub(crate) const HARNESS: &str = "faults";

/// The package's name of the runtime.
pub(crate) const RUNTIME: &str = "fault-runtime";

/// Where the runtime comes from: a path (the source next to this `cargo faults`) or a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    /// `{ path = "…" }`.
    Path(String),
    /// `"0.1.0"`.
    Version(String),
}

/// The manifest with what the harness needs added: the edited text, and what changed (empty
/// when it was all there), or why it cannot be set up without overwriting what is there.
pub(crate) fn add_harness(
    text: &str,
    source: &Source,
    contract: bool,
) -> Result<(String, Vec<String>), String> {
    let mut manifest: DocumentMut = text
        .parse()
        .map_err(|err| format!("Cargo.toml is not valid TOML: {err}"))?;
    let mut changed = Vec::new();
    if add_test_target(&mut manifest)? {
        changed.push(format!("[[test]] `{HARNESS}` with `harness = false`"));
    }
    if add_dependency(&mut manifest, "dev-dependencies", dependency(source, None))? {
        changed.push(format!("dev-dependency `{RUNTIME}`"));
    }
    if contract
        && add_dependency(
            &mut manifest,
            "dependencies",
            dependency(source, Some(false)),
        )?
    {
        changed.push(format!(
            "dependency `{RUNTIME}` with `default-features = false` (the `Refusal` contract)"
        ));
    }
    Ok((manifest.to_string(), changed))
}

/// Adds the `[[test]]` target unless one named [`HARNESS`] is there; one without
/// `harness = false` is a conflict.
fn add_test_target(manifest: &mut DocumentMut) -> Result<bool, String> {
    let tests = manifest
        .entry("test")
        .or_insert(Item::ArrayOfTables(Default::default()));
    let Some(tests) = tests.as_array_of_tables_mut() else {
        return Err("Cargo.toml's `test` is not a list of `[[test]]` tables".to_owned());
    };
    let existing = tests
        .iter()
        .find(|test| test.get("name").and_then(Item::as_str) == Some(HARNESS));
    if let Some(existing) = existing {
        return match existing.get("harness").and_then(Item::as_bool) {
            Some(false) => Ok(false),
            _ => Err(format!(
                "Cargo.toml has a `[[test]]` named `{HARNESS}` without `harness = false`: a fault harness needs it; add `harness = false` to it, or rename it"
            )),
        };
    }
    let mut target = Table::new();
    target["name"] = value(HARNESS);
    target["harness"] = value(false);
    tests.push(target);
    Ok(true)
}

/// The runtime as a dependency from `source`, with `default-features` when given.
fn dependency(source: &Source, default_features: Option<bool>) -> Item {
    let mut table = InlineTable::new();
    match source {
        Source::Path(path) => table.insert("path", path.as_str().into()),
        Source::Version(version) => table.insert("version", version.as_str().into()),
    };
    if let Some(on) = default_features {
        table.insert("default-features", on.into());
    }
    Item::Value(table.into())
}

/// Adds the runtime to `section` unless it is there already (in any form: the user's choice
/// stands).
fn add_dependency(
    manifest: &mut DocumentMut,
    section: &str,
    dependency: Item,
) -> Result<bool, String> {
    let table = manifest.entry(section).or_insert(Item::Table(Table::new()));
    let Some(table) = table.as_table_like_mut() else {
        return Err(format!("Cargo.toml's `{section}` is not a table"));
    };
    if table.contains_key(RUNTIME) {
        return Ok(false);
    }
    table.insert(RUNTIME, dependency);
    Ok(true)
}

/// Whether the package's sources implement `Refusal` (by derive or by hand), so that its
/// library needs the contract.
pub(crate) fn implements_refusal(sources: &[String]) -> bool {
    sources.iter().any(|source| {
        source.contains("impl Refusal")
            || source.contains("Refusal)")
            || source.contains("Refusal for")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n# kept\n[dependencies]\nserde = \"1\"\n";

    fn path() -> Source {
        Source::Path("../faults/fault-runtime".to_owned())
    }

    #[test]
    fn a_plain_manifest_gets_the_target_and_the_dev_dependency_and_keeps_the_rest() {
        let (text, changed) = add_harness(PLAIN, &path(), false).unwrap();
        assert_eq!(changed.len(), 2, "{changed:?}");
        assert!(
            text.contains("# kept\n[dependencies]\nserde = \"1\"\n"),
            "{text}"
        );
        assert!(
            text.contains("[[test]]\nname = \"faults\"\nharness = false\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "[dev-dependencies]\nfault-runtime = { path = \"../faults/fault-runtime\" }\n"
            ),
            "{text}"
        );
        assert!(!text.contains("default-features"), "{text}");
    }

    #[test]
    fn a_second_run_changes_nothing() {
        let (once, _) = add_harness(PLAIN, &path(), true).unwrap();
        let (twice, changed) = add_harness(&once, &path(), true).unwrap();
        assert_eq!(twice, once);
        assert!(changed.is_empty(), "{changed:?}");
    }

    #[test]
    fn a_crate_implementing_refusal_gets_the_contract_without_default_features() {
        let (text, changed) =
            add_harness(PLAIN, &Source::Version("0.1.0".to_owned()), true).unwrap();
        assert_eq!(changed.len(), 3, "{changed:?}");
        assert!(
            text.contains("fault-runtime = { version = \"0.1.0\", default-features = false }"),
            "{text}"
        );
        assert!(implements_refusal(
            &["#[derive(Debug, Refusal)]".to_owned()]
        ));
        assert!(implements_refusal(&[
            "impl fault_runtime::Refusal for E {}".to_owned()
        ]));
        assert!(!implements_refusal(&["fn main() {}".to_owned()]));
    }

    #[test]
    fn a_test_target_named_faults_without_harness_false_is_a_conflict() {
        let taken = format!("{PLAIN}\n[[test]]\nname = \"faults\"\n");
        let err = add_harness(&taken, &path(), false).unwrap_err();
        assert!(err.contains("without `harness = false`"), "{err}");
    }
}
