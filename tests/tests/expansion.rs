//! What `#[fault_case]` registers, read back through the registry: names, ids, options, and
//! unusual but valid definitions (raw identifiers, nested modules, fns inside fns, `#[ignore]`).

use std::time::Duration;

use fault_runtime::__private::Outcome;
use fault_runtime::__private::registry::{self, Registered};
use fault_runtime::record::{Category, Isolation, Network};
use fault_runtime::{Gate, Severity, fault_case};

type Io = Result<(), std::io::Error>;

fn refuse() -> Io {
    Err(std::io::ErrorKind::PermissionDenied.into())
}

/// Names come from the doc comment's first line
///
/// Later lines are not part of the name.
#[fault_case(expect = "PermissionDenied")]
fn documented() -> Io {
    refuse()
}

/// This doc line is not the name
#[fault_case(expect = "PermissionDenied", name = "An explicit name")]
fn named() -> Io {
    refuse()
}

#[fault_case(expect = "PermissionDenied")]
fn undocumented() -> Io {
    refuse()
}

#[fault_case(expect = "PermissionDenied")]
fn r#match() -> Io {
    refuse()
}

/// Named like the generated code's own bindings: hygiene keeps them apart
#[fault_case(expect = "PermissionDenied")]
fn def() -> Io {
    refuse()
}

#[fault_case(expect = "PermissionDenied")]
fn case() -> Io {
    refuse()
}

mod outer {
    pub(crate) mod inner {
        use fault_runtime::fault_case;

        #[fault_case(expect = "PermissionDenied")]
        fn nested() -> super::super::Io {
            super::super::refuse()
        }

        #[fault_case(expect = "PermissionDenied", id = "stable-id")]
        fn with_id() -> super::super::Io {
            super::super::refuse()
        }
    }
}

#[expect(
    dead_code,
    reason = "a case defined inside a fn registers without the fn being called"
)]
fn host() {
    #[fault_case(expect = "PermissionDenied")]
    fn inside_a_fn() -> Io {
        refuse()
    }
}

#[fault_case(
    expect = "ENV_VAR_MISSING",
    gate = "STARTUP",
    halt,
    severity = "critical",
    category = "custom:storage",
    fault = "missing_env_var",
    recovery = "Export SUPABASE_PASSWORD",
    env = [("SUPABASE_URL", "https://db.example"), ("SUPABASE_ANON_KEY", "anon")],
    env_remove = ["SUPABASE_PASSWORD"],
    env_pass = ["RUST_LOG_STYLE"],
    timeout = "1500ms",
    tags = ["startup", "supabase"],
    network = "host",
)]
fn every_option() -> Result<u8, std::io::Error> {
    Ok(7)
}

/// An async case on the paused clock, with the semantic options
#[fault_case(
    expect = "PermissionDenied",
    time = "paused",
    rollback = "snapshot",
    repeat = 3,
    drift = "not hardened yet",
    attempts = 2
)]
async fn async_options() -> Io {
    refuse()
}

#[fault_case(expect = "PermissionDenied", isolation = "none")]
fn in_process() -> Io {
    refuse()
}

/// A container without a network, hiding a program and a file
#[fault_case(
    expect = "PermissionDenied",
    isolation = "container",
    network = "none",
    hide = ["git", "/etc/app.toml"]
)]
fn in_a_container() -> Io {
    refuse()
}

#[test]
fn container_options_are_carried_into_the_description() {
    let def = registered("expansion::in_a_container").def;
    assert_eq!(def.isolation, Isolation::Container);
    assert_eq!(def.network, Network::None);
    assert_eq!(def.hide, &["git", "/etc/app.toml"]);
    assert!(!def.in_process());
    let plain = registered("expansion::numbered_gate").def;
    assert_eq!(
        (plain.isolation, plain.network),
        (Isolation::Process, Network::Host)
    );
}

#[test]
fn semantic_options_are_carried_into_the_description() {
    let def = registered("expansion::async_options").def;
    assert!(def.is_async && def.paused_time);
    assert_eq!(
        def.rollback,
        Some(fault_runtime::__private::RollbackExpectation::Snapshot)
    );
    assert_eq!(def.repeat, Some(3));
    assert_eq!(def.copies(), 3);
    assert_eq!(def.drift, Some("not hardened yet"));
    assert_eq!(def.attempts, Some(2));
    assert!(!def.in_process());
    assert!(
        matches!((def.body)(def), Outcome::Refused(_)),
        "the async body runs to its refusal"
    );
    let in_process = registered("expansion::in_process").def;
    assert!(in_process.in_process() && !in_process.is_async);
    assert_eq!(in_process.copies(), 1);
}

#[fault_case(
    expect = "PermissionDenied",
    gate = 4,
    category = "validation",
    halt = false
)]
fn numbered_gate() -> Io {
    refuse()
}

