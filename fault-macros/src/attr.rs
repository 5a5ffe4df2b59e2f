//! Parsing `#[fault_case(...)]` arguments into checked [`Options`].
//!
//! Every value is validated here, where its span is known, so an error points at the offending
//! token and lists what would have been accepted.

use std::time::Duration;

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::spanned::Spanned;
use syn::{Expr, Lit, LitStr, Token};

use crate::suggest;

/// Every option the attribute accepts, in the order the docs present them.
pub(crate) const OPTIONS: &[&str] = &[
    "expect",
    "gate",
    "halt",
    "severity",
    "category",
    "id",
    "name",
    "fault",
    "recovery",
    "env",
    "env_remove",
    "env_pass",
    "timeout",
    "tags",
    "hide",
    "requires",
    "failpoints",
    "memory_limit",
    "open_files",
    "rollback",
    "repeat",
    "drift",
    "attempts",
    "time",
    "isolation",
];

/// Valid `rollback = "..."` kinds; `rollback` alone accepts either.
pub(crate) const ROLLBACKS: &[&str] = &["compensating", "snapshot"];

/// Valid `time = "..."` clocks.
const CLOCKS: &[&str] = &["paused"];

/// Valid `isolation = "..."` modes.
const ISOLATIONS: &[&str] = &["process", "none"];

/// Options that need the case's own process; `isolation = "none"` cannot have them.
const PROCESS_ONLY: &[&str] = &[
    "halt",
    "rollback",
    "env",
    "env_remove",
    "env_pass",
    "hide",
    "failpoints",
    "memory_limit",
    "open_files",
    "repeat",
];

/// The largest `repeat`: more copies prove no more and only cost time.
const MAX_REPEAT: u32 = 10_000;

/// The smallest `memory_limit`: below it the case's process cannot even start its body.
const MIN_MEMORY: u64 = 16 << 20;

/// The smallest `open_files`: the case's process holds stdin, stdout, stderr and its report.
const MIN_OPEN_FILES: u64 = 5;

/// Valid `severity` values.
pub(crate) const SEVERITIES: &[&str] = &["critical", "error", "warning", "info"];

/// Valid `category` values; anything else must be marked `custom:<label>`.
pub(crate) const CATEGORIES: &[&str] = &[
    "validation",
    "configuration",
    "boundary",
    "credential",
    "execution",
    "critic",
];

/// Prefix that marks a category label the project defines for itself.
const CUSTOM_PREFIX: &str = "custom:";

/// Env names the runtime reserves for talking to the case's process.
const RESERVED_ENV_PREFIX: &str = "__FAULTS_";

/// Where the refusal must happen.
pub(crate) enum GateArg {
    Number(u32),
    Label(String),
}

/// The fault's class.
pub(crate) enum CategoryArg {
    Known(String),
    Custom(String),
}

/// The parsed, validated arguments of one `#[fault_case(...)]`.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) expect: Option<String>,
    pub(crate) gate: Option<GateArg>,
    pub(crate) halt: Option<bool>,
    pub(crate) severity: Option<String>,
    pub(crate) category: Option<CategoryArg>,
    pub(crate) id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) fault: Option<String>,
    pub(crate) recovery: Option<String>,
    pub(crate) env: Option<Vec<(String, String)>>,
    pub(crate) env_remove: Option<Vec<String>>,
    pub(crate) env_pass: Option<Vec<String>>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) tags: Option<Vec<String>>,
    pub(crate) hide: Option<Vec<String>>,
    pub(crate) requires: Option<Vec<(String, Span)>>,
    pub(crate) failpoints: Option<Vec<crate::failpoints::Failpoint>>,
    pub(crate) memory_limit: Option<u64>,
    pub(crate) open_files: Option<u64>,
    /// `None` when no rollback is expected; `Some(None)` for any kind.
    pub(crate) rollback: Option<Option<String>>,
    pub(crate) repeat: Option<u32>,
    pub(crate) drift: Option<String>,
    pub(crate) attempts: Option<u32>,
    /// `time = "paused"`, with its span for errors about the fn.
    pub(crate) paused: Option<Span>,
    /// `isolation = "..."`, with its span.
    pub(crate) isolation: Option<(String, Span)>,
    /// Every option given, with its span, for checks across options.
    given: Vec<(String, Span)>,
}

