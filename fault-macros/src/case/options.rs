//! Parsing `#[fault_case(...)]` arguments into checked [`Options`], then the checks that span
//! several options.

use std::time::Duration;

use fault_vocab::{Category, Isolation, RollbackExpectation, Severity, TimeMode};
use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;

use super::failpoints::Failpoint;
use super::keys::{Needs, OPTIONS};
use crate::option::Given;
use crate::suggest;
use crate::value::GateArg;

/// The parsed, validated arguments of one `#[fault_case(...)]`.
#[derive(Default)]
pub(crate) struct Options {
    pub(crate) expect: Option<String>,
    pub(crate) gate: Option<GateArg>,
    pub(crate) halt: Option<bool>,
    pub(crate) severity: Option<Severity>,
    pub(crate) category: Option<Category>,
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
    /// Each requirement with its span, for the check against `hide`.
    pub(crate) requires: Option<Vec<(String, Span)>>,
    pub(crate) failpoints: Option<Vec<Failpoint>>,
    pub(crate) memory_limit: Option<u64>,
    pub(crate) open_files: Option<u64>,
    pub(crate) rollback: Option<RollbackExpectation>,
    pub(crate) repeat: Option<u32>,
    pub(crate) drift: Option<String>,
    pub(crate) attempts: Option<u32>,
    /// `time = "..."`, with its span for errors about the fn.
    pub(crate) time: Option<(TimeMode, Span)>,
    /// `isolation = "..."`, with its span.
    pub(crate) isolation: Option<(Isolation, Span)>,
}

impl Options {
    /// Parses the attribute's arguments; the first mistake is returned with its span.
    pub(crate) fn parse(args: TokenStream) -> syn::Result<Self> {
        let mut options = Options::default();
        let mut given = Vec::new();
        syn::meta::parser(|meta| OPTIONS.parse(&meta, &mut options, &mut given)).parse2(args)?;
        options.check_hidden_not_required()?;
        options.check_in_process(&given)?;
        if options.expect.is_none() {
            let expect = OPTIONS.key("expect");
            return Err(syn::Error::new(
                Span::call_site(),
                format!(
                    "`{}` needs `expect = \"CODE\"`: {}",
                    OPTIONS.attr, expect.meaning
                ),
            ));
        }
        Ok(options)
    }

    /// The span of `isolation = "none"`: the case runs inside the harness process.
    pub(crate) fn in_process(&self) -> Option<Span> {
        self.isolation
            .filter(|(isolation, _)| !isolation.has_own_process())
            .map(|(_, span)| span)
    }

    /// `isolation = "none"` runs in the harness process: nothing that needs a process of its own.
    fn check_in_process(&self, given: &[Given<Options, Needs>]) -> syn::Result<()> {
        let Some(span) = self.in_process() else {
            return Ok(());
        };
        match given
            .iter()
            .find(|seen| seen.key.class == Needs::OwnProcess)
        {
            Some(seen) => Err(syn::Error::new(
                span,
                format!(
                    "`isolation = \"{none}\"` runs the case inside the harness process, so it cannot have `{key}`; drop `{key}` or use the default `isolation = \"{default}\"` (options that need a process: {list})",
                    none = Isolation::InProcess,
                    key = seen.key.name,
                    default = Isolation::default(),
                    list = suggest::list(&OPTIONS.names(|key| key.class == Needs::OwnProcess)),
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
}
