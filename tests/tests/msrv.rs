//! The workspace's `rust-version` is honest: at least the highest `rust-version` of any
//! package the lockfile resolves, so a toolchain it admits can build every dependency.

use cargo_metadata::{MetadataCommand, semver::Version};

#[test]
fn rust_version_is_at_least_every_locked_dependencys() {
    let metadata = MetadataCommand::new()
        .manifest_path(faults_tests::workspace_root().join("Cargo.toml"))
        .other_options(vec!["--locked".to_owned()])
        .exec()
        .expect("cargo metadata of the workspace");
    let (needed, by) = metadata
        .packages
        .iter()
        .filter_map(|package| {
            let version = package.rust_version.clone()?;
            Some((version, format!("{} {}", package.name, package.version)))
        })
        .max()
        .expect("some package declares a rust-version");
    let members: Vec<_> = metadata.workspace_packages();
    assert!(!members.is_empty());
    for member in members {
        let declared: Option<&Version> = member.rust_version.as_ref();
        let declared =
            declared.unwrap_or_else(|| panic!("{} declares no rust-version", member.name));
        assert!(
            *declared >= needed,
            "{} declares rust-version {declared}, but {by} needs {needed}: raise the workspace's rust-version",
            member.name
        );
    }
}
