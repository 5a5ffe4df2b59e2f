//! The options of `#[refusal(...)]`, one row each: those of a variant (or a struct, or defaults
//! on an enum) and the markers of a field.

use fault_vocab::Severity;
use proc_macro2::Span;
use syn::LitStr;

use crate::option::Value::{Flag, Optional, Required};
use crate::option::table;
use crate::value::GateArg;
use Place::{Anywhere, Variant};

/// Where an option may be written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    /// On a variant or a struct: what that one refusal says.
    Variant,
    /// Also on an enum, as the default of every variant that does not say otherwise.
    Anywhere,
}

/// What `#[refusal(...)]` says on an enum, a variant or a struct.
#[derive(Default)]
pub(crate) struct Attrs {
    pub(crate) code: Option<String>,
    pub(crate) gate: Option<GateArg>,
    pub(crate) severity: Option<Severity>,
    pub(crate) message: Option<Message>,
    /// The span of `transparent`.
    pub(crate) transparent: Option<Span>,
}

/// How `message()` is answered.
#[derive(Clone)]
pub(crate) enum Message {
    /// `message` alone: the `Display` text, with the span of the key.
    Display(Span),
    /// `message = "..."`: a format string over the fields.
    Format(LitStr),
}

/// The markers of one field, each with its span.
#[derive(Default)]
pub(crate) struct Marks {
    pub(crate) attempts: Option<Span>,
    pub(crate) rollback: Option<Span>,
}

table! {
    /// The options of a variant, a struct, or (those marked `Anywhere`) an enum.
    pub(super) static OPTIONS: Table<Attrs, Place> = "refusal" "option" {
        code: Required("code = \"REMOTE_REQUIRES_ADAPTER\""), Variant, "the stable code a fault case expects",
            |o, a| o.code = Some(a.code()?);
        gate: Required("gate = 4"), Anywhere, "the gate the refusal reports",
            |o, a| o.gate = Some(a.gate()?);
        severity: Required("severity = \"critical\""), Anywhere, "the severity the refusal reports",
            |o, a| o.severity = Some(a.choice::<Severity>()?.0);
        message: Optional("message = \"adapter `{adapter_id}` is not registered\""), Anywhere, "the explanation: a format string over the fields, or alone the `Display` text",
            |o, a| o.message = Some(match &a.value {
                None => Message::Display(a.span),
                Some(_) => Message::Format(a.string()?),
            });
        transparent: Flag, Variant, "every answer from the one field, itself a refusal",
            |o, a| o.transparent = Some(a.bare()?);
    }
}

table! {
    /// The markers of a field.
    pub(super) static MARKERS: Table<Marks, ()> = "refusal" "field marker" {
        attempts: Flag, (), "the field holding the retry history, a `Vec<Attempt>`",
            |o, a| o.attempts = Some(a.bare()?);
        rollback: Flag, (), "the field holding the rollback, an `Option<RollbackReport>` or a `RollbackReport`",
            |o, a| o.rollback = Some(a.bare()?);
    }
}
