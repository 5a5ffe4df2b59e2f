//! The example GitHub Actions workflow, `examples/ci/github-actions.yml`, works when copied: it
//! is YAML of the shape GitHub reads (`jobs`, each with `runs-on` and `steps`), every
//! `cargo faults` line of its `run:` scripts names a subcommand and flags that the in-tree
//! `cargo faults` shows in its help, every action is pinned to a version, and the shard matrix
//! numbers the shards 1 to N, the N of its `--partition` and of the report's `{1..N}`, with
//! one `FAULTS_RUN_ID` for them all.
//!
//! The README's excerpt of the workflow is held to the same CLI and shards. The checks are
//! functions of the YAML and the CLI's help, so the last tests run them on small inline
//! workflows with a mistake each, proving each check can fail.

use std::cell::RefCell;
use std::collections::BTreeMap;

use faults_tests::{cargo_faults, exit_code, stderr, stdout, workspace_root};
use yaml_rust2::{Yaml, YamlLoader};

/// The workflow, from the workspace root.
const WORKFLOW: &str = "examples/ci/github-actions.yml";

/// The in-tree `cargo faults` as its `--help` describes it, asked once per subcommand.
#[derive(Default)]
struct Cli {
    /// Help text by subcommand (`None`: `cargo faults --help`, the run command).
    helps: RefCell<BTreeMap<Option<String>, String>>,
}

impl Cli {
    /// The help of `cargo faults [subcommand] --help`.
    fn help(&self, subcommand: Option<&str>) -> String {
        let key = subcommand.map(str::to_owned);
        self.helps
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| {
                let args: Vec<&str> = subcommand.into_iter().chain(["--help"]).collect();
                let output = cargo_faults(&args);
                assert_eq!(
                    exit_code(&output),
                    0,
                    "cargo faults {}: {}",
                    args.join(" "),
                    stderr(&output)
                );
                plain(&stdout(&output))
            })
            .clone()
    }

    /// The subcommands `cargo faults --help` lists under `Commands:`.
    fn subcommands(&self) -> Vec<String> {
        self.help(None)
            .lines()
            .skip_while(|line| line.trim() != "Commands:")
            .skip(1)
            .take_while(|line| !line.trim().is_empty())
            // A command's line is indented by two; its wrapped description further.
            .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
            .filter_map(|line| line.split_whitespace().next())
            .filter(|name| *name != "help")
            .map(str::to_owned)
            .collect()
    }

    /// The options `cargo faults [subcommand] --help` defines, long and short (`--junit`,
    /// `-q`): the words that open an option's line, not those its description mentions.
    fn options(&self, subcommand: Option<&str>) -> Vec<String> {
        let mut options = Vec::new();
        for line in self.help(subcommand).lines() {
            let indent = line.len() - line.trim_start().len();
            if !(2..=6).contains(&indent) || !line.trim_start().starts_with('-') {
                continue;
            }
            for word in line.split_whitespace() {
                let word = word.trim_end_matches(',');
                if !word.starts_with('-') {
                    break;
                }
                options.push(word.to_owned());
            }
        }
        options
    }
}

/// `text` without its ANSI escape sequences: clap styles the help when `CLICOLOR_FORCE` is set.
fn plain(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters, ended by a letter.
            chars.find(char::is_ascii_alphabetic);
        } else {
            plain.push(c);
        }
    }
    plain
}

/// The workflow's one YAML document, or why it is not one.
fn parse(text: &str) -> Result<Yaml, String> {
    let mut documents = YamlLoader::load_from_str(text).map_err(|err| err.to_string())?;
    match documents.len() {
        1 => Ok(documents.remove(0)),
        n => Err(format!("{n} YAML documents, not one")),
    }
}

/// The jobs, by name, in order.
fn jobs(workflow: &Yaml) -> Vec<(&str, &Yaml)> {
    workflow["jobs"]
        .as_hash()
        .map(|jobs| {
            jobs.iter()
                .map(|(name, job)| (name.as_str().unwrap_or("?"), job))
                .collect()
        })
        .unwrap_or_default()
}

/// The steps of a job.
fn steps(job: &Yaml) -> &[Yaml] {
    job["steps"].as_vec().map(Vec::as_slice).unwrap_or_default()
}

