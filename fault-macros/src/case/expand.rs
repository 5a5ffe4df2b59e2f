//! Emits the user's fn unchanged plus one `inventory::submit!` of a static case description.

use proc_macro2::{Delimiter, Group, Ident, Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;

use fault_vocab::{Category, Isolation, Network, TimeMode};

use super::control::Control;
use super::failpoints::Failpoint;
use super::options::Options;
use super::sweep::Sweep;
use super::valid::{self, CaseFn};
use crate::emit::{optional, variant};

/// The attribute's entry point: on any error, the item is still emitted so one mistake is one error.
pub(crate) fn fault_case(args: TokenStream, item: TokenStream) -> TokenStream {
    let parsed = Options::parse(args).and_then(|options| {
        let case = valid::check(syn::parse2(item.clone())?)?;
        if let (Some((TimeMode::Paused, span)), false) = (options.time, case.is_async) {
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
    let body_fn = format_ident!("__fault_case_{}", item.sig.ident.unraw().to_string());
    let private = quote!(::fault_runtime::__private);
    // A hygienic name, so a user fn called `def` (or anything else) is never shadowed.
    let def = Ident::new("def", Span::mixed_site());
    let call = call(case, &private, &def);
    let (control, control_fn) = control(options, case, &private, &def);
    let declared = declared(options, case, &private);
    let environment = environment(options, &private);
    let semantics = semantics(options, case, &private);
    quote! {
        #item

        #[doc(hidden)]
        #[allow(non_snake_case)]
        fn #body_fn(#def: &#private::CaseDef) -> #private::Outcome {
            #call
        }

        #control_fn

        #private::inventory::submit! {
            #private::CaseDef {
                #declared
                #environment
                #semantics
                control: #control,
                body: #body_fn,
            }
        }
    }
}

/// The call of the user's fn, converted to an outcome.
fn call(case: &CaseFn, private: &TokenStream, def: &Ident) -> TokenStream {
    let ident = &case.item.sig.ident;
    let value = if case.is_async {
        quote!(#private::block_on(#def, #ident()))
    } else {
        quote!(#ident())
    };
    outcome(case, &value, private, def)
}

/// `value`, a result of the case's return type, converted to an outcome with the case's
/// expected code. Naming the return type in the conversion puts a "not a fault case result"
/// error on the user's return type rather than on generated code.
fn outcome(case: &CaseFn, value: &TokenStream, private: &TokenStream, def: &Ident) -> TokenStream {
    match &case.item.sig.output {
        // What an acceptance returned is shown by the most specific impl the type has:
        // `Debug` of the `Ok` value, else its type's name (autoref specialization).
        syn::ReturnType::Type(_, ty) => quote_spanned! {ty.span()=>
            {
                let value: #ty = #value;
                #[allow(unused_imports)]
                use #private::{ShowDebug as _, ShowNothing as _, ShowTypeName as _};
                let shown = (&&&#private::AcceptedValue(&value)).shown();
                <#ty as #private::IntoOutcome>::into_outcome(value, #def.expect).showing(shown)
            }
        },
        syn::ReturnType::Default => quote_spanned! {case.item.sig.ident.span()=>
            <() as #private::IntoOutcome>::into_outcome(#value, #def.expect)
        },
    }
}

/// The case's `control` field, and for `control = healthy_fn` the fn that runs `healthy_fn`
/// the way the body fn runs the case: on the case's clock, its result converted like the case's.
fn control(
    options: &Options,
    case: &CaseFn,
    private: &TokenStream,
    def: &Ident,
) -> (TokenStream, TokenStream) {
    let Some((control, _)) = &options.control else {
        return (quote!(::core::option::Option::None), TokenStream::new());
    };
    let path = match control {
        Control::WithoutFaults => {
            return (
                quote!(::core::option::Option::Some(#private::Control::WithoutFaults)),
                TokenStream::new(),
            );
        }
        Control::Healthy(path) => path,
    };
    let control_fn = format_ident!(
        "__fault_control_{}",
        case.item.sig.ident.unraw().to_string()
    );
    let healthy = Ident::new("healthy", Span::mixed_site());
    let (ret, ret_span) = match &case.item.sig.output {
        syn::ReturnType::Type(_, ty) => (quote!(#ty), ty.span()),
        syn::ReturnType::Default => (quote!(()), case.item.sig.ident.span()),
    };
    // The healthy fn's type is checked at its path: `fn() -> R` for a sync case, so that a fn of
    // another signature is an error at the path showing the signature the case needs (and, in
    // a note, the case's return type); for an async case, a fn taking nothing whose future's
    // output is `R`, the call spanning the whole path.
    let first = path.span();
    let last = path
        .to_token_stream()
        .into_iter()
        .last()
        .map_or(first, |token| token.span());
    let (check, value) = if case.is_async {
        let mut call = Group::new(Delimiter::Parenthesis, TokenStream::new());
        call.set_span(last);
        let block_on = quote_spanned!(first=> ::fault_runtime::__private::block_on);
        (
            quote_spanned! {first=>
                let _: fn() -> _ = #path;
                let #healthy: #ret = #block_on(#def, #path #call);
            },
            quote!(#healthy),
        )
    } else {
        let pointer = quote_spanned!(ret_span=> fn() -> #ret);
        (
            quote_spanned! {first=> let #healthy: #pointer = #path; },
            quote!(#healthy()),
        )
    };
    let outcome = outcome(case, &value, private, def);
    let item = quote! {
        #[doc(hidden)]
        #[allow(non_snake_case)]
        fn #control_fn(#def: &#private::CaseDef) -> #private::Outcome {
            #check
            #outcome
        }
    };
    let name = path_name(&path.path);
    (
        quote!(::core::option::Option::Some(#private::Control::Healthy {
            name: #name,
            run: #control_fn,
        })),
        item,
    )
}

/// A path as written, without the spaces tokens print with: `crate::fixtures::healthy`.
fn path_name(path: &syn::Path) -> String {
    let segments = path
        .segments
        .iter()
        .map(|segment| segment.ident.to_string());
    let joined = segments.collect::<Vec<_>>().join("::");
    match path.leading_colon {
        Some(_) => format!("::{joined}"),
        None => joined,
    }
}

/// What the case is and where it is declared: the fields the listing and the matrix show.
fn declared(options: &Options, case: &CaseFn, private: &TokenStream) -> TokenStream {
    let ident = &case.item.sig.ident;
    let fn_name = ident.unraw().to_string();
    let line = quote_spanned!(ident.span()=> ::core::line!());
    let expect = options.expect.as_deref().unwrap_or_default();
    let expect_also = options.expect_list.iter().flat_map(|codes| &codes.also);
    let id = optional(options.id.as_deref());
    let name = optional(options.name.as_deref().or(case.doc_name.as_deref()));
    let fault = optional(options.fault.as_deref());
    let recovery = optional(options.recovery.as_deref());
    let gate = optional(
        options
            .gate
            .as_ref()
            .map(|gate| gate.tokens(&quote!(#private::Gate))),
    );
    let halt = options.halt.unwrap_or(false);
    let severity = variant(private, options.severity.unwrap_or_default());
    let category = optional(options.category.as_ref().map(|category| match category {
        Category::Custom(label) => {
            let label: &str = label;
            quote!(#private::Category::custom(#label))
        }
        builtin => {
            let builtin = format_ident!("{}", builtin.variant_name());
            quote!(#private::Category::#builtin)
        }
    }));
    let tags = options.tags.iter().flatten();
    let ignored = case.ignored;
    quote! {
        fn_name: #fn_name,
        module_path: ::core::module_path!(),
        file: ::core::file!(),
        line: #line,
        id: #id,
        name: #name,
        expect: #expect,
        expect_also: &[#(#expect_also),*],
        gate: #gate,
        halt: #halt,
        severity: #severity,
        category: #category,
        fault: #fault,
        recovery: #recovery,
        tags: &[#(#tags),*],
        ignored: #ignored,
    }
}

/// What the case's process gets: environment, hidden programs, failpoints, syscall faults, the
/// sweep, limits, timeout.
fn environment(options: &Options, private: &TokenStream) -> TokenStream {
    let env = options.env.iter().flatten().map(|(k, v)| quote!((#k, #v)));
    let env_remove = options.env_remove.iter().flatten();
    let env_pass = options.env_pass.iter().flatten();
    let timeout = optional(options.timeout.map(|duration| {
        let (secs, nanos) = (duration.as_secs(), duration.subsec_nanos());
        quote!(::core::time::Duration::new(#secs, #nanos))
    }));
    let hide = options.hide.iter().flatten().map(|(entry, _)| entry);
    let requires = options.requires.iter().flatten().map(|(value, _)| value);
    let failpoints = options
        .failpoints
        .iter()
        .flatten()
        .map(|failpoint| armed_failpoint(failpoint, private));
    let syscalls = options
        .syscalls
        .iter()
        .flatten()
        .map(|(spec, _)| spec.to_string());
    let sweep = optional(options.sweep.as_ref().map(|sweep| match sweep {
        Sweep::Syscall(spec) => {
            let spec = spec.to_string();
            quote!(#private::Sweep::Syscall(#spec))
        }
        Sweep::Failpoints => quote!(#private::Sweep::Failpoints),
    }));
    let sweep_max = optional(options.sweep_max);
    let memory_limit = optional(options.memory_limit);
    let open_files = optional(options.open_files);
    quote! {
        env: &[#(#env),*],
        env_remove: &[#(#env_remove),*],
        env_pass: &[#(#env_pass),*],
        timeout: #timeout,
        hide: &[#(#hide),*],
        requires: &[#(#requires),*],
        failpoints: &[#(#failpoints),*],
        syscalls: &[#(#syscalls),*],
        sweep: #sweep,
        sweep_max: #sweep_max,
        memory_limit: #memory_limit,
        open_files: #open_files,
    }
}

/// How the verdict is decided and the body run: rollback, repeats, drift, retries, clock,
/// isolation and network.
fn semantics(options: &Options, case: &CaseFn, private: &TokenStream) -> TokenStream {
    let rollback = optional(options.rollback.map(|rollback| variant(private, rollback)));
    let repeat = optional(options.repeat);
    let attempts = optional(options.attempts);
    let drift = optional(options.drift.as_deref());
    let drift_verdict = optional(
        options
            .drift_verdict
            .map(|(predicted, _)| variant(private, predicted)),
    );
    let drift_until = optional(options.drift_until.as_deref());
    let drift_issue = optional(options.drift_issue.as_deref());
    let paused_time = matches!(options.time, Some((TimeMode::Paused, _)));
    let isolation = variant(
        private,
        options
            .isolation
            .map_or(Isolation::default(), |(isolation, _)| isolation),
    );
    let network = variant(
        private,
        options
            .network
            .map_or(Network::default(), |(network, _)| network),
    );
    let is_async = case.is_async;
    quote! {
        rollback: #rollback,
        repeat: #repeat,
        drift: #drift,
        drift_verdict: #drift_verdict,
        drift_until: #drift_until,
        drift_issue: #drift_issue,
        attempts: #attempts,
        is_async: #is_async,
        paused_time: #paused_time,
        isolation: #isolation,
        network: #network,
    }
}

/// A `FailpointSpec` literal: the actions as written and as parsed, so the runtime never parses.
fn armed_failpoint(failpoint: &Failpoint, private: &TokenStream) -> TokenStream {
    let name = &failpoint.name;
    let actions = &failpoint.actions;
    let steps = failpoint.steps.iter().map(|step| {
        let frequency = step.frequency;
        let count = optional(step.count);
        let arg = optional(step.arg.as_deref());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The expansion of a case with `args`, without whitespace, so fields read as `key:value`.
    fn expanded(args: TokenStream) -> String {
        expanded_fn(
            args,
            quote!(
                fn case() -> Result<(), std::io::Error> {
                    Ok(())
                }
            ),
        )
    }

    /// The expansion of `item` with `args`, without whitespace; it must have no error.
    fn expanded_fn(args: TokenStream, item: TokenStream) -> String {
        let tokens = fault_case(args, item).to_string();
        assert!(!tokens.contains("compile_error"), "{tokens}");
        tokens.split_whitespace().collect()
    }

    #[test]
    fn a_syscall_sweep_emits_its_fault_bound_and_codes() {
        let tokens = expanded(quote!(
            expect = ["LEDGER_IO", "LEDGER_FULL", "LEDGER_RO"],
            sweep = "write:ENOSPC",
            sweep_max = 50
        ));
        for field in [
            r#"expect:"LEDGER_IO","#,
            r#"expect_also:&["LEDGER_FULL","LEDGER_RO"],"#,
            r#"sweep:::core::option::Option::Some(::fault_runtime::__private::Sweep::Syscall("write:ENOSPC")),"#,
            "sweep_max:::core::option::Option::Some(50u32),",
        ] {
            assert!(tokens.contains(field), "{field} not in {tokens}");
        }
    }

    #[test]
    fn a_failpoint_sweep_may_expect_one_code() {
        let tokens = expanded(quote!(expect = "LEDGER_IO", sweep = "failpoints"));
        for field in [
            r#"expect:"LEDGER_IO","#,
            "expect_also:&[],",
            "sweep:::core::option::Option::Some(::fault_runtime::__private::Sweep::Failpoints),",
            "sweep_max:::core::option::Option::None,",
        ] {
            assert!(tokens.contains(field), "{field} not in {tokens}");
        }
    }

    #[test]
    fn a_case_without_a_sweep_emits_none() {
        let tokens = expanded(quote!(expect = "LEDGER_IO", syscalls = ["write:ENOSPC@3"]));
        for field in [
            "expect_also:&[],",
            r#"syscalls:&["write:ENOSPC@3"],"#,
            "sweep:::core::option::Option::None,",
            "sweep_max:::core::option::Option::None,",
        ] {
            assert!(tokens.contains(field), "{field} not in {tokens}");
        }
    }

    /// Every piece of `pieces` is in `tokens`.
    fn assert_contains(tokens: &str, pieces: &[&str]) {
        for piece in pieces {
            assert!(tokens.contains(piece), "{piece} not in {tokens}");
        }
    }

    #[test]
    fn a_case_without_a_control_emits_none_and_no_control_fn() {
        let tokens = expanded(quote!(expect = "LEDGER_IO", hide = ["git"]));
        assert_contains(&tokens, &["control:::core::option::Option::None,"]);
        assert!(!tokens.contains("__fault_control_"), "{tokens}");
    }

    #[test]
    fn a_bare_control_runs_the_body_without_faults() {
        for args in [
            quote!(expect = "LEDGER_IO", hide = ["git"], control),
            quote!(expect = "LEDGER_IO", control, env_remove = ["HOME"]),
            quote!(
                expect = "LEDGER_IO",
                failpoints = "ledger.write=return",
                control
            ),
            quote!(
                expect = "LEDGER_IO",
                syscalls = ["fsync:EIO"],
                control,
                repeat = 3
            ),
            quote!(
                expect = "LEDGER_IO",
                isolation = "container",
                network = "none",
                control
            ),
            quote!(expect = "LEDGER_IO", memory_limit = "64MiB", control),
            quote!(expect = "LEDGER_IO", open_files = 16, control),
        ] {
            let tokens = expanded(args);
            assert_contains(
                &tokens,
                &[
                    "control:::core::option::Option::Some(::fault_runtime::__private::Control::WithoutFaults),",
                ],
            );
            assert!(!tokens.contains("__fault_control_"), "{tokens}");
        }
    }

    #[test]
    fn a_healthy_fn_runs_in_a_control_fn_converted_like_the_body() {
        let tokens = expanded(quote!(
            expect = "LEDGER_IO",
            control = crate::fixtures::healthy
        ));
        assert_contains(
            &tokens,
            &[
                "fn__fault_control_case(def:&::fault_runtime::__private::CaseDef)->::fault_runtime::__private::Outcome{",
                // The healthy fn must have the case's signature, checked at its path.
                "lethealthy:fn()->Result<(),std::io::Error>=crate::fixtures::healthy;",
                "letvalue:Result<(),std::io::Error>=healthy();",
                "<Result<(),std::io::Error>as::fault_runtime::__private::IntoOutcome>::into_outcome(value,def.expect).showing(shown)",
                "control:::core::option::Option::Some(::fault_runtime::__private::Control::Healthy{name:\"crate::fixtures::healthy\",run:__fault_control_case,}),",
            ],
        );
    }

    #[test]
    fn an_async_case_runs_its_async_healthy_fn_on_the_case_clock() {
        let tokens = expanded_fn(
            quote!(
                expect = "LEDGER_IO",
                time = "paused",
                control = valid_remote_spec
            ),
            quote!(
                async fn case() -> Result<(), std::io::Error> {
                    Ok(())
                }
            ),
        );
        assert_contains(
            &tokens,
            &[
                "let_:fn()->_=valid_remote_spec;",
                "lethealthy:Result<(),std::io::Error>=::fault_runtime::__private::block_on(def,valid_remote_spec());",
                "letvalue:Result<(),std::io::Error>=healthy;",
                "<Result<(),std::io::Error>as::fault_runtime::__private::IntoOutcome>::into_outcome(value,def.expect).showing(shown)",
                "control:::core::option::Option::Some(::fault_runtime::__private::Control::Healthy{name:\"valid_remote_spec\",run:__fault_control_case,}),",
                "paused_time:true,",
            ],
        );
    }
}
