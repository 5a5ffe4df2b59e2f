//! Why a container cannot be built on this machine, in words an operator can act on: the
//! kernel setting that refuses it, and how to change it.

/// The missing dependency a container case reports when `step` failed with `error`.
pub(crate) fn unavailable(step: &str, error: &str) -> String {
    let mut text = format!("a container (Linux namespaces): {step} failed: {error}");
    if let Some(hint) = hint() {
        text.push_str("; ");
        text.push_str(&hint);
    }
    text
}

/// The setting of this machine that refuses unprivileged user namespaces, if one does.
fn hint() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return Some("containers need Linux".to_owned());
    }
    let read = |path: &str| -> Option<String> {
        std::fs::read_to_string(path)
            .ok()
            .map(|value| value.trim().to_owned())
    };
    if read("/proc/sys/user/max_user_namespaces").as_deref() == Some("0") {
        return Some(
            "user.max_user_namespaces is 0; enable them with `sysctl -w user.max_user_namespaces=15000`"
                .to_owned(),
        );
    }
    if read("/proc/sys/kernel/unprivileged_userns_clone").as_deref() == Some("0") {
        return Some(
            "kernel.unprivileged_userns_clone is 0; enable them with `sysctl -w kernel.unprivileged_userns_clone=1`"
                .to_owned(),
        );
    }
    if read("/proc/sys/kernel/apparmor_restrict_unprivileged_userns").as_deref() == Some("1") {
        return Some(
            "kernel.apparmor_restrict_unprivileged_userns is 1; allow them with `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, or an AppArmor profile that grants `userns` to the test binary"
                .to_owned(),
        );
    }
    if read("/proc/sys/user/max_user_namespaces").is_none() {
        return Some("this kernel has no user namespaces (CONFIG_USER_NS)".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_failed_step() {
        let text = unavailable("creating the namespaces", "Operation not permitted");
        assert!(
            text.starts_with("a container (Linux namespaces): creating the namespaces failed: Operation not permitted"),
            "{text}"
        );
    }
}
