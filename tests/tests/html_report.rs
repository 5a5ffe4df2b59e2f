//! `--html PATH`: one self-contained HTML page of a run (and of `cargo faults report DIR...`),
//! written beside the other reports; then the same page in a real browser, headless Chromium,
//! which runs its script: the counts, a failure's explanation, and the filters the URL fragment
//! names, as the rendered DOM has them.
//!
//! The browser test is ignored by default, so `cargo test --workspace` passes where Chromium is
//! not installed; CI installs it and runs this file with `--ignored`. Run with `--ignored` on a
//! machine without Chromium, it fails and says what is missing. Its screenshot stays at
//! `target/html-report/report.png`, to look at.

use std::fs::File;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use faults_tests::{MIXED_CASES, assert_contains, exit_code, project, stderr, workspace_root};

/// How long Chromium may take over one page before the test gives up on it.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

/// Asserts that `page` loads nothing from outside itself: no element with a `src`, `href` or
/// `action`, no address of the web.
fn assert_self_contained(page: &str) {
    for scheme in ["http://", "https://"] {
        assert!(!page.contains(scheme), "{scheme} in the page:\n{page}");
    }
    for attribute in ["src=", "href=", "action=", "url(", "@import"] {
        assert!(
            !page.contains(attribute),
            "{attribute} in the page:\n{page}"
        );
    }
}

#[test]
fn html_path_writes_one_self_contained_page_beside_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.html");
    let mixed = project("mixed");
    let run = mixed.run(&["--no-fail-fast", "--html", file.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    assert_contains(&run.stdout(), "5 cases: 3 passed, 2 failed");
    let page = std::fs::read_to_string(&file).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    for id in MIXED_CASES {
        assert_contains(&page, &format!("data-case=\"{id}\""));
    }
    assert_contains(
        &page,
        "<p class=\"totals failed\">5 cases: 3 passed, 2 failed</p>",
    );
    assert_contains(&page, "<summary>Why mixed-4 failed</summary>");
    assert_contains(&page, "<summary>Why mixed-5 failed</summary>");
    let run_id = run.summary()["run_ids"][0].as_str().unwrap().to_owned();
    assert_contains(&page, &format!("<dt>Runs</dt><dd>{run_id}</dd>"));
    assert_self_contained(&page);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .collect();
    assert_eq!(
        files,
        ["report.html"],
        "written atomically, nothing left beside it"
    );

    let merged = dir.path().join("merged.html");
    let report = mixed.cargo_faults(&[
        "report",
        run.records_arg(),
        "--html",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(exit_code(&report), 1, "{}", stderr(&report));
    let merged = std::fs::read_to_string(&merged).unwrap();
    for id in MIXED_CASES {
        assert_contains(&merged, &format!("data-case=\"{id}\""));
    }
    assert_contains(&merged, "<dt>Invocation</dt><dd>-</dd>");
    assert_self_contained(&merged);
}

/// Headless Chromium: `CHROMIUM`, else `chromium` on `PATH`, else `/usr/bin/chromium`. Its
/// absence fails the test, naming what is missing: this test never passes without a browser.
fn chromium() -> PathBuf {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.is_file())
    });
    std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .or(on_path)
        .or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|path| path.is_file()))
        .unwrap_or_else(|| {
            panic!(
                "Chromium is missing: no `chromium` on PATH, no /usr/bin/chromium, no CHROMIUM \
                 variable. This test renders the HTML report in a real browser; install it \
                 (Debian: `apt-get install -y chromium`, as .ci/run does) or set CHROMIUM to \
                 its path"
            )
        })
}

