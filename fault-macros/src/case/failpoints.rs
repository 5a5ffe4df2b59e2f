//! Checking a `failpoints = "..."` spec at compile time, with the grammar fail-rs accepts at run
//! time (`name=action[->action...]` separated by `;`, each action `[p%][cnt*]task[(arg)]`), so
//! a spec that fail-rs would reject never reaches a case.

/// The tasks fail-rs knows.
const TASKS: &[&str] = &[
    "off", "return", "sleep", "panic", "print", "pause", "yield", "delay",
];

/// One armed failpoint: its name, its actions as written, and the actions parsed.
#[derive(Debug, PartialEq)]
pub(crate) struct Failpoint {
    pub(crate) name: String,
    pub(crate) actions: String,
    pub(crate) steps: Vec<Step>,
}

/// One parsed action, `[p%][cnt*]task[(arg)]`.
#[derive(Debug, PartialEq)]
pub(crate) struct Step {
    /// `p% / 100`, as fail-rs computes it; 1 when absent.
    pub(crate) frequency: f32,
    pub(crate) count: Option<usize>,
    pub(crate) task: String,
    pub(crate) arg: Option<String>,
}

/// Splits and checks a spec into failpoints, or says what is wrong with it.
pub(crate) fn parse(spec: &str) -> Result<Vec<Failpoint>, String> {
    let mut points: Vec<Failpoint> = Vec::new();
    for entry in spec.split(';').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((name, actions)) = entry.split_once('=') else {
            return Err(format!(
                "`{entry}` has no `=`: write `name=actions`, as in `ledger.write=return`"
            ));
        };
        let (name, actions) = (name.trim(), actions.trim());
        if name.is_empty() {
            return Err(format!("`{entry}` names no failpoint before `=`"));
        }
        if points.iter().any(|seen| seen.name == name) {
            return Err(format!("failpoint `{name}` is armed twice"));
        }
        let steps = actions
            .split("->")
            .map(|action| {
                parse_action(action)
                    .map_err(|why| format!("failpoint `{name}`: action `{}` {why}", action.trim()))
            })
            .collect::<Result<_, _>>()?;
        points.push(Failpoint {
            name: name.to_owned(),
            actions: actions.to_owned(),
            steps,
        });
    }
    if points.is_empty() {
        return Err(
            "the spec arms no failpoint; write `name=actions`, as in `ledger.write=return`"
                .to_owned(),
        );
    }
    Ok(points)
}

fn parse_action(action: &str) -> Result<Step, String> {
    let mut rest = action.trim();
    let mut arg = None;
    let mut frequency = 1.0;
    let mut count = None;
    if let Some((head, tail)) = rest.split_once('(') {
        let Some(inner) = tail.strip_suffix(')') else {
            return Err("has unmatched parentheses".to_owned());
        };
        arg = Some(inner);
        rest = head;
    }
    if let Some((frequency_text, tail)) = rest.split_once('%') {
        frequency = frequency_text
            .parse::<f32>()
            .map_err(|_| format!("has a frequency `{frequency_text}` that is not a number"))?
            / 100.0;
        rest = tail;
    }
    if let Some((count_text, tail)) = rest.split_once('*') {
        count = Some(
            count_text
                .parse::<usize>()
                .map_err(|_| format!("has a count `{count_text}` that is not a whole number"))?,
        );
        rest = tail;
    }
    let step = |task: &str| Step {
        frequency,
        count,
        task: task.to_owned(),
        arg: arg.map(str::to_owned),
    };
    match rest {
        "sleep" | "delay" => match arg.map(str::parse::<u64>) {
            Some(Ok(_)) => Ok(step(rest)),
            _ => Err(format!("needs milliseconds, as in `{rest}(100)`")),
        },
        task if TASKS.contains(&task) => Ok(step(task)),
        task => {
            let hint = crate::suggest::closest(task, TASKS)
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            Err(format!(
                "has an unknown task `{task}`{hint} (valid tasks: {})",
                crate::suggest::list(TASKS)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_fail_rs_accepts() {
        let points =
            parse("ledger.write=return; ledger.fsync = 50%2*return(EIO)->sleep(10)").unwrap();
        let names: Vec<(&str, &str)> = points
            .iter()
            .map(|p| (p.name.as_str(), p.actions.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("ledger.write", "return"),
                ("ledger.fsync", "50%2*return(EIO)->sleep(10)"),
            ]
        );
        assert_eq!(
            points[1].steps,
            [
                Step {
                    frequency: 0.5,
                    count: Some(2),
                    task: "return".into(),
                    arg: Some("EIO".into()),
                },
                Step {
                    frequency: 1.0,
                    count: None,
                    task: "sleep".into(),
                    arg: Some("10".into()),
                },
            ]
        );
        assert!(parse("a=off;b=panic(boom);c=print;d=pause;e=yield;f=delay(5)").is_ok());
    }

    #[test]
    fn rejects_what_fail_rs_rejects() {
        for (spec, why) in [
            ("ledger.write", "no `=`"),
            ("=return", "names no failpoint"),
            ("a=retrun", "unknown task `retrun`"),
            ("a=sleep", "needs milliseconds"),
            ("a=sleep(soon)", "needs milliseconds"),
            ("a=x%return", "frequency"),
            ("a=two*return", "count"),
            ("a=return(oops", "parentheses"),
            ("a=return;a=off", "armed twice"),
            ("", "arms no failpoint"),
        ] {
            let err = parse(spec).unwrap_err();
            assert!(err.contains(why), "{spec}: {err}");
        }
    }
}
