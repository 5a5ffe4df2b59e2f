//! The names `startup` shows its users: the usage line and the environment variables it reads.
//!
//! They are quoted by the code that reads them (`args`, `env`, `config`) and by the refusals
//! that tell the user what to type or set (`error`), so they live here, below both.

/// The one-line synopsis, repeated in every usage error.
pub const USAGE: &str = "startup [--config PATH] [--lazy-deps] <check|sync>";

/// The API token's variable: required, not empty.
pub const TOKEN_VAR: &str = "STARTUP_API_TOKEN";

/// The config file's path, when `--config` is not given.
pub const CONFIG_VAR: &str = "STARTUP_CONFIG";
