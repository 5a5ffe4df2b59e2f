//! Emits `impl ::fault_runtime::Refusal`: one `match` per method a variant answers, and nothing
//! for the methods whose trait default already says what every variant would.
//!
//! The code names only the contract a production build of `fault-runtime` keeps (`Refusal`,
//! `Gate`, `Severity`, `Attempt`, `RollbackReport`) and `core`/`std`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, Generics, Type};

use super::valid::{self, Answer, Input, Own, Refusal, Variant};
use crate::emit;

/// The derive's entry point: on an error, the error plus an impl that never runs, so the
/// mistake is the only error and code using the type as a `Refusal` still type-checks.
pub(crate) fn derive(item: TokenStream) -> TokenStream {
    let item: DeriveInput = match syn::parse2(item) {
        Ok(item) => item,
        Err(err) => return err.to_compile_error(),
    };
    match valid::check(&item) {
        Ok(input) => expand(&input),
        Err(err) => {
            let error = err.to_compile_error();
            let fallback = implement(
                &item,
                &item.generics,
                quote! {
                    fn code(&self) -> &str {
                        ::core::unreachable!()
                    }
                },
            );
            quote!(#error #fallback)
        }
    }
}

/// One method of the trait, as the derive writes it.
struct Method {
    signature: TokenStream,
    /// The trait's method, for delegation from a `transparent` variant.
    name: TokenStream,
    /// What the trait default answers, for the variants that say nothing; `None` for `code`,
    /// which has no default and is always written.
    default: Option<TokenStream>,
    /// A variant's own answer and the fields it reads; `None` where the default holds.
    own: fn(&Own, &Variant) -> Option<Body>,
}

/// An arm's expression and the fields it reads.
type Body = (TokenStream, Vec<usize>);

fn expand(input: &Input) -> TokenStream {
    let none = || Some(quote!(::core::option::Option::None));
    let methods = [
        Method {
            signature: quote!(fn code(&self) -> &str),
            name: quote!(code),
            default: None,
            own: |own, _| Some((own.code.to_token_stream(), Vec::new())),
        },
        Method {
            signature: quote!(fn gate(&self) -> ::core::option::Option<::fault_runtime::Gate>),
            name: quote!(gate),
            default: none(),
            own: |own, _| {
                let gate = own.gate.as_ref()?.tokens(&quote!(::fault_runtime::Gate));
                Some((emit::optional(Some(gate)), Vec::new()))
            },
        },
        Method {
            signature: quote!(fn severity(&self) -> ::core::option::Option<::fault_runtime::Severity>),
            name: quote!(severity),
            default: none(),
            own: |own, _| {
                let severity = emit::variant(&quote!(::fault_runtime), own.severity?);
                Some((emit::optional(Some(severity)), Vec::new()))
            },
        },
        Method {
            signature: quote!(fn message(&self) -> ::core::option::Option<::std::string::String>),
            name: quote!(message),
            default: none(),
            own: |own, variant| {
                own.message
                    .as_ref()
                    .map(|message| message_body(message, variant))
            },
        },
        Method {
            signature: quote!(fn attempts(&self) -> ::std::vec::Vec<::fault_runtime::Attempt>),
            name: quote!(attempts),
            default: Some(quote!(::std::vec::Vec::new())),
            // Only `Vec<Attempt>`, so another type is a plain type mismatch at the field.
            own: |own, variant| {
                let exactly = quote!(::std::vec::Vec<::fault_runtime::Attempt>);
                own.attempts
                    .map(|field| marked(variant, field, Some(exactly)))
            },
        },
        Method {
            signature: quote!(fn rollback(&self) -> ::core::option::Option<::fault_runtime::RollbackReport>),
            name: quote!(rollback),
            default: none(),
            // `Option<RollbackReport>` as it is, a `RollbackReport` wrapped in `Some`.
            own: |own, variant| own.rollback.map(|field| marked(variant, field, None)),
        },
    ];
    let bodies = methods
        .iter()
        .filter_map(|method| method_body(method, &input.variants));
    implement(input.item, &bounded(input), quote!(#(#bodies)*))
}

/// `Some(text)`: the `Display` text, or the format string over the fields it names.
fn message_body(message: &Answer, variant: &Variant) -> Body {
    match message {
        Answer::Display(span) => (
            quote_spanned!(*span=> ::core::option::Option::Some(::std::string::ToString::to_string(self))),
            Vec::new(),
        ),
        Answer::Format(format) => {
            let lit = &format.lit;
            let args = format
                .fields
                .iter()
                .map(|&index| &variant.fields[index].binding);
            (
                quote!(::core::option::Option::Some(
                    ::std::format!(#lit #(, #args)*)
                )),
                format.fields.clone(),
            )
        }
    }
}

/// A marked field's value: a clone of it as `exactly` that type, else converted with `Into` to
/// what the method returns. Spanned at the field's type, so a field of another type is
/// reported there.
fn marked(variant: &Variant, field: usize, exactly: Option<TokenStream>) -> Body {
    let marked = &variant.fields[field];
    let binding = &marked.binding;
    let value = match exactly {
        Some(ty) => quote_spanned! {marked.ty.span()=>
            <#ty as ::core::clone::Clone>::clone(#binding)
        },
        None => quote_spanned! {marked.ty.span()=>
            ::core::convert::Into::into(::core::clone::Clone::clone(#binding))
        },
    };
    (value, vec![field])
}

/// `impl Refusal for Type` around `body`.
fn implement(item: &DeriveInput, generics: &Generics, body: TokenStream) -> TokenStream {
    let ident = &item.ident;
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics ::fault_runtime::Refusal for #ident #ty_generics #where_clause {
            #body
        }
    }
}

/// The method as a `match` over the variants, or `None` when every variant takes the trait
/// default.
fn method_body(method: &Method, variants: &[Variant]) -> Option<TokenStream> {
    let mut arms = Vec::new();
    for variant in variants {
        let answer = match &variant.refusal {
            Refusal::Transparent(field) => Some(delegate(method, variant, *field)),
            Refusal::Own(own) => (method.own)(own, variant),
        };
        if let Some((body, fields)) = answer {
            arms.push(arm(variant, &fields, &body));
        }
    }
    if arms.is_empty() && method.default.is_some() {
        return None;
    }
    if arms.len() < variants.len() {
        let default = &method.default;
        arms.push(quote!(_ => #default,));
    }
    let signature = &method.signature;
    let scrutinee = if variants.is_empty() {
        quote!(*self)
    } else {
        quote!(self)
    };
    Some(quote! {
        #signature {
            match #scrutinee {
                #(#arms)*
            }
        }
    })
}

/// `Self::Variant { field: binding, .. } => body,` binding the `fields` the body reads.
fn arm(variant: &Variant, fields: &[usize], body: &TokenStream) -> TokenStream {
    let path = &variant.path;
    let bindings = fields.iter().map(|&index| {
        let field = &variant.fields[index];
        let (member, binding) = (&field.member, &field.binding);
        quote!(#member: #binding,)
    });
    quote!(#path { #(#bindings)* .. } => #body,)
}

/// The wrapped refusal's answer, for a `transparent` variant; a wrapped type that is not a
/// `Refusal` is reported at its type.
fn delegate(method: &Method, variant: &Variant, field: usize) -> Body {
    let inner = &variant.fields[field];
    let (name, binding) = (&method.name, &inner.binding);
    let body = quote_spanned! {inner.ty.span()=>
        ::fault_runtime::Refusal::#name(#binding)
    };
    (body, vec![field])
}

/// The item's generics, plus `T: Refusal` for each `transparent` field whose type mentions a
/// type parameter, as thiserror infers `Error` bounds.
fn bounded(input: &Input) -> Generics {
    let mut generics = input.item.generics.clone();
    let params: Vec<String> = generics
        .type_params()
        .map(|param| param.ident.to_string())
        .collect();
    for variant in &input.variants {
        let Refusal::Transparent(field) = variant.refusal else {
            continue;
        };
        let ty = variant.fields[field].ty;
        if mentions(ty, &params) {
            generics
                .make_where_clause()
                .predicates
                .push(syn::parse_quote!(#ty: ::fault_runtime::Refusal));
        }
    }
    generics
}

/// Whether `ty` names any of `params`.
fn mentions(ty: &Type, params: &[String]) -> bool {
    fn walk(tokens: TokenStream, params: &[String]) -> bool {
        tokens.into_iter().any(|token| match token {
            proc_macro2::TokenTree::Ident(ident) => params.contains(&ident.to_string()),
            proc_macro2::TokenTree::Group(group) => walk(group.stream(), params),
            _ => false,
        })
    }
    !params.is_empty() && walk(ty.to_token_stream(), params)
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenTree;

    use super::*;

    /// Every identifier that follows `fault_runtime::` in `tokens`.
    fn runtime_names(tokens: TokenStream, names: &mut Vec<String>) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        for (index, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Group(group) => runtime_names(group.stream(), names),
                TokenTree::Ident(ident) if ident == "fault_runtime" => {
                    if let Some(TokenTree::Ident(next)) = tokens.get(index + 3) {
                        names.push(next.to_string());
                    }
                }
                _ => {}
            }
        }
    }

    /// A production build links only the contract, so generated code must name nothing else.
    #[test]
    fn generated_code_names_only_the_contract() {
        let derived = derive(quote! {
            #[refusal(gate = 4, message)]
            enum SpecError {
                #[refusal(code = "A", gate = "STARTUP", severity = "critical", message = "{0}")]
                A(String, #[refusal(attempts)] Vec<Attempt>),
                #[refusal(code = "B")]
                B { #[refusal(rollback)] undone: RollbackReport },
                #[refusal(transparent)]
                C(std::io::Error),
            }
        });
        let mut names = Vec::new();
        runtime_names(derived, &mut names);
        names.sort();
        names.dedup();
        assert_eq!(
            names,
            ["Attempt", "Gate", "Refusal", "RollbackReport", "Severity"]
        );
    }

    #[test]
    fn methods_every_variant_leaves_to_the_default_are_not_written() {
        let derived = derive(quote! {
            enum SpecError {
                #[refusal(code = "A")]
                A,
                #[refusal(code = "B")]
                B(u8),
            }
        })
        .to_string();
        assert!(derived.contains("fn code"), "{derived}");
        for default in [
            "fn gate",
            "fn severity",
            "fn message",
            "fn attempts",
            "fn rollback",
        ] {
            assert!(!derived.contains(default), "{derived}");
        }
    }
}
