//! Small pieces of generated code that both macros write the same way.

use fault_vocab::Vocabulary;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};

/// `value` as a path under `module`, from the vocabulary's own variant name:
/// `::fault_runtime::Severity::Critical`.
pub(crate) fn variant<V: Vocabulary>(module: &TokenStream, value: V) -> TokenStream {
    let ty = Ident::new(V::TYPE, Span::call_site());
    let variant = Ident::new(value.variant_name(), Span::call_site());
    quote!(#module::#ty::#variant)
}

/// `Some(value)` or `None`, with absolute paths.
pub(crate) fn optional(value: Option<impl ToTokens>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}