impl Options {
    /// Parses the attribute's arguments; the first mistake is returned with its span.
    pub(crate) fn parse(args: TokenStream) -> syn::Result<Self> {
        let mut options = Options::default();
        syn::meta::parser(|meta| options.parse_one(&meta)).parse2(args)?;
        options.check_hidden_not_required()?;
        options.check_in_process()?;
        if options.expect.is_none() {
            return Err(syn::Error::new(
                Span::call_site(),
                "`fault_case` needs `expect = \"CODE\"`: the refusal code the case must observe",
            ));
        }
        Ok(options)
    }

    /// The span of `isolation = "none"`: the case runs inside the harness process.
    pub(crate) fn in_process(&self) -> Option<Span> {
        self.isolation
            .as_ref()
            .filter(|(mode, _)| mode == "none")
            .map(|(_, span)| *span)
    }

    /// `isolation = "none"` runs in the harness process: nothing that needs a process of its own.
    fn check_in_process(&self) -> syn::Result<()> {
        let Some(span) = self.in_process() else {
            return Ok(());
        };
        match self
            .given
            .iter()
            .find(|(key, _)| PROCESS_ONLY.contains(&key.as_str()))
        {
            Some((key, _)) => Err(syn::Error::new(
                span,
                format!(
                    "`isolation = \"none\"` runs the case inside the harness process, so it cannot have `{key}`; drop `{key}` or use the default `isolation = \"process\"` (options that need a process: {})",
                    suggest::list(PROCESS_ONLY)
                ),
            )),
            None => Ok(()),
        }
    }

    /// A case cannot need a program it hides, whichever option comes first.
    fn check_hidden_not_required(&self) -> syn::Result<()> {
        let (Some(hidden), Some(required)) = (&self.hide, &self.requires) else {
            return Ok(());
        };
        match required.iter().find(|(name, _)| hidden.contains(name)) {
            Some((name, span)) => Err(syn::Error::new(
                *span,
                format!(
                    "`{name}` is both hidden and required; a case cannot need a program it hides"
                ),
            )),
            None => Ok(()),
        }
    }

    fn parse_one(&mut self, meta: &ParseNestedMeta) -> syn::Result<()> {
        let Some(key) = meta.path.get_ident().map(ToString::to_string) else {
            return Err(meta.error(format!(
                "unsupported `fault_case` option; valid options: {}",
                suggest::list(OPTIONS)
            )));
        };
        let key = key.as_str();
        self.given.push((key.to_owned(), meta.path.span()));
        match key {
            "expect" => once(&mut self.expect, meta, key, |m| code(m, key)),
            "gate" => once(&mut self.gate, meta, key, gate),
            "halt" => once(&mut self.halt, meta, key, |m| flag(m, key)),
            "severity" => once(&mut self.severity, meta, key, severity),
            "category" => once(&mut self.category, meta, key, category),
            "id" => once(&mut self.id, meta, key, |m| code(m, key)),
            "name" | "fault" | "recovery" => {
                let slot = match key {
                    "name" => &mut self.name,
                    "fault" => &mut self.fault,
                    _ => &mut self.recovery,
                };
                once(slot, meta, key, |m| text(m, key))
            }
            "env" => once(&mut self.env, meta, key, env_pairs),
            "env_remove" | "env_pass" => {
                let slot = if key == "env_remove" {
                    &mut self.env_remove
                } else {
                    &mut self.env_pass
                };
                once(slot, meta, key, |m| env_names(m, key))
            }
            "timeout" => once(&mut self.timeout, meta, key, timeout),
            "tags" => once(&mut self.tags, meta, key, tags),
            "hide" => once(&mut self.hide, meta, key, hide),
            "requires" => once(&mut self.requires, meta, key, requires),
            "failpoints" => once(&mut self.failpoints, meta, key, failpoints),
            "memory_limit" => once(&mut self.memory_limit, meta, key, memory_limit),
            "open_files" => once(&mut self.open_files, meta, key, open_files),
            "rollback" => once(&mut self.rollback, meta, key, rollback),
            "repeat" => once(&mut self.repeat, meta, key, |m| {
                count(m, key, 2, MAX_REPEAT)
            }),
            "drift" => once(&mut self.drift, meta, key, |m| text(m, key)),
            "attempts" => once(&mut self.attempts, meta, key, |m| {
                count(m, key, 1, u32::MAX)
            }),
            "time" => once(&mut self.paused, meta, key, |m| {
                choice(m, key, CLOCKS, "time = \"paused\"").map(|(_, span)| span)
            }),
            "isolation" => once(&mut self.isolation, meta, key, |m| {
                choice(m, key, ISOLATIONS, "isolation = \"none\"")
            }),
            other => Err(meta.error(unsupported(other))),
        }
    }
}

