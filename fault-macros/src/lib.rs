//! The `#[fault_case]` attribute; documented and re-exported by `fault-runtime`.

mod attr;
mod expand;
mod failpoints;
mod size;
mod suggest;
mod valid;

use proc_macro::TokenStream;

/// Registers a fault case; see `fault_runtime::fault_case` for the documentation.
#[proc_macro_attribute]
pub fn fault_case(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::fault_case(args.into(), item.into()).into()
}
