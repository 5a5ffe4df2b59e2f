//! JUnit XML, for CI test reports: one suite per harness, one test case per fault case.

use std::collections::BTreeMap;
use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use super::cells;
use crate::errors::Error;
use crate::summary::{CaseResult, Outcome, Summary};

/// The report as an XML document.
pub(crate) fn junit(summary: &Summary) -> Result<String, Error> {
    let mut suites: BTreeMap<String, TestSuite> = BTreeMap::new();
    for case in &summary.cases {
        let suite_name = case
            .harness
            .clone()
            .unwrap_or_else(|| "fault-cases".to_owned());
        suites
            .entry(suite_name.clone())
            .or_insert_with(|| TestSuite::new(suite_name.clone()))
            .add_test_case(test_case(case, &suite_name));
    }
    let mut report = Report::new("cargo-faults");
    report.add_test_suites(suites.into_values());
    if let Some(ms) = summary.duration_ms {
        report.set_time(Duration::from_secs_f64(ms / 1000.0));
    }
    report.to_string().map_err(|err| Error::Render {
        format: "junit",
        reason: err.to_string(),
    })
}

/// One fault case as a JUnit test case: drift and not-run cases are skipped ones, failures carry
/// the explanation.
fn test_case(case: &CaseResult, classname: &str) -> TestCase {
    let message = case
        .full
        .as_ref()
        .and_then(|record| record.observed.message.clone())
        .or_else(|| case.note.clone())
        .unwrap_or_default();
    let mut test_case = TestCase::new(case.case_id.clone(), status(case, message));
    test_case.set_classname(classname);
    if let Some(ms) = case.duration_ms {
        test_case.set_time(Duration::from_secs_f64(ms / 1000.0));
    }
    let mut properties = vec![
        Property::new("name", case.name.clone()),
        Property::new("verdict", cells::verdict(case)),
        Property::new("expected_code", case.expected_code.clone()),
        Property::new("severity", cells::severity(case.severity)),
    ];
    if let Some(code) = &case.observed_code {
        properties.push(Property::new("observed_code", code.clone()));
    }
    if let Some(gate) = &case.gate {
        properties.push(Property::new("gate", cells::gate(gate)));
    }
    if let Some(control) = cells::control(case) {
        properties.push(Property::new("control", control));
    }
    if let Some(why) = case.full.as_ref().and_then(|record| record.drift.clone()) {
        properties.push(Property::new("drift", why));
    }
    test_case.add_properties(properties);
    test_case
}

/// How the case ended, in JUnit's terms, with the message a CI page shows for it.
fn status(case: &CaseResult, message: String) -> TestCaseStatus {
    match case.outcome {
        Outcome::Passed => TestCaseStatus::success(),
        Outcome::NotRun => {
            let mut status = TestCaseStatus::skipped();
            status.set_message(message);
            status
        }
        Outcome::Drift => {
            let mut status = TestCaseStatus::skipped();
            status
                .set_type("drift")
                .set_message(format!("drift: {message}"));
            status
        }
        Outcome::Failed => {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_type(cells::verdict(case))
                .set_message(format!("{}: {message}", cells::verdict(case)))
                .set_description(case.explain());
            status
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::{control_not_derived, control_ran, record, summary};

    /// The `control` property of each test case, by name.
    fn controls(xml: &str) -> Vec<(String, Option<String>)> {
        let mut cases = Vec::new();
        for case in xml.split("<testcase ").skip(1) {
            let name = case.split('"').nth(1).unwrap().to_owned();
            let case = case.split("</testcase>").next().unwrap();
            let control = case
                .split(r#"<property name="control" value=""#)
                .nth(1)
                .map(|rest| rest.split('"').next().unwrap().to_owned());
            cases.push((name, control));
        }
        cases
    }

    #[test]
    fn each_case_says_how_its_control_ended_and_vacuous_fails_like_any_verdict() {
        let run = summary(vec![
            record("a", "refused", control_ran("completed")),
            record("b", "vacuous", control_ran("refused")),
            record("c", "refused", control_not_derived("a sweep")),
            record("d", "refused", json!({})),
        ]);
        let xml = junit(&run).unwrap();
        assert_eq!(
            controls(&xml),
            [
                ("a".to_owned(), Some("completed".to_owned())),
                ("b".to_owned(), Some("refused".to_owned())),
                ("c".to_owned(), Some("not derived: a sweep".to_owned())),
                ("d".to_owned(), None),
            ]
        );
        assert!(
            xml.contains(r#"<failure message="vacuous: refused" type="vacuous">"#),
            "{xml}"
        );
    }
}