/// Stores the value of `key` unless it was already given: the one place repeats are rejected.
fn once<T>(
    slot: &mut Option<T>,
    meta: &ParseNestedMeta,
    key: &str,
    parse: impl FnOnce(&ParseNestedMeta) -> syn::Result<T>,
) -> syn::Result<()> {
    if slot.is_some() {
        return Err(meta.error(format!(
            "repeated `fault_case` option `{key}`; give each option once"
        )));
    }
    *slot = Some(parse(meta)?);
    Ok(())
}

fn unsupported(key: &str) -> String {
    let hint = suggest::closest(key, OPTIONS)
        .map(|choice| format!("; did you mean `{choice}`?"))
        .unwrap_or_default();
    format!(
        "unsupported `fault_case` option `{key}`{hint} (valid options: {})",
        suggest::list(OPTIONS)
    )
}

/// The expression after `key =`, or an error showing the expected syntax.
fn value(meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<Expr> {
    if !meta.input.peek(Token![=]) {
        return Err(meta.error(format!(
            "`fault_case` option `{key}` needs a value, as in `{example}`"
        )));
    }
    meta.value()?.parse()
}

fn string(meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<LitStr> {
    match value(meta, key, example)? {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(lit),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`fault_case` option `{key}` takes a string literal, as in `{example}`"),
        )),
    }
}

/// A non-empty string with no whitespace: codes and ids.
fn code(meta: &ParseNestedMeta, key: &str) -> syn::Result<String> {
    let example = format!("{key} = \"REMOTE_REQUIRES_ADAPTER\"");
    let lit = string(meta, key, &example)?;
    let value = lit.value();
    if value.is_empty() || value.chars().any(char::is_whitespace) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`fault_case` option `{key}` must be a non-empty code without spaces, as in `{example}`"
            ),
        ));
    }
    Ok(value)
}

/// Free text that must say something.
fn text(meta: &ParseNestedMeta, key: &str) -> syn::Result<String> {
    let example = format!("{key} = \"...\"");
    let lit = string(meta, key, &example)?;
    let value = lit.value();
    if value.trim().is_empty() {
        return Err(syn::Error::new(
            lit.span(),
            format!("`fault_case` option `{key}` must not be empty"),
        ));
    }
    Ok(value)
}

/// `halt` alone, or `halt = true | false`.
fn flag(meta: &ParseNestedMeta, key: &str) -> syn::Result<bool> {
    if !meta.input.peek(Token![=]) {
        return Ok(true);
    }
    match meta.value()?.parse::<Expr>()? {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Bool(lit),
            ..
        }) => Ok(lit.value),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`fault_case` option `{key}` is a flag: write `{key}` or `{key} = false`"),
        )),
    }
}

