//! Choosing cases: name filters, gate, category, severity, tag, `#[ignore]` and partition.

use fault_runtime::listing::ListedCase;
use fault_runtime::listing::natural_order;
use fault_runtime::record::Category;
use fault_runtime::{Gate, Severity};

use super::harness::Harness;
use super::partition::Partition;
use crate::errors::Error;

/// Which cases to take, as the user wrote the filters: each non-empty list keeps the cases
/// matching any of its entries, and a case must pass every list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filters {
    /// Substrings of a case's id or name.
    pub(crate) names: Vec<String>,
    /// Declared gates: a number or a label.
    pub(crate) gates: Vec<String>,
    /// Categories: a known name or `custom:<label>`; checked when the selection is made.
    pub(crate) categories: Vec<String>,
    /// Severities.
    pub(crate) severities: Vec<Severity>,
    /// Tags.
    pub(crate) tags: Vec<String>,
    /// Also take cases marked `#[ignore]`.
    pub(crate) include_ignored: bool,
    /// Only this shard of the sorted selection.
    pub(crate) partition: Option<Partition>,
}

/// The cases to run, per harness, in id order.
#[derive(Debug)]
pub(crate) struct Selection {
    /// Each harness with its selected cases; harnesses with none are dropped.
    pub(crate) harnesses: Vec<(Harness, Vec<ListedCase>)>,
}

impl Selection {
    /// Every selected case with its harness, in id order.
    pub(crate) fn cases(&self) -> impl Iterator<Item = (&Harness, &ListedCase)> {
        self.harnesses
            .iter()
            .flat_map(|(harness, cases)| cases.iter().map(move |case| (harness, case)))
    }

    /// Keeps only the cases `keep` accepts; harnesses left without one are dropped.
    pub(crate) fn retain(&mut self, keep: impl Fn(&Harness, &ListedCase) -> bool) {
        for (harness, cases) in &mut self.harnesses {
            cases.retain(|case| keep(harness, case));
        }
        self.harnesses.retain(|(_, cases)| !cases.is_empty());
    }

    /// How many cases were selected.
    pub(crate) fn len(&self) -> usize {
        self.harnesses.iter().map(|(_, cases)| cases.len()).sum()
    }
}

/// Applies the filters; selecting nothing is an error (exit 4), never an empty green run.
pub(crate) fn select(harnesses: Vec<Harness>, filter: &Filters) -> Result<Selection, Error> {
    validate(filter)?;
    let available: usize = harnesses.iter().map(|h| h.cases.len()).sum();
    let harness_count = harnesses.len();
    let mut matching: Vec<(usize, ListedCase)> = harnesses
        .iter()
        .enumerate()
        .flat_map(|(index, harness)| harness.cases.iter().map(move |case| (index, case)))
        .filter(|(_, case)| matches(case, filter))
        .map(|(index, case)| (index, case.clone()))
        .collect();
    matching.sort_by(|a, b| natural_order(&a.1.case_id, &b.1.case_id));
    if let Some(partition) = &filter.partition {
        matching = matching
            .into_iter()
            .enumerate()
            .filter(|(position, (_, case))| partition.contains(&case.case_id, *position))
            .map(|(_, selected)| selected)
            .collect();
    }
    if matching.is_empty() {
        return Err(Error::NoCases {
            detail: no_cases_detail(available, harness_count, filter),
        });
    }
    let mut grouped: Vec<(Harness, Vec<ListedCase>)> = harnesses
        .into_iter()
        .map(|harness| (harness, Vec::new()))
        .collect();
    for (index, case) in matching {
        grouped[index].1.push(case);
    }
    grouped.retain(|(_, cases)| !cases.is_empty());
    Ok(Selection { harnesses: grouped })
}

/// Rejects a category no case can have: a typo would otherwise select nothing, silently.
fn validate(filter: &Filters) -> Result<(), Error> {
    for category in &filter.categories {
        let custom = category
            .strip_prefix("custom:")
            .is_some_and(|label| !label.is_empty());
        if !custom && !Category::NAMES.contains(&category.as_str()) {
            return Err(Error::Filter(format!(
                "unknown category `{category}` (valid: {}, or `custom:<label>`)",
                Category::NAMES.join(", ")
            )));
        }
    }
    Ok(())
}

/// Whether the case passes every filter.
fn matches(case: &ListedCase, filter: &Filters) -> bool {
    let name_ok = filter.names.is_empty()
        || filter
            .names
            .iter()
            .any(|name| case.case_id.contains(name) || case.name.contains(name));
    let gate_ok = filter.gates.is_empty()
        || filter.gates.iter().any(|gate| {
            let wanted = gate
                .parse::<u32>()
                .map_or_else(|_| Gate::from(gate.clone()), Gate::Number);
            case.gate
                .as_ref()
                .is_some_and(|declared| declared.matches(&wanted))
        });
    let category_ok = filter.categories.is_empty()
        || filter.categories.iter().any(|category| {
            case.category
                .as_ref()
                .is_some_and(|c| c.name() == *category)
        });
    let severity_ok = filter.severities.is_empty() || filter.severities.contains(&case.severity);
    let tag_ok = filter.tags.is_empty() || filter.tags.iter().any(|tag| case.tags.contains(tag));
    let ignore_ok = filter.include_ignored || !case.ignored;
    name_ok && gate_ok && category_ok && severity_ok && tag_ok && ignore_ok
}

