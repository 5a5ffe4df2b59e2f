//! What the fault cases share: the fixture configs and a way to run the real binary.

use fault_runtime::process;

/// A valid config with a 16 MiB cache.
pub(crate) const APP_CONF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/app.conf");

/// A valid config with a 1024 MiB cache.
pub(crate) const BIG_CACHE_CONF: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/big-cache.conf");

/// A valid config that runs git by its absolute path, `/usr/bin/git`.
pub(crate) const SYSTEM_GIT_CONF: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/system-git.conf");

/// A valid config whose update service is `index.crates.io:443`: crates.io's index stands in
/// for it, a TLS endpoint that every machine fetching this crate's dependencies can reach, so
/// `ping` completes where the host's network is there.
pub(crate) const PUBLIC_SERVICE_CONF: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/public-service.conf");

/// A config with a line that is not `key = value`.
pub(crate) const INVALID_CONF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/invalid.conf");

/// A config path that does not exist.
pub(crate) const MISSING_CONF: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/missing.conf");

/// A directory, where a config file is expected.
pub(crate) const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// Runs the `startup` binary with `args`, inside the case's isolation.
pub(crate) fn startup(args: &[&str]) -> process::Run {
    process::run(process::bin("startup").args(args))
}