fn gate(meta: &ParseNestedMeta) -> syn::Result<GateArg> {
    const SYNTAX: &str = "`gate = 4` or `gate = \"STARTUP\"`";
    match value(meta, "gate", "gate = 4")? {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) => lit.base10_parse::<u32>().map(GateArg::Number).map_err(|_| {
            syn::Error::new(
                lit.span(),
                format!("`fault_case` option `gate` must be a whole number from 0 to {} or a label: {SYNTAX}", u32::MAX),
            )
        }),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(lit), ..
        }) if !lit.value().trim().is_empty() => Ok(GateArg::Label(lit.value())),
        other => Err(syn::Error::new_spanned(
            other,
            format!("`fault_case` option `gate` takes a number or a non-empty label: {SYNTAX}"),
        )),
    }
}

fn severity(meta: &ParseNestedMeta) -> syn::Result<String> {
    let lit = string(meta, "severity", "severity = \"error\"")?;
    let value = lit.value();
    if SEVERITIES.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(syn::Error::new(
            lit.span(),
            suggest::unknown("`fault_case` severity", &value, SEVERITIES, None),
        ))
    }
}

fn category(meta: &ParseNestedMeta) -> syn::Result<CategoryArg> {
    let lit = string(meta, "category", "category = \"validation\"")?;
    let value = lit.value();
    if let Some(label) = value.strip_prefix(CUSTOM_PREFIX) {
        let valid = !label.is_empty()
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        return if valid {
            Ok(CategoryArg::Custom(label.to_owned()))
        } else {
            Err(syn::Error::new(
                lit.span(),
                "a custom `fault_case` category is `custom:<label>` with a label of lowercase letters, digits, `-` or `_`, as in `category = \"custom:storage\"`",
            ))
        };
    }
    if CATEGORIES.contains(&value.as_str()) {
        Ok(CategoryArg::Known(value))
    } else {
        Err(syn::Error::new(
            lit.span(),
            suggest::unknown(
                "`fault_case` category",
                &value,
                CATEGORIES,
                Some("a label of your own written `custom:<label>`"),
            ),
        ))
    }
}

fn timeout(meta: &ParseNestedMeta) -> syn::Result<Duration> {
    let lit = string(meta, "timeout", "timeout = \"5s\"")?;
    match humantime::parse_duration(&lit.value()) {
        Ok(duration) if duration >= Duration::from_millis(1) => Ok(duration),
        Ok(_) => Err(syn::Error::new(
            lit.span(),
            "`fault_case` option `timeout` must be at least 1ms, as in `timeout = \"5s\"`",
        )),
        Err(err) => Err(syn::Error::new(
            lit.span(),
            format!(
                "`fault_case` option `timeout` is not a duration ({err}); write it as in `timeout = \"5s\"`, `\"1500ms\"` or `\"2m\"`"
            ),
        )),
    }
}

/// The string literals of `key = ["a", "b"]`.
fn string_list(meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<Vec<LitStr>> {
    let array = match value(meta, key, example)? {
        Expr::Array(array) => array,
        other => {
            return Err(syn::Error::new_spanned(
                other,
                format!("`fault_case` option `{key}` takes a list of strings, as in `{example}`"),
            ));
        }
    };
    array
        .elems
        .into_iter()
        .map(|elem| match elem {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(lit), ..
            }) => Ok(lit),
            other => Err(syn::Error::new_spanned(
                other,
                format!("`fault_case` option `{key}` takes string literals, as in `{example}`"),
            )),
        })
        .collect()
}

/// Rejects a second occurrence of the same string in one list option.
fn unique(key: &str, items: &[LitStr]) -> syn::Result<()> {
    for (index, item) in items.iter().enumerate() {
        if items[..index]
            .iter()
            .any(|seen| seen.value() == item.value())
        {
            return Err(syn::Error::new(
                item.span(),
                format!(
                    "`{}` appears twice in `fault_case` option `{key}`",
                    item.value()
                ),
            ));
        }
    }
    Ok(())
}

