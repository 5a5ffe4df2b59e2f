//! Warnings: how a system reports degraded-but-continuing behaviour to a `warning` or `info`
//! case.

/// Reports that the system continued in a degraded way, with a stable code.
///
/// A `severity = "warning"` or `"info"` case passes (`degraded`) when its body completes and its
/// expected code was reported here; completing without the warning is `silent_acceptance`.
/// Call it from the system under test (where it already logs the degradation) or from the case
/// body after reading the system's own warning channel.
///
/// ```
/// fn load_cache() -> Vec<u8> {
///     fault_runtime::warning("CACHE_COLD", "cache unreadable; starting empty");
///     Vec::new()
/// }
/// # load_cache();
/// ```
pub fn warning(code: impl Into<String>, message: impl Into<String>) {
    #[cfg(feature = "harness")]
    crate::child::warnings::report(crate::record::Warning {
        code: code.into(),
        message: message.into(),
    });
    // Without the harness no case runs, so nothing could read the warning.
    #[cfg(not(feature = "harness"))]
    let _ = (code, message);
}