#[ignore]
#[fault_case(expect = "PermissionDenied")]
fn ignored_before() -> Io {
    refuse()
}

#[fault_case(expect = "PermissionDenied")]
#[ignore = "with a reason"]
fn ignored_after() -> Io {
    refuse()
}

fn all() -> Vec<Registered> {
    registry::cases().expect("ids are unique")
}

fn registered(id: &str) -> Registered {
    all()
        .into_iter()
        .find(|case| case.id == id)
        .unwrap_or_else(|| panic!("`{id}` is not registered"))
}

#[test]
fn every_case_is_registered_once_sorted_by_id() {
    let ids: Vec<String> = all().into_iter().map(|case| case.id).collect();
    // A fn defined inside another fn belongs to the enclosing module.
    assert_eq!(
        ids,
        [
            "expansion::async_options",
            "expansion::case",
            "expansion::def",
            "expansion::documented",
            "expansion::every_option",
            "expansion::ignored_after",
            "expansion::ignored_before",
            "expansion::in_a_container",
            "expansion::in_process",
            "expansion::inside_a_fn",
            "expansion::match",
            "expansion::named",
            "expansion::numbered_gate",
            "expansion::outer::inner::nested",
            "expansion::undocumented",
            "stable-id",
        ]
    );
}

#[test]
fn names_default_to_the_doc_comment_then_the_fn() {
    assert_eq!(
        registered("expansion::documented").def.display_name(),
        "Names come from the doc comment's first line"
    );
    assert_eq!(
        registered("expansion::named").def.display_name(),
        "An explicit name"
    );
    assert_eq!(
        registered("expansion::undocumented").def.display_name(),
        "undocumented"
    );
}

#[test]
fn raw_identifiers_register_without_their_prefix() {
    let raw = registered("expansion::match");
    assert_eq!(raw.def.fn_name, "match");
    assert!(matches!((raw.def.body)(raw.def), Outcome::Refused(_)));
}

#[test]
fn ids_follow_the_module_path_unless_given() {
    assert_eq!(
        registered("expansion::outer::inner::nested")
            .def
            .module_path,
        "expansion::outer::inner"
    );
    let stable = registered("stable-id");
    assert_eq!(stable.def.fn_name, "with_id");
    assert!(stable.def.has_id("stable-id"));
    assert!(!stable.def.has_id("expansion::outer::inner::with_id"));
}

#[test]
fn every_option_is_carried_into_the_description() {
    let def = registered("expansion::every_option").def;
    assert_eq!(def.expect, "ENV_VAR_MISSING");
    assert_eq!(def.gate, Some(Gate::label("STARTUP")));
    assert!(def.halt);
    assert_eq!(def.severity, Severity::Critical);
    assert_eq!(def.category, Some(Category::custom("storage")));
    assert_eq!(
        def.category.as_ref().map(Category::name).as_deref(),
        Some("custom:storage")
    );
    assert_eq!(def.fault, Some("missing_env_var"));
    assert_eq!(def.recovery, Some("Export SUPABASE_PASSWORD"));
    assert_eq!(
        def.env,
        &[
            ("SUPABASE_URL", "https://db.example"),
            ("SUPABASE_ANON_KEY", "anon")
        ]
    );
    assert_eq!(def.env_remove, &["SUPABASE_PASSWORD"]);
    assert_eq!(def.env_pass, &["RUST_LOG_STYLE"]);
    assert_eq!(def.timeout, Some(Duration::from_millis(1500)));
    assert_eq!(def.effective_timeout(), Duration::from_millis(1500));
    assert_eq!(def.tags, &["startup", "supabase"]);
    assert_eq!(def.network, Network::Host);
    assert!(!def.ignored);
    assert_eq!(def.file, "tests/tests/expansion.rs");
    assert!(def.line > 60, "the line of the fn, got {}", def.line);
    assert_eq!(
        (def.body)(def),
        Outcome::accepted().showing(Some("7".to_owned()))
    );
}

#[test]
fn defaults_apply_when_options_are_absent() {
    let def = registered("expansion::numbered_gate").def;
    assert_eq!(def.gate, Some(Gate::Number(4)));
    assert_eq!(def.category, Some(Category::Validation));
    assert!(!def.halt);
    assert_eq!(def.severity, Severity::Error);
    assert_eq!(def.timeout, None);
    assert_eq!(
        def.effective_timeout(),
        fault_runtime::__private::DEFAULT_TIMEOUT
    );
    assert!(def.env.is_empty() && def.tags.is_empty());
}

#[test]
fn ignore_is_honoured_on_either_side_of_the_attribute() {
    assert!(registered("expansion::ignored_before").def.ignored);
    assert!(registered("expansion::ignored_after").def.ignored);
    assert!(!registered("expansion::documented").def.ignored);
}
