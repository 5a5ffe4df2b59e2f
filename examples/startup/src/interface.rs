//! The names `startup` shows its users: the usage line, the environment variables it reads, and
//! the defaults and system paths its commands rely on.
//!
//! They are quoted by the code that reads them (`args`, `env`, `config`, `ping`) and by the
//! refusals that tell the user what to type, set or install (`error`), so they live here, below
//! both.

/// The one-line synopsis, repeated in every usage error.
pub const USAGE: &str = "startup [--config PATH] [--lazy-deps] <check|sync|ping>";

/// The API token's variable: required, not empty.
pub const TOKEN_VAR: &str = "STARTUP_API_TOKEN";

/// The config file's path, when `--config` is not given.
pub const CONFIG_VAR: &str = "STARTUP_CONFIG";

/// The update service `ping` checks, when the config has no `service = host:port` line.
pub const DEFAULT_SERVICE: &str = "updates.startup.example:443";

/// The directory of CA certificates that TLS to the update service is verified against.
pub const TRUST_STORE: &str = "/etc/ssl/certs";