/// What is wrong with the workflow's shape: GitHub needs `on` and `jobs`, and every job
/// `runs-on` and `steps`, each step running a script or using an action.
fn shape_problems(workflow: &Yaml) -> Vec<String> {
    let mut problems = Vec::new();
    if workflow["on"].is_badvalue() {
        problems.push("the workflow has no `on`".to_owned());
    }
    if jobs(workflow).is_empty() {
        problems.push("the workflow has no `jobs`".to_owned());
    }
    for (name, job) in jobs(workflow) {
        if job["runs-on"].is_badvalue() || job["runs-on"].is_null() {
            problems.push(format!("job {name} has no `runs-on`"));
        }
        if steps(job).is_empty() {
            problems.push(format!("job {name} has no `steps`"));
        }
        for (index, step) in steps(job).iter().enumerate() {
            if step["run"].as_str().is_none() && step["uses"].as_str().is_none() {
                problems.push(format!(
                    "job {name}, step {}: neither `run` nor `uses`",
                    index + 1
                ));
            }
        }
    }
    problems
}

/// Whether `reference` pins a version: `v4`, `v2.7`, `v1.2.3`, or a full commit hash.
fn is_version(reference: &str) -> bool {
    let tag = reference.strip_prefix('v').is_some_and(|numbers| {
        numbers.split('.').count() <= 3
            && numbers
                .split('.')
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    });
    let commit = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    tag || commit
}

/// Every `uses:` that is not pinned to a version (a local `./` action needs none).
fn pin_problems(workflow: &Yaml) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, job) in jobs(workflow) {
        for step in steps(job) {
            let Some(action) = step["uses"].as_str() else {
                continue;
            };
            if action.starts_with("./") {
                continue;
            }
            match action.rsplit_once('@') {
                Some((_, reference)) if is_version(reference) => {}
                _ => problems.push(format!(
                    "job {name}: `uses: {action}` is not pinned to a version tag (`@v4`)"
                )),
            }
        }
    }
    problems
}

/// One `cargo faults` command of a `run:` script.
#[derive(Debug)]
struct Invocation {
    /// The job whose script it is in.
    job: String,
    /// The words after `cargo faults`, `${{ … }}` expressions each one word.
    words: Vec<String>,
}

impl Invocation {
    /// The command as written, for messages.
    fn line(&self) -> String {
        format!("cargo faults {}", self.words.join(" "))
    }

    /// The subcommand: the first word when it is not an option, else `None` (run).
    fn subcommand(&self) -> Option<&str> {
        self.words
            .first()
            .map(String::as_str)
            .filter(|word| !word.starts_with('-'))
    }

    /// The options it uses, without their `=value`, up to a `--`: `--junit`, `-q`, `-qv` as
    /// `-q` and `-v`.
    fn options(&self) -> Vec<String> {
        let mut options = Vec::new();
        for word in self.words.iter().take_while(|word| *word != "--") {
            if let Some(long) = word.strip_prefix("--") {
                let name = long.split('=').next().unwrap_or_default();
                options.push(format!("--{name}"));
            } else if let Some(short) = word.strip_prefix('-') {
                options.extend(short.chars().map(|c| format!("-{c}")));
            }
        }
        options
    }

    /// The values of every `--name VALUE` or `--name=VALUE` it gives.
    fn values_of(&self, name: &str) -> Vec<&str> {
        let flag = format!("--{name}");
        let joined = format!("--{name}=");
        let mut values = Vec::new();
        for (index, word) in self.words.iter().enumerate() {
            if *word == flag {
                if let Some(value) = self.words.get(index + 1) {
                    values.push(value.as_str());
                }
            } else if let Some(value) = word.strip_prefix(&joined) {
                values.push(value);
            }
        }
        values
    }
}

/// Where a shell command ends.
const OPERATORS: [&str; 8] = ["&&", "||", ";", "|", "&", ">", ">>", "2>&1"];

/// `script` as shell words per line: continuation lines joined, `${{ expr }}` made one word.
fn shell_lines(script: &str) -> Vec<Vec<String>> {
    let mut text = script.replace("\\\n", " ");
    while let Some(start) = text.find("${{ ") {
        let Some(length) = text[start..].find("}}") else {
            break;
        };
        let expression = text[start + 3..start + length].trim().to_owned();
        text.replace_range(start..start + length + 2, &format!("${{{{{expression}}}}}"));
    }
    text.lines()
        .map(|line| {
            line.split_whitespace()
                .map(|word| word.trim_matches(|c| c == '"' || c == '\'').to_owned())
                .collect()
        })
        .collect()
}

