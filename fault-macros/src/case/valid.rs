//! Checks that the attribute sits on a fn the harness can call, and reads what the fn declares.

use syn::spanned::Spanned;
use syn::{Attribute, Item, ItemFn, Meta};

/// A case fn ready to expand, with what its own attributes said.
pub(crate) struct CaseFn {
    /// The fn, minus `#[ignore]`, which the runtime handles instead.
    pub(crate) item: ItemFn,
    /// Marked `#[ignore]`: listed, run only with `--ignored` / `--include-ignored`.
    pub(crate) ignored: bool,
    /// The first non-empty line of the doc comment, the default case name.
    pub(crate) doc_name: Option<String>,
    /// An `async fn`: the body runs on a tokio runtime.
    pub(crate) is_async: bool,
}

/// Accepts a plain `fn name() -> R`; anything else is an error at the offending token.
pub(crate) fn check(item: Item) -> syn::Result<CaseFn> {
    let Item::Fn(mut item) = item else {
        return Err(syn::Error::new(
            item_name_span(&item),
            "`fault_case` applies to a `fn` with no parameters, as in `#[fault_case(expect = \"CODE\")] fn missing_adapter() -> Result<(), MyError>`",
        ));
    };
    let sig = &item.sig;
    if let Some(token) = &sig.unsafety {
        return Err(syn::Error::new(
            token.span,
            "a `fault_case` fn cannot be `unsafe`: the harness calls it as safe code; wrap the unsafe part in an `unsafe` block inside the body",
        ));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &sig.generics,
            "a `fault_case` fn cannot be generic: the harness calls it once, as `name()`; write one case per concrete type",
        ));
    }
    if let Some(input) = sig.inputs.first() {
        return Err(syn::Error::new(
            input.span(),
            format!(
                "a `fault_case` fn takes no parameters: the harness calls it as `{}()`; build the inputs inside the body",
                sig.ident
            ),
        ));
    }
    if let Some(variadic) = &sig.variadic {
        return Err(syn::Error::new(
            variadic.span(),
            "a `fault_case` fn takes no parameters",
        ));
    }
    for attr in &item.attrs {
        reject_conflicting(attr)?;
    }
    let before = item.attrs.len();
    item.attrs.retain(|attr| !attr.path().is_ident("ignore"));
    let ignored = item.attrs.len() != before;
    let doc_name = doc_first_line(&item.attrs);
    let is_async = item.sig.asyncness.is_some();
    Ok(CaseFn {
        item,
        ignored,
        doc_name,
        is_async,
    })
}

/// A second `fault_case` or a `#[test]` on the same fn would run it twice, in two harnesses.
fn reject_conflicting(attr: &Attribute) -> syn::Result<()> {
    let last = attr.path().segments.last().map(|s| s.ident.to_string());
    match last.as_deref() {
        Some("fault_case") => Err(syn::Error::new_spanned(
            attr,
            "`fault_case` is applied twice to this fn; merge the options into one attribute",
        )),
        Some("test") if attr.path().segments.len() == 1 => Err(syn::Error::new_spanned(
            attr,
            "a `fault_case` fn is run by the faults harness, not libtest; remove `#[test]`",
        )),
        _ => Ok(()),
    }
}

fn doc_first_line(attrs: &[Attribute]) -> Option<String> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(lit),
                    ..
                }) => Some(lit.value()),
                _ => None,
            },
            _ => None,
        })
        .flat_map(|doc| doc.lines().map(str::to_owned).collect::<Vec<_>>())
        .map(|line| line.trim().to_owned())
        .find(|line| !line.is_empty())
}

/// The narrowest useful span of an item that is not a fn: its name, else its first token.
fn item_name_span(item: &Item) -> proc_macro2::Span {
    let ident = match item {
        Item::Const(i) => Some(&i.ident),
        Item::Enum(i) => Some(&i.ident),
        Item::Mod(i) => Some(&i.ident),
        Item::Static(i) => Some(&i.ident),
        Item::Struct(i) => Some(&i.ident),
        Item::Trait(i) => Some(&i.ident),
        Item::Type(i) => Some(&i.ident),
        Item::Union(i) => Some(&i.ident),
        _ => None,
    };
    ident.map_or_else(|| item.span(), syn::Ident::span)
}
