//! `fail_point!`: a failpoint site the harness can see fire.

/// A failpoint whose passes and firings the harness counts, so an armed failpoint that never
/// fires fails its case as `not_exercised` instead of passing without having injected anything.
///
/// Takes the same forms and action syntax as `fail::fail_point!`, with a string literal name:
///
/// ```
/// fn append(record: &[u8]) -> std::io::Result<()> {
///     fault_runtime::fail_point!("ledger.write", |_| Err(std::io::Error::other("injected")));
///     let _ = record;
///     Ok(())
/// }
/// # append(b"x").unwrap();
/// ```
///
/// A case arms it with `#[fault_case(failpoints = "ledger.write=return")]`; outside a case,
/// `fail::cfg` still arms it, as it would a plain fail-rs failpoint. Without the `harness`
/// feature (a release build of the system) it compiles to nothing, like fail-rs without its
/// `failpoints` feature.
#[cfg(feature = "harness")]
#[macro_export]
macro_rules! fail_point {
    ($name:literal) => {{
        $crate::__failpoint_site!($name);
        if $crate::__private::failpoint_eval($name).is_some() {
            ::core::panic!("Return is not supported for the fail point \"{}\"", $name);
        }
    }};
    ($name:literal, $e:expr) => {{
        $crate::__failpoint_site!($name);
        if let ::core::option::Option::Some(arg) = $crate::__private::failpoint_eval($name) {
            return ($e)(arg);
        }
    }};
    ($name:literal, $cond:expr, $e:expr) => {{
        if $cond {
            $crate::fail_point!($name, $e);
        }
    }};
}

/// A failpoint site, in the same forms as `fail::fail_point!`. This build has no `harness`
/// feature, so nothing can arm it and it compiles to nothing, like fail-rs without its
/// `failpoints` feature; with the harness, a case arms it and the harness counts whether it
/// fired.
#[cfg(not(feature = "harness"))]
#[macro_export]
macro_rules! fail_point {
    ($name:literal) => {{}};
    ($name:literal, $e:expr) => {{}};
    ($name:literal, $cond:expr, $e:expr) => {{}};
}

/// Registers a failpoint site; used by [`fail_point!`].
#[cfg(feature = "harness")]
#[doc(hidden)]
#[macro_export]
macro_rules! __failpoint_site {
    ($name:literal) => {
        $crate::__private::inventory::submit! {
            $crate::__private::FailpointSite { name: $name, file: ::core::file!(), line: ::core::line!() }
        }
    };
}
