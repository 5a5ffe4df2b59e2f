//! One self-contained HTML page, for people who open a CI artifact in a browser: the run, the
//! totals, the case table coloured by outcome with each failure's explanation under its row,
//! and filters by verdict, category, gate and tag whose state is the URL fragment
//! (`report.html#verdict=wrong_code`), so a link shows the view it names.
//!
//! The page references nothing outside itself: its style and its script are inline, and its
//! Content-Security-Policy forbids loading anything else. Every value in it is escaped
//! ([`escape`]); the cell texts come from [`cells`](super::cells), as in every other view.

use std::collections::BTreeMap;
use std::fmt::Write;

use fault_runtime::listing::natural_order;

use super::cells::{
    SUMMARY_HEADERS, TOTALS_HEADERS, category, control_lines, declared_gate, duration, failed_ids,
    summary_row, totals_line, totals_row, verdict,
};
use crate::summary::{CaseResult, Outcome, Summary};

/// The page's stylesheet, inlined.
const STYLE: &str = include_str!("html/report.css");

/// The page's filter script, inlined.
const SCRIPT: &str = include_str!("html/filters.js");

/// What the page may load: nothing but its own inline style and script.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'";

/// The filters, each as its fragment key and its label. The keys are the ones the script
/// knows and the `data-` attributes of each case; the labels are the summary's headers.
const FILTERS: [(&str, &str); 4] = [
    ("verdict", SUMMARY_HEADERS[7]),
    ("category", SUMMARY_HEADERS[2]),
    ("gate", SUMMARY_HEADERS[3]),
    ("tag", "Tag"),
];

/// The report as one HTML document.
pub(crate) fn html(summary: &Summary) -> String {
    let mut page = String::new();
    let title = format!("Fault cases: {}", summary.run_ids.join(", "));
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>Fault cases</h1>\n",
        escape(CONTENT_SECURITY_POLICY),
        escape(&title),
    );
    run(&mut page, summary);
    totals(&mut page, summary);
    filters(&mut page, summary);
    cases(&mut page, summary);
    by_verdict(&mut page, summary);
    let _ = write!(page, "<script>\n{SCRIPT}</script>\n</body>\n</html>\n");
    page
}

/// What the run was: its ids, its invocation, when it started and finished, how long it took
/// (`-` for what merged runs do not have).
fn run(page: &mut String, summary: &Summary) {
    let or_dash = |value: Option<&str>| value.unwrap_or("-").to_owned();
    let facts = [
        ("Runs", summary.run_ids.join(", ")),
        ("Invocation", or_dash(summary.invocation_id.as_deref())),
        ("Started", or_dash(summary.started_at.as_deref())),
        ("Finished", or_dash(summary.finished_at.as_deref())),
        (
            "Duration",
            summary.duration_ms.map_or_else(|| "-".to_owned(), duration),
        ),
    ];
    page.push_str("<dl class=\"run\">\n");
    for (label, value) in facts {
        let _ = writeln!(page, "<dt>{label}</dt><dd>{}</dd>", escape(&value));
    }
    page.push_str("</dl>\n");
}

/// The cases without a control, the totals line in the colour of how the run ended, and the
/// ids of what did not pass.
fn totals(page: &mut String, summary: &Summary) {
    for line in control_lines(summary) {
        let _ = writeln!(page, "<p class=\"note\">{}</p>", escape(&line));
    }
    let ended = if summary.passed() {
        Outcome::Passed
    } else {
        Outcome::Failed
    };
    let _ = writeln!(
        page,
        "<p class=\"totals {}\">{}</p>",
        outcome_class(ended),
        escape(&totals_line(summary))
    );
    if let Some(ids) = failed_ids(summary) {
        let _ = writeln!(page, "<p class=\"failed-ids\">{}</p>", escape(&ids));
    }
}

/// The filter form (hidden until the script runs, as only the script can apply it) and the
/// count of the cases shown.
fn filters(page: &mut String, summary: &Summary) {
    page.push_str("<form id=\"filters\" class=\"filters\" hidden>\n");
    for (key, label) in FILTERS {
        let _ = write!(
            page,
            "<label>{}<select name=\"{key}\"><option value=\"\">all</option>",
            escape(label)
        );
        for (value, count) in values(summary, key) {
            let _ = write!(
                page,
                "<option value=\"{0}\">{0} ({count})</option>",
                escape(&value)
            );
        }
        page.push_str("</select></label>\n");
    }
    page.push_str("</form>\n");
    let total = summary.cases.len();
    let _ = writeln!(
        page,
        "<p class=\"shown\"><span id=\"shown-count\">{total}</span> of {total} case{} shown</p>",
        if total == 1 { "" } else { "s" }
    );
}