/// Runs headless Chromium on `url` with `args` (`--dump-dom`, `--screenshot=…`), as root and
/// offline, in a fresh profile; returns its stdout. Fails on a non-zero exit or past
/// [`BROWSER_TIMEOUT`], with what it printed.
fn browse(browser: &Path, args: &[&str], url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = tempfile::NamedTempFile::new().unwrap();
    let err = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(File::create(out.path()).unwrap())
        .stderr(File::create(err.path()).unwrap())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", browser.display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            // The whole group, Chromium's helper processes too; kill(2) on a group we started
            // touches nothing else.
            let group = i32::try_from(child.id()).expect("a pid fits an i32");
            unsafe { libc::kill(-group, libc::SIGKILL) };
            let _ = child.wait();
            panic!(
                "Chromium did not finish {url} within {BROWSER_TIMEOUT:?}:\n{}",
                std::fs::read_to_string(err.path()).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = std::fs::read_to_string(out.path()).unwrap();
    assert!(
        status.success(),
        "Chromium failed on {url} ({status}):\n{}",
        std::fs::read_to_string(err.path()).unwrap_or_default()
    );
    stdout
}

/// The DOM of `url` after its script ran.
fn rendered(browser: &Path, url: &str) -> String {
    let dom = browse(browser, &["--dump-dom", "--virtual-time-budget=2000"], url);
    assert!(
        dom.contains("id=\"cases\""),
        "no case table in the DOM of {url}:\n{dom}"
    );
    dom
}

/// The ids of the cases the DOM shows, and of those it hides, from each case's `tbody`.
fn shown_and_hidden(dom: &str) -> (Vec<String>, Vec<String>) {
    let mut shown = Vec::new();
    let mut hidden = Vec::new();
    for body in dom.split("<tbody class=\"case\"").skip(1) {
        let tag = body.split('>').next().unwrap();
        let id = tag
            .split("data-case=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("a case without data-case: {tag}"))
            .to_owned();
        if tag.contains(" hidden") {
            hidden.push(id);
        } else {
            shown.push(id);
        }
    }
    (shown, hidden)
}

/// The count of shown cases the DOM displays, and the one its table carries.
fn counts(dom: &str) -> (String, String) {
    let between = |start: &str, end: char| {
        dom.split(start)
            .nth(1)
            .and_then(|rest| rest.split(end).next())
            .unwrap_or_else(|| panic!("no {start} in the DOM:\n{dom}"))
            .to_owned()
    };
    (
        between("<span id=\"shown-count\">", '<'),
        between("data-shown-count=\"", '"'),
    )
}

#[test]
#[ignore = "needs Chromium (apt-get install -y chromium): .ci/run installs it and runs this with --ignored"]
fn chromium_renders_the_report_and_its_fragment_filters() {
    let browser = chromium();
    let dir = workspace_root().join("target/html-report");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.html");
    let run = project("mixed").run(&["--no-fail-fast", "--html", file.to_str().unwrap()]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let url = format!("file://{}", file.display());

    let screenshot = dir.join("report.png");
    let _ = std::fs::remove_file(&screenshot);
    browse(
        &browser,
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,1000",
        ],
        &url,
    );
    let png = std::fs::read(&screenshot).expect("Chromium wrote the screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "the screenshot is a PNG");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 1000));
    assert!(
        png.len() > 20_000,
        "a near-empty screenshot: {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", screenshot.display());

    let all = rendered(&browser, &url);
    assert_eq!(
        shown_and_hidden(&all),
        (MIXED_CASES.map(String::from).to_vec(), vec![])
    );
    assert_eq!(counts(&all), ("5".to_owned(), "5".to_owned()));
    assert!(
        all.contains("<form id=\"filters\" class=\"filters\">"),
        "the script shows the filters:\n{all}"
    );
    assert_contains(&all, "5 cases: 3 passed, 2 failed");
    let explanation = all
        .split("<summary>Why mixed-5 failed</summary><pre>")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| panic!("no explanation of mixed-5 in the DOM:\n{all}"));
    for line in [
        "verdict:  wrong_code",
        "case:     mixed-5",
        "TIMEOUT",
        "RETRY",
    ] {
        assert_contains(explanation, line);
    }

    for (fragment, expected) in [
        ("#verdict=wrong_code", vec!["mixed-5"]),
        ("#verdict=silent_acceptance", vec!["mixed-4"]),
        ("#category=execution&tag=limits", vec!["mixed-4", "mixed-5"]),
        ("#gate=STARTUP", vec!["mixed-2"]),
        ("#verdict=refused&tag=limits", vec![]),
    ] {
        let dom = rendered(&browser, &format!("{url}{fragment}"));
        let (shown, hidden) = shown_and_hidden(&dom);
        assert_eq!(shown, expected, "{fragment}");
        assert_eq!(shown.len() + hidden.len(), MIXED_CASES.len(), "{fragment}");
        let count = expected.len().to_string();
        assert_eq!(counts(&dom), (count.clone(), count), "{fragment}");
    }

    // Choosing a filter rewrites the fragment: a page that chooses one and notes the fragment.
    let page = std::fs::read_to_string(&file).unwrap();
    let chooses = dir.join("chooses.html");
    std::fs::write(
        &chooses,
        format!(
            "{page}<script>\
             const select = document.querySelector('select[name=verdict]');\
             select.value = 'silent_acceptance';\
             select.dispatchEvent(new Event('change', {{bubbles: true}}));\
             document.body.dataset.fragment = location.hash;\
             </script>"
        ),
    )
    .unwrap();
    let dom = rendered(
        &browser,
        &format!("file://{}#tag=limits", chooses.display()),
    );
    assert_contains(
        &dom,
        "data-fragment=\"#verdict=silent_acceptance&amp;tag=limits\"",
    );
    assert_eq!(shown_and_hidden(&dom).0, ["mixed-4"]);
    assert_eq!(counts(&dom), ("1".to_owned(), "1".to_owned()));
}
