//! Failpoint sites registered by [`fail_point!`](crate::fail_point!), and near misses of them.

/// A `fault_runtime::fail_point!` in the code, registered at compile time: the harness knows
/// this failpoint can report whether it fired, even if it is never reached.
#[derive(Debug)]
pub struct FailpointSite {
    /// The failpoint's name.
    pub name: &'static str,
    /// `file!()` of the site.
    pub file: &'static str,
    /// `line!()` of the site.
    pub line: u32,
}

inventory::collect!(FailpointSite);

/// Whether a `fault_runtime::fail_point!` site with this name is linked into this binary.
pub(crate) fn registered(name: &str) -> bool {
    inventory::iter::<FailpointSite>
        .into_iter()
        .any(|site| site.name == name)
}

/// The names of every registered site, each once, sorted.
pub(crate) fn names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = inventory::iter::<FailpointSite>
        .into_iter()
        .map(|site| site.name)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The registered site `name` is most likely a typo of: one or two edits away, and close
/// relative to the name's length, so `ledger.wirte` points to `ledger.write` but
/// `ledger.write.torn` (a site of its own) does not.
pub(crate) fn near_miss(name: &str) -> Option<&'static str> {
    inventory::iter::<FailpointSite>
        .into_iter()
        .map(|site| (strsim::osa_distance(name, site.name), site.name))
        .filter(|(distance, _)| *distance <= 2 && distance * 4 <= name.len())
        .min()
        .map(|(_, site)| site)
}

#[cfg(test)]
mod tests {
    use super::*;

    inventory::submit! {
        FailpointSite { name: "site.test.write", file: file!(), line: line!() }
    }

    #[test]
    fn a_near_miss_is_one_or_two_edits_away() {
        assert!(registered("site.test.write"));
        assert_eq!(near_miss("site.test.wirte"), Some("site.test.write"));
        assert_eq!(near_miss("site.test.writes"), Some("site.test.write"));
        assert_eq!(near_miss("site.test.write.torn"), None);
        assert_eq!(near_miss("other"), None);
    }
}