/// Every `cargo faults` command in the `run:` scripts, up to the next shell operator or
/// comment.
fn invocations(workflow: &Yaml) -> Vec<Invocation> {
    let mut found = Vec::new();
    for (name, job) in jobs(workflow) {
        for step in steps(job) {
            let Some(script) = step["run"].as_str() else {
                continue;
            };
            for line in shell_lines(script) {
                for start in 0..line.len().saturating_sub(1) {
                    if line[start] != "cargo" || line[start + 1] != "faults" {
                        continue;
                    }
                    let mut words = Vec::new();
                    for word in &line[start + 2..] {
                        if OPERATORS.contains(&word.as_str()) || word.starts_with('#') {
                            break;
                        }
                        if let Some(last) = word.strip_suffix(';') {
                            words.push(last.to_owned());
                            break;
                        }
                        words.push(word.clone());
                    }
                    found.push(Invocation {
                        job: name.to_owned(),
                        words,
                    });
                }
            }
        }
    }
    found
}

/// Every `cargo faults` command whose subcommand or option the CLI does not have. A first
/// word that is not an option is taken for a subcommand: write filters after the options.
fn cli_problems(invocations: &[Invocation], cli: &Cli) -> Vec<String> {
    let subcommands = cli.subcommands();
    assert!(
        subcommands.iter().any(|name| name == "report"),
        "the help lists the subcommands: {subcommands:?}"
    );
    let mut problems = Vec::new();
    for invocation in invocations {
        let subcommand = invocation.subcommand();
        if let Some(name) = subcommand.filter(|name| !subcommands.iter().any(|k| k == name)) {
            problems.push(format!(
                "job {}: `{}`: cargo faults has no subcommand `{name}` (it has {})",
                invocation.job,
                invocation.line(),
                subcommands.join(", ")
            ));
            continue;
        }
        let known = cli.options(subcommand);
        for option in invocation.options() {
            if !known.contains(&option) {
                problems.push(format!(
                    "job {}: `{}`: `cargo faults {}--help` shows no option `{option}`",
                    invocation.job,
                    invocation.line(),
                    subcommand
                        .map(|name| format!("{name} "))
                        .unwrap_or_default()
                ));
            }
        }
    }
    problems
}

/// The N of a `--partition` value (`hash:K/N`, `count:K/N`, `K/N`) and the matrix variable
/// its K is, when K is `${{ matrix.NAME }}`.
fn partition(value: &str) -> Option<(Option<&str>, i64)> {
    let shard = value
        .strip_prefix("hash:")
        .or_else(|| value.strip_prefix("count:"))
        .unwrap_or(value);
    let (index, total) = shard.rsplit_once('/')?;
    let variable = index
        .strip_prefix("${{matrix.")
        .and_then(|rest| rest.strip_suffix("}}"));
    Some((variable, total.parse().ok()?))
}

/// The M of every `{1..M}` among the words.
fn brace_ranges(words: &[String]) -> Vec<i64> {
    words
        .iter()
        .filter_map(|word| {
            let (_, range) = word.split_once("{1..")?;
            range.split_once('}')?.0.parse().ok()
        })
        .collect()
}

/// What is wrong with the sharding: every `--partition` must take K from a matrix variable
/// that lists 1 to N, its N, in a job with `fail-fast: false`; every job with a partition must
/// see one `FAULTS_RUN_ID` that is not per shard; every `{1..M}` of a `cargo faults report`
/// must have M = N.
fn shard_problems(workflow: &Yaml, invocations: &[Invocation]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut totals = Vec::new();
    let mut run_ids = Vec::new();
    for invocation in invocations {
        let job = &workflow["jobs"][invocation.job.as_str()];
        for value in invocation.values_of("partition") {
            let Some((variable, total)) = partition(value) else {
                problems.push(format!(
                    "job {}: `--partition {value}` is not K/N",
                    invocation.job
                ));
                continue;
            };
            totals.push(total);
            let Some(variable) = variable else {
                problems.push(format!(
                    "job {}: `--partition {value}` does not take its shard from the matrix",
                    invocation.job
                ));
                continue;
            };
            let strategy = &job["strategy"];
            let shards: Vec<Option<i64>> = strategy["matrix"][variable]
                .as_vec()
                .map(|list| list.iter().map(Yaml::as_i64).collect())
                .unwrap_or_default();
            let expected: Vec<Option<i64>> = (1..=total).map(Some).collect();
            if shards != expected {
                problems.push(format!(
                    "job {}: `--partition {value}` needs matrix.{variable} to be 1 to {total}, \
                     it is {:?}",
                    invocation.job, strategy["matrix"][variable]
                ));
            }
            if strategy["fail-fast"].as_bool() != Some(false) {
                problems.push(format!(
                    "job {}: the shards need `fail-fast: false`, or one failing cancels the rest",
                    invocation.job
                ));
            }
            let run_id = job["env"]["FAULTS_RUN_ID"]
                .as_str()
                .or_else(|| workflow["env"]["FAULTS_RUN_ID"].as_str());
            match run_id {
                Some(id) if !id.contains("matrix.") => run_ids.push(id),
                Some(id) => problems.push(format!(
                    "job {}: FAULTS_RUN_ID `{id}` differs between shards",
                    invocation.job
                )),
                None => problems.push(format!(
                    "job {}: the shards share no FAULTS_RUN_ID",
                    invocation.job
                )),
            }
        }
    }
    totals.sort_unstable();
    totals.dedup();
    if totals.len() > 1 {
        problems.push(format!(
            "the partitions disagree on the number of shards: {totals:?}"
        ));
    }
    run_ids.sort_unstable();
    run_ids.dedup();
    if run_ids.len() > 1 {
        problems.push(format!("the shards' run ids differ: {run_ids:?}"));
    }
    for invocation in invocations {
        if invocation.subcommand() != Some("report") {
            continue;
        }
        for range in brace_ranges(&invocation.words) {
            if totals != [range] {
                problems.push(format!(
                    "job {}: `{}` merges shards 1 to {range}, the partitions make {totals:?}",
                    invocation.job,
                    invocation.line()
                ));
            }
        }
    }
    problems
}

