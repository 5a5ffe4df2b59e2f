//! Reading one option's value: strings, codes, numbers, flags, gates and vocabulary names, each
//! checked where its span is known so an error points at the offending token and shows the
//! syntax that would have been accepted.

use std::fmt::Display;
use std::str::FromStr;

use fault_vocab::Vocabulary;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Expr, Lit, LitStr};

use crate::suggest;

/// One option as written: its key, the example its errors show, and its value if it has one.
pub(crate) struct Arg {
    /// The attribute, as messages name it: `fault_case`.
    pub(crate) attr: &'static str,
    /// What the option is called in messages: `option`.
    pub(crate) noun: &'static str,
    pub(crate) key: &'static str,
    /// How the option is written, as errors show it.
    pub(crate) example: &'static str,
    /// The span of the key.
    pub(crate) span: Span,
    /// The value after `=`, if one was given.
    pub(crate) value: Option<Expr>,
}

/// Where the refusal must happen: `gate = 4` or `gate = "STARTUP"`.
#[derive(Clone)]
pub(crate) enum GateArg {
    Number(u32),
    Label(String),
}

impl GateArg {
    /// The `Gate` value, under `gate` (the path of the `Gate` type the generated code names).
    pub(crate) fn tokens(&self, gate: &TokenStream) -> TokenStream {
        match self {
            GateArg::Number(number) => quote!(#gate::Number(#number)),
            GateArg::Label(label) => quote!(#gate::label(#label)),
        }
    }
}

impl Arg {
    /// How messages name this option: `` `fault_case` option `gate` ``.
    pub(crate) fn subject(&self) -> String {
        format!("`{}` {} `{}`", self.attr, self.noun, self.key)
    }

    /// How messages name a kind of value of this attribute: `` `fault_case` severity ``.
    pub(crate) fn what(&self, of: &str) -> String {
        format!("`{}` {of}", self.attr)
    }

    /// The value, which the table made sure was given.
    pub(crate) fn expr(&self) -> syn::Result<&Expr> {
        self.value.as_ref().ok_or_else(|| {
            syn::Error::new(
                self.span,
                format!("{} needs a value, as in `{}`", self.subject(), self.example),
            )
        })
    }

    /// A string literal.
    pub(crate) fn string(&self) -> syn::Result<LitStr> {
        match self.expr()? {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(lit), ..
            }) => Ok(lit.clone()),
            other => Err(syn::Error::new_spanned(
                other,
                format!(
                    "{} takes a string literal, as in `{}`",
                    self.subject(),
                    self.example
                ),
            )),
        }
    }

    /// A non-empty string with no whitespace: codes and ids.
    pub(crate) fn code(&self) -> syn::Result<String> {
        self.code_of(&self.string()?)
    }

    /// One string literal of this option's value, checked as a code like [`Arg::code`]: for
    /// the elements of a list of codes.
    pub(crate) fn code_of(&self, lit: &LitStr) -> syn::Result<String> {
        let value = lit.value();
        if value.is_empty() || value.chars().any(char::is_whitespace) {
            return Err(syn::Error::new(
                lit.span(),
                format!(
                    "{} must be a non-empty code without spaces, as in `{}`",
                    self.subject(),
                    self.example
                ),
            ));
        }
        Ok(value)
    }

    /// Free text that must say something.
    pub(crate) fn text(&self) -> syn::Result<String> {
        let lit = self.string()?;
        let value = lit.value();
        if value.trim().is_empty() {
            return Err(syn::Error::new(
                lit.span(),
                format!("{} must not be empty", self.subject()),
            ));
        }
        Ok(value)
    }

    /// The key alone (`true`), or `key = true | false`.
    pub(crate) fn flag(&self) -> syn::Result<bool> {
        match &self.value {
            None => Ok(true),
            Some(Expr::Lit(syn::ExprLit {
                lit: Lit::Bool(lit),
                ..
            })) => Ok(lit.value),
            Some(other) => Err(syn::Error::new_spanned(
                other,
                format!(
                    "{} is a flag: write `{key}` or `{key} = false`",
                    self.subject(),
                    key = self.key
                ),
            )),
        }
    }

    /// The key alone: a marker that takes no value.
    pub(crate) fn bare(&self) -> syn::Result<Span> {
        match &self.value {
            None => Ok(self.span),
            Some(other) => Err(syn::Error::new_spanned(
                other,
                format!(
                    "{} takes no value: write `{}` alone",
                    self.subject(),
                    self.key
                ),
            )),
        }
    }

    /// `gate = 4` or `gate = "STARTUP"`.
    pub(crate) fn gate(&self) -> syn::Result<GateArg> {
        const SYNTAX: &str = "`gate = 4` or `gate = \"STARTUP\"`";
        match self.expr()? {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(lit), ..
            }) => lit.base10_parse::<u32>().map(GateArg::Number).map_err(|_| {
                syn::Error::new(
                    lit.span(),
                    format!(
                        "{} must be a whole number from 0 to {} or a label: {SYNTAX}",
                        self.subject(),
                        u32::MAX
                    ),
                )
            }),
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(lit), ..
            }) if !lit.value().trim().is_empty() => Ok(GateArg::Label(lit.value())),
            other => Err(syn::Error::new_spanned(
                other,
                format!(
                    "{} takes a number or a non-empty label: {SYNTAX}",
                    self.subject()
                ),
            )),
        }
    }

    /// A whole number of at least `min` and, when given, at most `max`; `why` finishes the
    /// message about a number out of range.
    pub(crate) fn count<N>(&self, min: N, max: Option<N>, why: &str) -> syn::Result<N>
    where
        N: FromStr + PartialOrd + Display + Copy,
        N::Err: Display,
    {
        match self.expr()? {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(lit), ..
            }) => match lit.base10_parse::<N>() {
                Ok(n) if n >= min && max.is_none_or(|max| n <= max) => Ok(n),
                _ => Err(syn::Error::new(
                    lit.span(),
                    match max {
                        Some(max) => format!(
                            "{} must be a whole number from {min} to {max}{why}",
                            self.subject()
                        ),
                        None => format!(
                            "{} must be a whole number of at least {min}{why}",
                            self.subject()
                        ),
                    },
                )),
            },
            other => Err(syn::Error::new_spanned(
                other,
                format!(
                    "{} takes a number, as in `{}`",
                    self.subject(),
                    self.example
                ),
            )),
        }
    }

    /// A name of the vocabulary `V`, with its span.
    pub(crate) fn choice<V: Vocabulary>(&self) -> syn::Result<(V, Span)> {
        let lit = self.string()?;
        let name = lit.value();
        match V::VALUES.iter().find(|value| value.as_str() == name) {
            Some(value) => Ok((*value, lit.span())),
            None => Err(syn::Error::new(
                lit.span(),
                suggest::unknown(&self.what(self.key), &name, V::NAMES, None),
            )),
        }
    }
}
