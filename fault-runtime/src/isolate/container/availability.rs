//! Why a container cannot be built on this machine, in words an operator can act on: the
//! kernel setting that refuses it, and how to change it.

/// The missing dependency a container case reports when `step` failed with `error`.
pub(crate) fn unavailable(step: &str, error: &str) -> String {
    let mut text = format!("a container (Linux namespaces): {step} failed: {error}");
    let hint = if step.starts_with(OVERLAY_STEP) {
        Some(overlay_hint())
    } else {
        hint()
    };
    if let Some(hint) = hint {
        text.push_str("; ");
        text.push_str(&hint);
    }
    text
}

/// How the step that mounts an overlay begins, so its failure is explained as one.
pub(crate) const OVERLAY_STEP: &str = "mounting a copy-on-write view";

/// Why an overlay may fail in a user namespace.
fn overlay_hint() -> String {
    let release = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "overlayfs in a user namespace needs Linux 5.11 or later (this kernel is {}), and a lower directory overlayfs accepts",
        release.trim()
    )
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
    fn an_overlay_that_fails_is_explained_as_one() {
        let text = unavailable(
            &format!("{OVERLAY_STEP} of /usr"),
            "Operation not permitted",
        );
        assert!(
            text.contains("overlayfs in a user namespace needs Linux 5.11 or later"),
            "{text}"
        );
    }

    #[test]
    fn names_the_failed_step() {
        let text = unavailable("creating the namespaces", "Operation not permitted");
        assert!(
            text.starts_with("a container (Linux namespaces): creating the namespaces failed: Operation not permitted"),
            "{text}"
        );
    }
}