/// Every problem of a workflow's text.
fn problems(text: &str, cli: &Cli) -> Vec<String> {
    let workflow = match parse(text) {
        Ok(workflow) => workflow,
        Err(err) => return vec![format!("not YAML: {err}")],
    };
    let invocations = invocations(&workflow);
    let mut problems = shape_problems(&workflow);
    problems.extend(pin_problems(&workflow));
    problems.extend(cli_problems(&invocations, cli));
    problems.extend(shard_problems(&workflow, &invocations));
    problems
}

/// The workflow's text.
fn workflow_text() -> String {
    let path = workspace_root().join(WORKFLOW);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn the_workflow_is_a_github_workflow_with_pinned_actions() {
    let workflow = parse(&workflow_text()).expect("the workflow is one YAML document");
    let mut problems = shape_problems(&workflow);
    problems.extend(pin_problems(&workflow));
    assert!(problems.is_empty(), "{WORKFLOW}:\n{}", problems.join("\n"));
}

#[test]
fn every_cargo_faults_line_of_the_workflow_is_one_the_cli_takes() {
    let workflow = parse(&workflow_text()).expect("the workflow is one YAML document");
    let invocations = invocations(&workflow);
    let run = invocations.iter().filter(|i| i.subcommand().is_none());
    let report = invocations
        .iter()
        .filter(|i| i.subcommand() == Some("report"));
    assert!(
        run.count() >= 1 && report.count() >= 1,
        "the workflow runs the cases and merges them: {invocations:#?}"
    );
    let problems = cli_problems(&invocations, &Cli::default());
    assert!(problems.is_empty(), "{WORKFLOW}:\n{}", problems.join("\n"));
}

#[test]
fn the_workflow_numbers_its_shards_as_its_partitions_do() {
    let workflow = parse(&workflow_text()).expect("the workflow is one YAML document");
    let invocations = invocations(&workflow);
    assert!(
        invocations
            .iter()
            .any(|i| !i.values_of("partition").is_empty()),
        "the workflow runs shards: {invocations:#?}"
    );
    let problems = shard_problems(&workflow, &invocations);
    assert!(problems.is_empty(), "{WORKFLOW}:\n{}", problems.join("\n"));
}

/// The excerpt of the workflow that the README's "CI, copy-paste ready" section shows.
fn readme_excerpt() -> String {
    let path = workspace_root().join("README.md");
    let readme =
        std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
    let (_, section) = readme
        .split_once("## CI, copy-paste ready")
        .expect("the README has a section \"CI, copy-paste ready\"");
    let (_, block) = section
        .split_once("```yaml\n")
        .expect("the section shows the workflow in a yaml block");
    block
        .split_once("```")
        .expect("the block ends")
        .0
        .to_owned()
}

#[test]
fn the_readme_excerpt_of_the_workflow_is_one_the_cli_takes() {
    let excerpt = parse(&readme_excerpt()).expect("the README's excerpt is YAML");
    let invocations = invocations(&excerpt);
    assert!(
        invocations.len() >= 2,
        "the excerpt runs and merges: {invocations:#?}"
    );
    let mut problems = cli_problems(&invocations, &Cli::default());
    problems.extend(shard_problems(&excerpt, &invocations));
    assert!(problems.is_empty(), "README.md:\n{}", problems.join("\n"));
}

/// A small sharded workflow, correct, that the mistakes below are made in.
const GOOD: &str = r#"
on: push
env:
  FAULTS_RUN_ID: gha-${{ github.run_id }}
jobs:
  faults:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [1, 2, 3]
    steps:
      - uses: actions/checkout@v4
      - run: |
          cargo faults --locked -q \
            --partition hash:${{ matrix.shard }}/3 \
            --records-dir records --junit=junit.xml
  report:
    needs: faults
    runs-on: ubuntu-latest
    steps:
      - run: cargo faults report shards/records-{1..3} --junit merged.xml; ls -l shards
"#;

#[test]
fn styled_help_reads_as_plain_help() {
    assert_eq!(
        plain("      \x1b[1m--junit\x1b[0m <PATH>"),
        "      --junit <PATH>"
    );
}

#[test]
fn a_correct_workflow_has_no_problem() {
    let problems = problems(GOOD, &Cli::default());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The problems of `GOOD` with `from` replaced by `to`; asserts that it was there.
fn problems_with(from: &str, to: &str, cli: &Cli) -> Vec<String> {
    assert!(GOOD.contains(from), "{from}");
    problems(&GOOD.replacen(from, to, 1), cli)
}

/// Asserts that exactly one problem is found, and that it says `what`.
fn assert_one_problem(problems: &[String], what: &str) {
    assert!(
        problems.len() == 1 && problems[0].contains(what),
        "expected one problem about {what:?}, found {problems:#?}"
    );
}

#[test]
fn a_misspelt_flag_or_subcommand_is_reported() {
    let cli = Cli::default();
    let misspelt = problems_with("--records-dir", "--no-such-flag", &cli);
    assert_one_problem(&misspelt, "`--no-such-flag`");
    let run_only = problems_with("report shards", "report --locked shards", &cli);
    assert_one_problem(
        &run_only,
        "`cargo faults report --help` shows no option `--locked`",
    );
    let short = problems_with("-q", "-Q", &cli);
    assert_one_problem(&short, "`-Q`");
    let joined = problems_with("--junit=", "--junits=", &cli);
    assert_one_problem(&joined, "`--junits`");
    let subcommand = problems_with("faults report", "faults reprot", &cli);
    assert_one_problem(&subcommand, "no subcommand `reprot`");
}

#[test]
fn a_broken_shape_or_an_unpinned_action_is_reported() {
    let cli = Cli::default();
    assert_one_problem(&problems("jobs: [", &cli), "not YAML");
    let no_runner = problems_with("    needs: faults\n    runs-on: ubuntu-latest\n", "", &cli);
    assert_one_problem(&no_runner, "job report has no `runs-on`");
    let unpinned = problems_with("checkout@v4", "checkout@main", &cli);
    assert_one_problem(&unpinned, "actions/checkout@main");
    let bare = problems_with("checkout@v4", "checkout", &cli);
    assert_one_problem(&bare, "not pinned");
}

#[test]
fn shards_that_disagree_with_the_partition_are_reported() {
    let cli = Cli::default();
    let fewer = problems_with("[1, 2, 3]", "[1, 2]", &cli);
    assert_one_problem(&fewer, "1 to 3");
    let from_zero = problems_with("[1, 2, 3]", "[0, 1, 2]", &cli);
    assert_one_problem(&from_zero, "1 to 3");
    let merged = problems_with("{1..3}", "{1..4}", &cli);
    assert_one_problem(&merged, "merges shards 1 to 4");
    let fail_fast = problems_with("fail-fast: false", "fail-fast: true", &cli);
    assert_one_problem(&fail_fast, "fail-fast: false");
    let own_ids = problems_with("${{ github.run_id }}", "${{ matrix.shard }}", &cli);
    assert_one_problem(&own_ids, "differs between shards");
    let no_run_id = problems_with(
        "env:\n  FAULTS_RUN_ID: gha-${{ github.run_id }}\n",
        "",
        &cli,
    );
    assert_one_problem(&no_run_id, "share no FAULTS_RUN_ID");
    let fixed = problems_with("${{ matrix.shard }}/3", "1/3", &cli);
    assert_one_problem(&fixed, "does not take its shard from the matrix");
}