/// Why nothing was selected: no harness, harnesses without cases, or filters that matched none.
fn no_cases_detail(available: usize, harnesses: usize, filter: &Filters) -> String {
    if harnesses == 0 {
        return ": no fault harness was found among the test targets\n(hint: a fault harness is a \
                `[[test]]` target with `harness = false` whose file calls `fault_runtime::main!()`)"
            .to_owned();
    }
    if available == 0 {
        return format!(
            ": {harnesses} fault harness(es) hold no cases\n(hint: link the crate that defines the cases into the harness, e.g. `use my_crate as _;`)"
        );
    }
    format!(
        ": none of {available} case(s) in {harnesses} harness(es) passed the filters{}",
        describe(filter)
    )
}

/// The filters as the user wrote them, for error messages.
fn describe(filter: &Filters) -> String {
    let mut parts: Vec<String> = filter.names.iter().map(|n| format!("`{n}`")).collect();
    let options = [
        ("--gate", &filter.gates),
        ("--category", &filter.categories),
        ("--tag", &filter.tags),
    ];
    for (flag, values) in options {
        parts.extend(values.iter().map(|v| format!("{flag} {v}")));
    }
    parts.extend(filter.severities.iter().map(|s| format!("--severity {s}")));
    if let Some(partition) = &filter.partition {
        parts.push(format!("--partition {partition}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(id: &str, gate: Option<Gate>, category: &str, tags: &[&str]) -> ListedCase {
        ListedCase {
            case_id: id.into(),
            name: format!("name of {id}"),
            expect: "CODE".into(),
            expect_also: Vec::new(),
            gate,
            halt: true,
            rollback: false,
            severity: Severity::Error,
            category: Some(category.parse().expect("a valid category")),
            fault: None,
            recovery: None,
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ignored: false,
            file: "src/lib.rs".into(),
            line: 1,
            timeout_ms: 60_000,
            hide: Vec::new(),
            requires: Vec::new(),
            failpoints: Vec::new(),
            memory_limit: None,
            open_files: None,
            rollback_kind: None,
            repeat: None,
            drift: None,
            drift_verdict: None,
            drift_until: None,
            drift_issue: None,
            attempts: None,
            is_async: false,
            paused_time: false,
            isolation: None,
            env_pass: Vec::new(),
            syscalls: Vec::new(),
            sweep: None,
            control: None,
        }
    }

    fn cases() -> Vec<ListedCase> {
        vec![
            case(
                "fault-1",
                Some(Gate::Number(4)),
                "validation",
                &["adapters"],
            ),
            case(
                "fault-3",
                Some(Gate::label("STARTUP")),
                "configuration",
                &["startup"],
            ),
            case("fault-5", Some(Gate::Number(4)), "boundary", &[]),
        ]
    }

    fn ids(filter: &Filters) -> Vec<String> {
        cases()
            .into_iter()
            .filter(|c| matches(c, filter))
            .map(|c| c.case_id)
            .collect()
    }

    #[test]
    fn each_filter_narrows_the_cases() {
        let by_gate = Filters {
            gates: vec!["4".into()],
            ..Default::default()
        };
        assert_eq!(ids(&by_gate), ["fault-1", "fault-5"]);
        let by_label = Filters {
            gates: vec!["STARTUP".into()],
            ..Default::default()
        };
        assert_eq!(ids(&by_label), ["fault-3"]);
        let by_category = Filters {
            categories: vec!["boundary".into()],
            ..Default::default()
        };
        assert_eq!(ids(&by_category), ["fault-5"]);
        let by_tag = Filters {
            tags: vec!["startup".into(), "adapters".into()],
            ..Default::default()
        };
        assert_eq!(ids(&by_tag), ["fault-1", "fault-3"]);
        let by_name = Filters {
            names: vec!["name of fault-5".into()],
            ..Default::default()
        };
        assert_eq!(ids(&by_name), ["fault-5"]);
        let by_severity = Filters {
            severities: vec![Severity::Critical],
            ..Default::default()
        };
        assert!(ids(&by_severity).is_empty());
    }

    #[test]
    fn an_unknown_category_is_an_error_not_an_empty_run() {
        let filter = Filters {
            categories: vec!["validaton".into()],
            ..Default::default()
        };
        let err = validate(&filter).unwrap_err().to_string();
        assert!(err.contains("unknown category `validaton`"), "{err}");
        let custom = Filters {
            categories: vec!["custom:storage".into()],
            ..Default::default()
        };
        assert!(validate(&custom).is_ok());
    }
}
