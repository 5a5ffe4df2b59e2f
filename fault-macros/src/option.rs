//! An attribute's options as a table: one row per key, from which the parser, the rejection of
//! unknown and repeated keys, the "did you mean" hints and the lists of valid keys all follow.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;
use syn::{Expr, Token};

use crate::suggest;
use crate::value::Arg;

/// How an option is written.
#[derive(Clone, Copy)]
pub(crate) enum Value {
    /// The key alone, as in `halt`; the option's parser decides what a `= value` may say.
    Flag,
    /// The key alone or with a value, as in the example: `rollback = "snapshot"`.
    Optional(&'static str),
    /// The key with a value, as in the example: `gate = 4`.
    Required(&'static str),
}

/// One option of an attribute: the one place its name, syntax and meaning are written.
pub(crate) struct Key<T: 'static, C: 'static> {
    pub(crate) name: &'static str,
    pub(crate) value: Value,
    /// What the attribute needs to know about the option besides its syntax, e.g. whether a
    /// case with it needs a process of its own.
    pub(crate) class: C,
    /// What the option means, in a few words that finish "needs `key = ...`: ".
    pub(crate) meaning: &'static str,
    /// Checks the option's value and stores it in the attribute's parsed form.
    pub(crate) parse: fn(&mut T, &Arg) -> syn::Result<()>,
}

/// Every option one attribute (or one place of it) accepts, in the order its docs list them.
pub(crate) struct Table<T: 'static, C: 'static> {
    /// The attribute, as messages name it: `fault_case`.
    pub(crate) attr: &'static str,
    /// What one entry is called in messages: `option`.
    pub(crate) noun: &'static str,
    pub(crate) keys: &'static [Key<T, C>],
}

/// An option as written, with the span of its key, for checks across options.
pub(crate) struct Given<T: 'static, C: 'static> {
    pub(crate) key: &'static Key<T, C>,
    pub(crate) span: Span,
}

impl<T, C> Table<T, C> {
    /// The names of the options `keep` selects, in table order.
    pub(crate) fn names(&self, keep: impl Fn(&Key<T, C>) -> bool) -> Vec<&'static str> {
        self.keys
            .iter()
            .filter(|key| keep(key))
            .map(|key| key.name)
            .collect()
    }

    /// The row of `name`, which must be in the table.
    pub(crate) fn key(&self, name: &str) -> &Key<T, C> {
        self.keys
            .iter()
            .find(|key| key.name == name)
            .unwrap_or_else(|| panic!("`{name}` is not a `{}` {}", self.attr, self.noun))
    }

    /// The error for a key the table does not have (`None`: not even an identifier), with the
    /// closest key when it looks like a typo, and every valid key.
    fn unsupported(&self, name: Option<&str>) -> String {
        let (attr, noun) = (self.attr, self.noun);
        let all = suggest::list(&self.names(|_| true));
        let Some(name) = name else {
            return format!("unsupported `{attr}` {noun}; valid {noun}s: {all}");
        };
        let hint = suggest::closest(name, &self.names(|_| true))
            .map(|choice| format!("; did you mean `{choice}`?"))
            .unwrap_or_default();
        format!("unsupported `{attr}` {noun} `{name}`{hint} (valid {noun}s: {all})")
    }

    /// Parses one `key` or `key = value` into `target`: the one place unknown keys, repeats and
    /// missing values are rejected.
    pub(crate) fn parse(
        &'static self,
        meta: &ParseNestedMeta,
        target: &mut T,
        given: &mut Vec<Given<T, C>>,
    ) -> syn::Result<()> {
        let Some(ident) = meta.path.get_ident() else {
            return Err(meta.error(self.unsupported(None)));
        };
        let name = ident.to_string();
        let Some(key) = self.keys.iter().find(|key| key.name == name) else {
            return Err(meta.error(self.unsupported(Some(&name))));
        };
        if given.iter().any(|seen| seen.key.name == key.name) {
            return Err(meta.error(format!(
                "repeated `{}` {} `{name}`; give each {} once",
                self.attr, self.noun, self.noun
            )));
        }
        given.push(Given {
            key,
            span: meta.path.span(),
        });
        let value = if meta.input.peek(Token![=]) {
            Some(meta.value()?.parse::<Expr>()?)
        } else {
            None
        };
        let example = match key.value {
            Value::Flag => key.name,
            Value::Optional(example) => example,
            Value::Required(example) if value.is_some() => example,
            Value::Required(example) => {
                return Err(meta.error(format!(
                    "`{}` {} `{name}` needs a value, as in `{example}`",
                    self.attr, self.noun
                )));
            }
        };
        let arg = Arg {
            attr: self.attr,
            noun: self.noun,
            key: key.name,
            example,
            span: meta.path.span(),
            value,
        };
        (key.parse)(target, &arg)
    }
}

/// Declares a [`Table`] as one row per option:
/// `name: value syntax, class, "meaning", |parsed, arg| store;`.
macro_rules! table {
    (
        $(#[$meta:meta])*
        $vis:vis static $table:ident: Table<$target:ty, $class_ty:ty> = $attr:literal $noun:literal {
            $( $name:ident: $value:expr, $class:expr, $meaning:literal, |$o:ident, $a:ident| $store:expr; )+
        }
    ) => {
        $(#[$meta])*
        $vis static $table: $crate::option::Table<$target, $class_ty> = $crate::option::Table {
            attr: $attr,
            noun: $noun,
            keys: &[$(
                $crate::option::Key {
                    name: stringify!($name),
                    value: $value,
                    class: $class,
                    meaning: $meaning,
                    parse: |$o, $a| {
                        $store;
                        Ok(())
                    },
                },
            )+],
        };
    };
}

pub(crate) use table;
