//! The keys that make `drift` a strict expected failure: `drift_verdict` (the one verdict it
//! predicts), `drift_until` (when it comes due) and `drift_issue` (where the hardening is
//! tracked). Each needs `drift`.

use proc_macro2::Span;

use super::keys::{Needs, OPTIONS};
use super::options::Options;
use crate::option::Given;

impl Options {
    /// `drift_verdict`, `drift_until` and `drift_issue` refine a `drift` mark: without one,
    /// each is an error at its key.
    pub(super) fn check_drift(&self, given: &[Given<Options, Needs>]) -> syn::Result<()> {
        if self.drift.is_some() {
            return Ok(());
        }
        let refining =
            ["drift_verdict", "drift_until", "drift_issue"].map(|name| OPTIONS.key(name).name);
        let first: Option<(&str, Span)> = given
            .iter()
            .find(|seen| refining.contains(&seen.key.name))
            .map(|seen| (seen.key.name, seen.span));
        match first {
            Some((key, span)) => Err(syn::Error::new(
                span,
                format!(
                    "`{key}` refines a `drift` mark, and this case has none; add `drift = \"why it fails today\"`, or drop `{key}`"
                ),
            )),
            None => Ok(()),
        }
    }
}
