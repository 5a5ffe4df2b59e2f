//! The `#[fault_case]` attribute and `#[derive(Refusal)]`; documented and re-exported by
//! `fault-runtime`.

mod case;
mod emit;
mod option;
mod refusal;
mod suggest;
mod value;

use proc_macro::TokenStream;

/// Registers a fault case; see `fault_runtime::fault_case` for the documentation.
#[proc_macro_attribute]
pub fn fault_case(args: TokenStream, item: TokenStream) -> TokenStream {
    case::fault_case(args.into(), item.into()).into()
}

/// Implements `fault_runtime::Refusal` from `#[refusal(...)]` attributes; see
/// `fault_runtime::Refusal` for the documentation.
#[proc_macro_derive(Refusal, attributes(refusal))]
pub fn derive_refusal(item: TokenStream) -> TokenStream {
    refusal::derive(item.into()).into()
}
