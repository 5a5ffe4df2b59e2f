//! Reading `#[fault_case(...)]`'s arguments into [`Options`] through the key table, then the
//! checks that span several options.

use fault_vocab::{Isolation, Network};
use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;

use super::control::Control;
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
        options.check_control()?;
        options.check_in_process(&given)?;
        options.check_sweep(&given)?;
        options.check_drift(&given)?;
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

    /// What a control cannot go with, and a bare `control` on a case with nothing to remove;
    /// each error points at `control`.
    fn check_control(&self) -> syn::Result<()> {
        let Some((control, span)) = &self.control else {
            return Ok(());
        };
        let error = |message: String| Err(syn::Error::new(*span, message));
        if let Some(sweep) = &self.sweep {
            return error(format!(
                "`control` cannot go with `{}`: a sweep's baseline run, the run in which the fault no longer fires, already is its control; drop `control`",
                sweep.written()
            ));
        }
        if self.in_process().is_some() {
            return error(format!(
                "`control` runs the case a second time in a process and sandbox of its own, like the case itself, and `isolation = \"{none}\"` runs in the harness process; use the default `isolation = \"{default}\"` (drop `isolation`), or drop `control`",
                none = Isolation::InProcess,
                default = Isolation::default(),
            ));
        }
        let removable = self.removable_faults();
        if matches!(control, Control::WithoutFaults) && !removable.iter().any(|(_, given)| *given) {
            let keys = removable.map(|(written, _)| written);
            return error(format!(
                "`control` runs the case again without the faults the attribute injects ({}), and this case injects none by attribute, so nothing can be removed for a control run; for a fault the body injects itself, name a fn that runs the same operation on good input, as in `control = valid_remote_spec`",
                suggest::list(&keys),
            ));
        }
        Ok(())
    }

    /// The options whose faults a control run removes, as messages write them, each with
    /// whether this case injects a fault through it.
    fn removable_faults(&self) -> [(&'static str, bool); 7] {
        // A list option injects a fault when it lists one: `env_remove = []` removes nothing.
        fn listed<T>(list: &Option<Vec<T>>) -> bool {
            list.as_ref().is_some_and(|list| !list.is_empty())
        }
        // The name of option `name`; `OPTIONS.key` checks the name is an option.
        let key = |name: &str| OPTIONS.key(name).name;
        [
            (key("env_remove"), listed(&self.env_remove)),
            (key("hide"), listed(&self.hide)),
            (key("failpoints"), listed(&self.failpoints)),
            (key("syscalls"), listed(&self.syscalls)),
            (
                "network = \"none\"",
                matches!(self.network, Some((Network::None, _))),
            ),
            (key("memory_limit"), self.memory_limit.is_some()),
            (key("open_files"), self.open_files.is_some()),
        ]
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