/// A name that can be set in a process environment and is not the runtime's own.
fn env_name(lit: &LitStr, key: &str) -> syn::Result<String> {
    let name = lit.value();
    if name.is_empty() || name.contains(['=', '\0']) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`fault_case` option `{key}` needs environment variable names: non-empty, without `=` or NUL"
            ),
        ));
    }
    if name.starts_with(RESERVED_ENV_PREFIX) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "environment variables starting with `{RESERVED_ENV_PREFIX}` are reserved for the faults runtime; pick another name"
            ),
        ));
    }
    Ok(name)
}

fn env_names(meta: &ParseNestedMeta, key: &str) -> syn::Result<Vec<String>> {
    let example = format!("{key} = [\"SUPABASE_PASSWORD\"]");
    let items = string_list(meta, key, &example)?;
    unique(key, &items)?;
    items.iter().map(|lit| env_name(lit, key)).collect()
}

fn env_pairs(meta: &ParseNestedMeta) -> syn::Result<Vec<(String, String)>> {
    const EXAMPLE: &str = "env = [(\"SUPABASE_URL\", \"https://db.example\")]";
    let array = match value(meta, "env", EXAMPLE)? {
        Expr::Array(array) => array,
        other => {
            return Err(syn::Error::new_spanned(
                other,
                format!(
                    "`fault_case` option `env` takes a list of (name, value) pairs, as in `{EXAMPLE}`"
                ),
            ));
        }
    };
    let mut names: Vec<LitStr> = Vec::new();
    let mut pairs = Vec::new();
    for elem in array.elems {
        let span = elem.span();
        let pair = match elem {
            Expr::Tuple(tuple) if tuple.elems.len() == 2 => {
                let mut lits = tuple.elems.into_iter().map(|part| match part {
                    Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(lit), ..
                    }) => Some(lit),
                    _ => None,
                });
                lits.next().flatten().zip(lits.next().flatten())
            }
            _ => None,
        };
        let Some((name, value)) = pair else {
            return Err(syn::Error::new(
                span,
                format!(
                    "`fault_case` option `env` takes (name, value) pairs of string literals, as in `{EXAMPLE}`"
                ),
            ));
        };
        pairs.push((env_name(&name, "env")?, value.value()));
        names.push(name);
    }
    unique("env", &names)?;
    Ok(pairs)
}

fn tags(meta: &ParseNestedMeta) -> syn::Result<Vec<String>> {
    const EXAMPLE: &str = "tags = [\"phase7\", \"adapters\"]";
    let items = string_list(meta, "tags", EXAMPLE)?;
    unique("tags", &items)?;
    items
        .iter()
        .map(|lit| {
            let tag = lit.value();
            if tag.is_empty() || tag.chars().any(|c| c.is_whitespace() || c == ',') {
                Err(syn::Error::new(
                    lit.span(),
                    "a `fault_case` tag is a non-empty label without spaces or commas",
                ))
            } else {
                Ok(tag)
            }
        })
        .collect()
}

/// A program name to look up in PATH: no directory part.
fn program(lit: &LitStr, key: &str) -> syn::Result<String> {
    let name = lit.value();
    if name.is_empty() || name.contains(['/', '\0']) {
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`fault_case` option `{key}` takes program names as found in PATH, as in `\"git\"`, not paths"
            ),
        ));
    }
    Ok(name)
}

fn hide(meta: &ParseNestedMeta) -> syn::Result<Vec<String>> {
    const EXAMPLE: &str = "hide = [\"git\", \"curl\"]";
    let items = string_list(meta, "hide", EXAMPLE)?;
    unique("hide", &items)?;
    items.iter().map(|lit| program(lit, "hide")).collect()
}

/// Prefix of a required environment variable in `requires`.
const REQUIRES_ENV: &str = "env:";
/// Prefix of a required file in `requires`.
const REQUIRES_FILE: &str = "file:";

