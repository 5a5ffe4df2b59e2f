//! Emits the user's fn unchanged plus one `inventory::submit!` of a static case description.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;

use crate::attr::{CategoryArg, GateArg, Options};
use crate::failpoints::Failpoint;
use crate::valid::{self, CaseFn};

/// The attribute's entry point: on any error, the item is still emitted so one mistake is one error.
pub(crate) fn fault_case(args: TokenStream, item: TokenStream) -> TokenStream {
    let parsed = Options::parse(args).and_then(|options| {
        let case = valid::check(syn::parse2(item.clone())?)?;
        if let (Some(span), false) = (options.paused, case.is_async) {
            return Err(syn::Error::new(
                span,
                "`time = \"paused\"` runs an `async fn` on tokio's paused clock; make the case an `async fn`",
            ));
        }
        Ok((options, case))
    });
    match parsed {
        Ok((options, case)) => expand(&options, &case),
        Err(err) => {
            let error = err.to_compile_error();
            quote! { #error #item }
        }
    }
}

fn expand(options: &Options, case: &CaseFn) -> TokenStream {
    let item = &case.item;
    let ident = &item.sig.ident;
    let fn_name = ident.unraw().to_string();
    let body_fn = format_ident!("__fault_case_{}", fn_name);
    let private = quote!(::fault_runtime::__private);
    // Naming the return type in the call puts a "not a fault case result" error on the user's
    // return type rather than on generated code.
    // A hygienic name, so a user fn called `case` (or anything else) is never shadowed.
    let def = proc_macro2::Ident::new("def", proc_macro2::Span::mixed_site());
    let value = if case.is_async {
        quote!(#private::block_on(#def, #ident()))
    } else {
        quote!(#ident())
    };
    let call = match &item.sig.output {
        syn::ReturnType::Type(_, ty) => quote_spanned! {ty.span()=>
            <#ty as #private::IntoOutcome>::into_outcome(#value, #def.expect)
        },
        syn::ReturnType::Default => quote_spanned! {ident.span()=>
            <() as #private::IntoOutcome>::into_outcome(#value, #def.expect)
        },
    };
    let line = quote_spanned!(ident.span()=> ::core::line!());

    let expect = options.expect.as_deref().unwrap_or_default();
    let id = optional_str(options.id.as_deref());
    let name = optional_str(options.name.as_deref().or(case.doc_name.as_deref()));
    let fault = optional_str(options.fault.as_deref());
    let recovery = optional_str(options.recovery.as_deref());
    let gate = match &options.gate {
        Some(GateArg::Number(n)) => {
            quote!(::core::option::Option::Some(#private::Gate::Number(#n)))
        }
        Some(GateArg::Label(label)) => {
            quote!(::core::option::Option::Some(#private::Gate::label(#label)))
        }
        None => quote!(::core::option::Option::None),
    };
    let halt = options.halt.unwrap_or(false);
    let severity = format_ident!(
        "{}",
        capitalize(options.severity.as_deref().unwrap_or("error"))
    );
    let category = match &options.category {
        Some(CategoryArg::Known(known)) => {
            let variant = format_ident!("{}", capitalize(known));
            quote!(::core::option::Option::Some(#private::Category::#variant))
        }
        Some(CategoryArg::Custom(label)) => {
            quote!(::core::option::Option::Some(#private::Category::Custom(#label)))
        }
        None => quote!(::core::option::Option::None),
    };
    let env = options.env.iter().flatten().map(|(k, v)| quote!((#k, #v)));
    let env_remove = options.env_remove.iter().flatten();
    let env_pass = options.env_pass.iter().flatten();
    let tags = options.tags.iter().flatten();
    let timeout = match options.timeout {
        Some(duration) => {
            let (secs, nanos) = (duration.as_secs(), duration.subsec_nanos());
            quote!(::core::option::Option::Some(::core::time::Duration::new(#secs, #nanos)))
        }
        None => quote!(::core::option::Option::None),
    };
    let ignored = case.ignored;
    let hide = options.hide.iter().flatten();
    let requires = options.requires.iter().flatten().map(|(value, _)| value);
    let failpoints = options
        .failpoints
        .iter()
        .flatten()
        .map(|failpoint| armed_failpoint(failpoint, &private));
    let memory_limit = optional_u64(options.memory_limit);
    let open_files = optional_u64(options.open_files);
    let rollback = match &options.rollback {
        None => quote!(::core::option::Option::None),
        Some(None) => quote!(::core::option::Option::Some(#private::RollbackExpectation::Any)),
        Some(Some(kind)) => {
            let variant = format_ident!("{}", capitalize(kind));
            quote!(::core::option::Option::Some(#private::RollbackExpectation::#variant))
        }
    };
    let repeat = optional_u32(options.repeat);
    let attempts = optional_u32(options.attempts);
    let drift = optional_str(options.drift.as_deref());
    let paused_time = options.paused.is_some();
    let in_process = options.in_process().is_some();
    let is_async = case.is_async;

    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_snake_case)]
        fn #body_fn(#def: &#private::CaseDef) -> #private::Outcome {
            #call
        }

        #private::inventory::submit! {
            #private::CaseDef {
                fn_name: #fn_name,
                module_path: ::core::module_path!(),
                file: ::core::file!(),
                line: #line,
                id: #id,
                name: #name,
                expect: #expect,
                gate: #gate,
                halt: #halt,
                severity: #private::Severity::#severity,
                category: #category,
                fault: #fault,
                recovery: #recovery,
                env: &[#(#env),*],
                env_remove: &[#(#env_remove),*],
                env_pass: &[#(#env_pass),*],
                timeout: #timeout,
                tags: &[#(#tags),*],
                ignored: #ignored,
                hide: &[#(#hide),*],
                requires: &[#(#requires),*],
                failpoints: &[#(#failpoints),*],
                memory_limit: #memory_limit,
                open_files: #open_files,
                rollback: #rollback,
                repeat: #repeat,
                drift: #drift,
                attempts: #attempts,
                is_async: #is_async,
                paused_time: #paused_time,
                in_process: #in_process,
                body: #body_fn,
            }
        }
    }
}

/// A `FailpointSpec` literal: the actions as written and as parsed, so the runtime never parses.
fn armed_failpoint(failpoint: &Failpoint, private: &TokenStream) -> TokenStream {
    let name = &failpoint.name;
    let actions = &failpoint.actions;
    let steps = failpoint.steps.iter().map(|step| {
        let frequency = step.frequency;
        let count = match step.count {
            Some(count) => quote!(::core::option::Option::Some(#count)),
            None => quote!(::core::option::Option::None),
        };
        let arg = optional_str(step.arg.as_deref());
        let task = match step.task.as_str() {
            "off" => quote!(Off),
            "return" => quote!(Return(#arg)),
            "panic" => quote!(Panic(#arg)),
            "print" => quote!(Print(#arg)),
            "pause" => quote!(Pause),
            "yield" => quote!(Yield),
            timed => {
                let ms: u64 = step
                    .arg
                    .as_deref()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(0);
                let variant = if timed == "sleep" {
                    quote!(Sleep)
                } else {
                    quote!(Delay)
                };
                quote!(#variant(#ms))
            }
        };
        quote!(#private::FailpointAction {
            frequency: #frequency,
            count: #count,
            task: #private::FailpointTask::#task,
        })
    });
    quote!(#private::ArmedFailpoint {
        name: #name,
        actions: #actions,
        steps: &[#(#steps),*],
    })
}

fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

fn optional_u32(value: Option<u32>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
