//! Reading `#[fault_case(...)]`'s arguments into [`Options`] through the key table, then the
//! checks that span several options.

use fault_vocab::{Isolation, Network};
use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;

use super::keys::{Needs, OPTIONS};
use super::options::Options;
use super::sweep::Sweep;
use crate::option::Given;
use crate::suggest;

impl Options {
    /// Parses the attribute's arguments; the first mistake is returned with its span.
    pub(crate) fn parse(args: TokenStream) -> syn::Result<Self> {
        let mut options = Options::default();
        let mut given = Vec::new();
        syn::meta::parser(|meta| OPTIONS.parse(&meta, &mut options, &mut given)).parse2(args)?;
        options.check_hidden_not_required()?;
        options.check_needs_container()?;
        options.check_in_process(&given)?;
        options.check_sweep(&given)?;
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

    /// The options that need a sweep, and those a sweep cannot go with; each error points at
    /// the option that is not the sweep.
    fn check_sweep(&self, given: &[Given<Options, Needs>]) -> syn::Result<()> {
        // The span of option `name` when given; `OPTIONS.key` checks the name is an option.
        let key = |name: &str| {
            let name = OPTIONS.key(name).name;
            given
                .iter()
                .find(|seen| seen.key.name == name)
                .map(|seen| seen.span)
        };
        let Some(sweep) = &self.sweep else {
            if let Some(codes) = &self.expect_list {
                return Err(syn::Error::new_spanned(
                    &codes.list,
                    "a list of codes needs `sweep`: only a sweep's runs may refuse with one code or another; write one code, as in `expect = \"LEDGER_FULL\"`, or add `sweep = \"write:ENOSPC\"`",
                ));
            }
            return match key("sweep_max") {
                Some(span) => Err(syn::Error::new(
                    span,
                    "`sweep_max` bounds the runs of a `sweep`, and this case has no `sweep`; add `sweep = \"write:ENOSPC\"` (or `sweep = \"failpoints\"`) or drop `sweep_max`",
                )),
                None => Ok(()),
            };
        };
        let sweep_written = sweep.written();
        if let Some(span) = key("repeat") {
            return Err(syn::Error::new(
                span,
                format!(
                    "`repeat` cannot go with `{sweep_written}`: a sweep already runs the case once per injection point, each run with a fault of its own, so no two runs are copies; drop `repeat`, or drop `sweep` and repeat one pinned fault, as in `syscalls = [\"write:ENOSPC@3\"]`"
                ),
            ));
        }
        match sweep {
            Sweep::Failpoints => match key("failpoints") {
                Some(span) => Err(syn::Error::new(
                    span,
                    format!(
                        "`failpoints` cannot go with `{sweep_written}`: the sweep arms each failpoint site the case reaches itself, one run each; drop `failpoints`, or drop `sweep` to arm only these"
                    ),
                )),
                None => Ok(()),
            },
            Sweep::Syscall(swept) => {
                let mut faults = self.syscalls.iter().flatten();
                match faults.find(|(spec, _)| spec.syscall == swept.syscall) {
                    Some((spec, span)) => Err(syn::Error::new(
                        *span,
                        format!(
                            "`{spec}` in `syscalls` fails `{name}`, which `{sweep_written}` counts and fails too, so which fault a call of `{name}` meets would be ambiguous; drop `{spec}`, or sweep another syscall",
                            name = swept.syscall,
                        ),
                    )),
                    None => Ok(()),
                }
            }
        }
    }

    /// A case cannot need a program it hides, whichever option comes first.
    fn check_hidden_not_required(&self) -> syn::Result<()> {
        let (Some(hidden), Some(required)) = (&self.hide, &self.requires) else {
            return Ok(());
        };
        let is_hidden = |name: &String| hidden.iter().any(|(entry, _)| entry == name);
        match required.iter().find(|(name, _)| is_hidden(name)) {
            Some((name, span)) => Err(syn::Error::new(
                *span,
                format!(
                    "`{name}` is both hidden and required; a case cannot need a program it hides"
                ),
            )),
            None => Ok(()),
        }
    }

    /// `network = "none"` and absolute paths in `hide` act on the filesystem and network views
    /// only a container has: without one they would silently do nothing.
    fn check_needs_container(&self) -> syn::Result<()> {
        if self.in_container() {
            return Ok(());
        }
        let container = Isolation::Container;
        if let Some((Network::None, span)) = self.network {
            return Err(syn::Error::new(
                span,
                format!(
                    "`network = \"{none}\"` needs `isolation = \"{container}\"`: only a container has a network of its own; add `isolation = \"{container}\"` or drop `network`",
                    none = Network::None,
                ),
            ));
        }
        let mut hidden = self.hide.iter().flatten();
        match hidden.find(|(entry, _)| entry.starts_with('/')) {
            Some((path, span)) => Err(syn::Error::new(
                *span,
                format!(
                    "absolute paths in `hide` need `isolation = \"{container}\"`: without a container only PATH is filtered, so `{path}` would still exist; add `isolation = \"{container}\"` or hide a program name"
                ),
            )),
            None => Ok(()),
        }
    }
}