fn requires(meta: &ParseNestedMeta) -> syn::Result<Vec<(String, Span)>> {
    const EXAMPLE: &str = "requires = [\"sh\", \"env:DATABASE_URL\", \"file:/etc/app.toml\"]";
    let items = string_list(meta, "requires", EXAMPLE)?;
    unique("requires", &items)?;
    items
        .iter()
        .map(|lit| {
            let value = lit.value();
            if let Some(name) = value.strip_prefix(REQUIRES_ENV) {
                env_name(&LitStr::new(name, lit.span()), "requires")?;
            } else if let Some(path) = value.strip_prefix(REQUIRES_FILE) {
                if path.is_empty() {
                    return Err(syn::Error::new(
                        lit.span(),
                        format!("`file:` needs a path, as in `{EXAMPLE}`"),
                    ));
                }
            } else {
                program(lit, "requires")?;
            }
            Ok((value, lit.span()))
        })
        .collect()
}

fn failpoints(meta: &ParseNestedMeta) -> syn::Result<Vec<crate::failpoints::Failpoint>> {
    let lit = string(meta, "failpoints", "failpoints = \"ledger.write=return\"")?;
    crate::failpoints::parse(&lit.value()).map_err(|why| {
        syn::Error::new(
            lit.span(),
            format!("`fault_case` option `failpoints` is not a fail-rs spec: {why}"),
        )
    })
}

fn memory_limit(meta: &ParseNestedMeta) -> syn::Result<u64> {
    let lit = string(meta, "memory_limit", "memory_limit = \"256MiB\"")?;
    let bytes = crate::size::parse(&lit.value()).map_err(|why| {
        syn::Error::new(
            lit.span(),
            format!("`fault_case` option `memory_limit`: {why}"),
        )
    })?;
    if bytes < MIN_MEMORY {
        return Err(syn::Error::new(
            lit.span(),
            "`fault_case` option `memory_limit` must be at least 16MiB: the case's process needs that much address space to start",
        ));
    }
    Ok(bytes)
}

fn open_files(meta: &ParseNestedMeta) -> syn::Result<u64> {
    match value(meta, "open_files", "open_files = 16")? {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) => match lit.base10_parse::<u64>() {
            Ok(n) if n >= MIN_OPEN_FILES => Ok(n),
            _ => Err(syn::Error::new(
                lit.span(),
                format!(
                    "`fault_case` option `open_files` must be a whole number of at least {MIN_OPEN_FILES}: the case's process holds stdin, stdout, stderr and its report"
                ),
            )),
        },
        other => Err(syn::Error::new_spanned(
            other,
            "`fault_case` option `open_files` takes a number, as in `open_files = 16`",
        )),
    }
}

/// A string that must be one of `choices`, with its span.
fn choice(
    meta: &ParseNestedMeta,
    key: &str,
    choices: &[&str],
    example: &str,
) -> syn::Result<(String, Span)> {
    let lit = string(meta, key, example)?;
    let value = lit.value();
    if choices.contains(&value.as_str()) {
        Ok((value, lit.span()))
    } else {
        Err(syn::Error::new(
            lit.span(),
            suggest::unknown(&format!("`fault_case` {key}"), &value, choices, None),
        ))
    }
}

/// `rollback` alone (any kind), or `rollback = "compensating" | "snapshot"`.
fn rollback(meta: &ParseNestedMeta) -> syn::Result<Option<String>> {
    if !meta.input.peek(Token![=]) {
        return Ok(None);
    }
    choice(meta, "rollback", ROLLBACKS, "rollback = \"compensating\"").map(|(kind, _)| Some(kind))
}

/// A whole number within `min..=max`.
fn count(meta: &ParseNestedMeta, key: &str, min: u32, max: u32) -> syn::Result<u32> {
    let example = format!("{key} = {}", min.max(3));
    match value(meta, key, &example)? {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(lit), ..
        }) => match lit.base10_parse::<u32>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ if max == u32::MAX => Err(syn::Error::new(
                lit.span(),
                format!("`fault_case` option `{key}` must be a whole number of at least {min}"),
            )),
            _ => Err(syn::Error::new(
                lit.span(),
                format!("`fault_case` option `{key}` must be a whole number from {min} to {max}"),
            )),
        },
        other => Err(syn::Error::new_spanned(
            other,
            format!("`fault_case` option `{key}` takes a number, as in `{example}`"),
        )),
    }
}