/// Every value the cases have for filter `key`, with how many cases have it, in natural order
/// (gate 4 before gate 10).
fn values(summary: &Summary, key: &str) -> Vec<(String, usize)> {
    let mut values = BTreeMap::new();
    for case in &summary.cases {
        let facets = Facets::of(case);
        let of_case = match key {
            "verdict" => vec![facets.verdict],
            "category" => vec![facets.category],
            "gate" => vec![facets.gate],
            _ => facets.tags,
        };
        for value in of_case {
            *values.entry(value).or_default() += 1;
        }
    }
    let mut values: Vec<(String, usize)> = values.into_iter().collect();
    values.sort_by(|(a, _), (b, _)| natural_order(a, b));
    values
}

/// What the filters match a case by.
struct Facets {
    /// Its verdict's name (`wrong_code`, `not run`), without the Verdict cell's marks.
    verdict: String,
    /// Its category, `-` for none.
    category: String,
    /// Its declared gate, `-` for none, without the Gate cell's `(unverified)`.
    gate: String,
    /// Its tags, from its record: a case without one has none.
    tags: Vec<String>,
}

impl Facets {
    /// The facets of `case`.
    fn of(case: &CaseResult) -> Self {
        Facets {
            verdict: verdict(case).to_owned(),
            category: category(case.category.as_ref()),
            gate: declared_gate(case),
            tags: case
                .full
                .as_ref()
                .map(|record| record.tags.clone())
                .unwrap_or_default(),
        }
    }
}

/// The case table: one `tbody` per case, carrying the filters' data attributes, with its row
/// and, for a failure, its explanation.
fn cases(page: &mut String, summary: &Summary) {
    let _ = write!(
        page,
        "<table id=\"cases\" data-shown-count=\"{}\">\n<thead><tr>",
        summary.cases.len()
    );
    for header in SUMMARY_HEADERS {
        let _ = write!(page, "<th>{}</th>", escape(header));
    }
    page.push_str("</tr></thead>\n");
    for case in &summary.cases {
        case_body(page, case);
    }
    page.push_str("</table>\n");
}

/// One case's `tbody`.
fn case_body(page: &mut String, case: &CaseResult) {
    let facets = Facets::of(case);
    let outcome = outcome_class(case.outcome);
    let _ = write!(
        page,
        "<tbody class=\"case\" data-case=\"{}\" data-outcome=\"{outcome}\" \
         data-verdict=\"{}\" data-category=\"{}\" data-gate=\"{}\" data-tags=\"{}\">\n\
         <tr class=\"row {outcome}\">",
        escape(&case.case_id),
        escape(&facets.verdict),
        escape(&facets.category),
        escape(&facets.gate),
        escape(&facets.tags.join("\n")),
    );
    for (header, cell) in SUMMARY_HEADERS.iter().zip(summary_row(case)) {
        match cell_class(header) {
            Some(class) => {
                let _ = write!(page, "<td class=\"{class}\">{}</td>", escape(&cell));
            }
            None => {
                let _ = write!(page, "<td>{}</td>", escape(&cell));
            }
        }
    }
    page.push_str("</tr>\n");
    if case.outcome == Outcome::Failed {
        let _ = writeln!(
            page,
            "<tr class=\"explanation\"><td colspan=\"{}\"><details open>\
             <summary>Why {} failed</summary><pre>{}</pre></details></td></tr>",
            SUMMARY_HEADERS.len(),
            escape(&case.case_id),
            escape(case.explain().trim_end()),
        );
    }
    page.push_str("</tbody>\n");
}

/// The class of a column's cells that the stylesheet sets apart.
fn cell_class(header: &str) -> Option<&'static str> {
    match header {
        "Fault ID" => Some("id"),
        "Verdict" => Some("verdict"),
        "Time" => Some("time"),
        _ => None,
    }
}

/// The totals by verdict, each coloured by how its cases ended.
fn by_verdict(page: &mut String, summary: &Summary) {
    page.push_str("<h2>By verdict</h2>\n<table class=\"totals\">\n<thead><tr>");
    for header in TOTALS_HEADERS {
        let _ = write!(page, "<th>{}</th>", escape(header));
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for (label, count) in &summary.totals.by_verdict {
        let class = summary.outcome_of_verdict(label).map_or("", outcome_class);
        let [label, count] = totals_row(label, *count);
        let _ = writeln!(
            page,
            "<tr class=\"row {class}\"><td class=\"verdict\">{}</td>\
             <td class=\"count\">{}</td></tr>",
            escape(&label),
            escape(&count)
        );
    }
    page.push_str("</tbody>\n</table>\n");
}

/// The class of an outcome, which the stylesheet colours: green, red, or yellow for drift and
/// cases not run.
fn outcome_class(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Passed => "passed",
        Outcome::Failed => "failed",
        Outcome::Drift => "drift",
        Outcome::NotRun => "not_run",
    }
}

/// `text` as HTML text or a quoted attribute value: `&`, `<`, `>` and both quotes escaped.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::testing::{record, result, summary};

    /// A run of three cases: one refused, one `wrong_code`, one `silent_acceptance`, tagged.
    fn mixed() -> Summary {
        summary(vec![
            record("a-1", "refused", json!({"tags": ["startup"]})),
            record("a-2", "wrong_code", json!({"tags": ["limits", "slow"]})),
            record("a-3", "silent_acceptance", json!({"category": "execution"})),
        ])
    }

    /// The opening tag of every element of `page`, lowercased: with every value escaped, each
    /// `<` outside the script starts one.
    fn tags(page: &str) -> Vec<String> {
        let (markup, script) = page
            .split_once("<script>")
            .expect("the page has its script");
        let after = script.split_once("</script>").expect("the script ends").1;
        [markup, after]
            .iter()
            .flat_map(|part| part.split('<').skip(1))
            .map(|tag| tag.split('>').next().unwrap_or_default().to_lowercase())
            .collect()
    }

    #[test]
    fn escapes_every_character_that_means_something_in_html() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
        assert_eq!(escape("plain text, 8 ms"), "plain text, 8 ms");
    }

    #[test]
    fn values_cannot_make_markup() {
        let mut hostile = record(
            r#"x<b>&"1'"#,
            "wrong_code",
            json!({
                "tags": ["<i>tag</i>", "a\"b"],
                "observed": {
                    "code": "OTHER",
                    "message": "</pre><img src=x onerror=alert(1)> see https://example.com/x",
                    "gate": 2, "gate_verified": true, "exit_code": 0, "signal": null
                },
            }),
        );
        hostile.name = "<script>alert('name')</script> & more".to_owned();
        let page = html(&summary(vec![hostile]));
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(!page.contains("<img"), "{page}");
        assert!(!page.contains("<b>"), "{page}");
        assert!(
            page.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; &amp; more"),
            "{page}"
        );
        assert!(
            page.contains(r#"data-case="x&lt;b&gt;&amp;&quot;1&#39;""#),
            "{page}"
        );
        assert!(
            page.contains("data-tags=\"&lt;i&gt;tag&lt;/i&gt;\na&quot;b\""),
            "{page}"
        );
        assert!(
            page.contains("&lt;/pre&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{page}"
        );
        for tag in tags(&page) {
            for attribute in [" src=", " href=", " onerror=", " action="] {
                assert!(!tag.contains(attribute), "<{tag}> in\n{page}");
            }
        }
    }

    #[test]
    fn every_case_has_its_row_of_summary_cells_and_its_filter_attributes() {
        let run = mixed();
        let page = html(&run);
        for case in &run.cases {
            let row: String = summary_row(case)
                .iter()
                .zip(SUMMARY_HEADERS)
                .map(|(cell, header)| match cell_class(header) {
                    Some(class) => format!("<td class=\"{class}\">{}</td>", escape(cell)),
                    None => format!("<td>{}</td>", escape(cell)),
                })
                .collect();
            assert!(page.contains(&row), "{row} not in\n{page}");
        }
        assert_eq!(page.matches("<tbody class=\"case\"").count(), 3);
        assert!(
            page.contains(
                "data-case=\"a-2\" data-outcome=\"failed\" data-verdict=\"wrong_code\" \
                 data-category=\"validation\" data-gate=\"2\" data-tags=\"limits\nslow\""
            ),
            "{page}"
        );
        assert!(page.contains("<tr class=\"row passed\"><td class=\"id\">a-1</td>"));
        assert!(page.contains("<tr class=\"row failed\"><td class=\"id\">a-3</td>"));
        assert!(page.contains(&format!(
            "<p class=\"totals failed\">{}</p>",
            totals_line(&run)
        )));
        assert!(page.contains("<p class=\"failed-ids\">failed: a-2, a-3</p>"));
        assert!(page.contains("<span id=\"shown-count\">3</span> of 3 cases shown"));
        assert!(page.contains("<table id=\"cases\" data-shown-count=\"3\">"));
        assert!(page.contains("<option value=\"wrong_code\">wrong_code (1)</option>"));
        assert!(page.contains("<option value=\"execution\">execution (1)</option>"));
        assert!(page.contains("<option value=\"limits\">limits (1)</option>"));
        assert!(page.contains("<option value=\"2\">2 (3)</option>"));
        let mut gates = mixed();
        gates.cases[0].gate = Some(fault_runtime::Gate::Number(10));
        let page = html(&gates);
        assert!(
            page.contains("<option value=\"2\">2 (2)</option><option value=\"10\">10 (1)</option>"),
            "{page}"
        );
        for header in SUMMARY_HEADERS {
            assert!(page.contains(&format!("<th>{header}</th>")), "{header}");
        }
    }

    #[test]
    fn each_failure_is_explained_under_its_row_and_nothing_else_is() {
        let run = mixed();
        let page = html(&run);
        for case in run.failures() {
            let explanation = escape(case.explain().trim_end());
            assert!(explanation.contains("verdict:"), "{explanation}");
            assert!(
                page.contains(&format!(
                    "<summary>Why {} failed</summary><pre>{explanation}</pre>",
                    case.case_id
                )),
                "{page}"
            );
        }
        assert_eq!(page.matches("<tr class=\"explanation\">").count(), 2);
    }

    #[test]
    fn the_page_references_nothing_outside_itself() {
        let page = html(&mixed());
        assert!(
            !page.contains("http:") && !page.contains("https:"),
            "{page}"
        );
        assert!(
            !page.contains("url(") && !page.contains("@import"),
            "{page}"
        );
        for tag in tags(&page) {
            for attribute in ["src=", "href=", "action=", "srcset=", "poster="] {
                assert!(!tag.contains(attribute), "<{tag}>");
            }
            let element = tag.split([' ', '\n']).next().unwrap_or_default();
            assert!(
                !["link", "img", "iframe", "object", "embed", "base", "a"].contains(&element),
                "<{tag}>"
            );
        }
        assert_eq!(page.matches("<script>").count(), 1);
        assert_eq!(page.matches("<style>").count(), 1);
        assert!(page.contains("Content-Security-Policy\" content=\"default-src &#39;none&#39;;"));
        for forbidden in ["fetch(", "XMLHttpRequest", "import(", "WebSocket", "<"] {
            assert!(!SCRIPT.contains(forbidden), "the script has {forbidden}");
        }
    }

    #[test]
    fn a_merged_run_shows_what_it_lacks_as_a_dash_and_not_run_cases_in_yellow() {
        let mut skipped = result(record("b-2", "refused", json!({})));
        skipped.outcome = Outcome::NotRun;
        skipped.verdict = None;
        skipped.full = None;
        skipped.duration_ms = None;
        let run = Summary::new(
            vec!["run-1".to_owned(), "run-2".to_owned()],
            vec![result(record("b-1", "drift", json!({}))), skipped],
        );
        let page = html(&run);
        assert!(
            page.contains("<dt>Runs</dt><dd>run-1, run-2</dd>"),
            "{page}"
        );
        assert!(page.contains("<dt>Invocation</dt><dd>-</dd>"), "{page}");
        assert!(page.contains("<dt>Duration</dt><dd>-</dd>"), "{page}");
        assert!(page.contains("<tr class=\"row drift\">"), "{page}");
        assert!(page.contains("data-verdict=\"not run\""), "{page}");
        assert!(page.contains("<tr class=\"row not_run\">"), "{page}");
        assert!(page.contains("<option value=\"not run\">not run (1)</option>"));
    }

    #[test]
    fn a_run_shows_its_ids_times_and_duration() {
        let mut run = mixed();
        run.invocation_id = Some("inv-7".to_owned());
        run.started_at = Some("2026-01-01T00:00:00Z".to_owned());
        run.finished_at = Some("2026-01-01T00:00:02Z".to_owned());
        run.duration_ms = Some(2040.0);
        let page = html(&run);
        for fact in [
            "<dt>Runs</dt><dd>run-1</dd>",
            "<dt>Invocation</dt><dd>inv-7</dd>",
            "<dt>Started</dt><dd>2026-01-01T00:00:00Z</dd>",
            "<dt>Finished</dt><dd>2026-01-01T00:00:02Z</dd>",
            "<dt>Duration</dt><dd>2.04 s</dd>",
        ] {
            assert!(page.contains(fact), "{fact} not in\n{page}");
        }
        assert!(page.contains("<td class=\"time\">8 ms</td>"), "{page}");
    }
}
