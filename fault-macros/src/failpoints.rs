//! Checking a `failpoints = "..."` spec at compile time, with the grammar fail-rs accepts at run
//! time (`name=action[->action...]` separated by `;`, each action `[p%][cnt*]task[(arg)]`), so
//! a spec that fail-rs would reject never reaches a case.

/// The tasks fail-rs knows.
const TASKS: &[&str] = &[
    "off", "return", "sleep", "panic", "print", "pause", "yield", "delay",
];

/// Splits and checks a spec into `(name, actions)` pairs, or says what is wrong with it.
pub(crate) fn parse(spec: &str) -> Result<Vec<(String, String)>, String> {
    let mut points: Vec<(String, String)> = Vec::new();
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
        if points.iter().any(|(seen, _)| seen == name) {
            return Err(format!("failpoint `{name}` is armed twice"));
        }
        for action in actions.split("->") {
            check_action(action)
                .map_err(|why| format!("failpoint `{name}`: action `{}` {why}", action.trim()))?;
        }
        points.push((name.to_owned(), actions.to_owned()));
    }
    if points.is_empty() {
        return Err(
            "the spec arms no failpoint; write `name=actions`, as in `ledger.write=return`"
                .to_owned(),
        );
    }
    Ok(points)
}

fn check_action(action: &str) -> Result<(), String> {
    let mut rest = action.trim();
    let mut arg = None;
    if let Some((head, tail)) = rest.split_once('(') {
        let Some(inner) = tail.strip_suffix(')') else {
            return Err("has unmatched parentheses".to_owned());
        };
        arg = Some(inner);
        rest = head;
    }
    if let Some((frequency, tail)) = rest.split_once('%') {
        frequency
            .parse::<f32>()
            .map_err(|_| format!("has a frequency `{frequency}` that is not a number"))?;
        rest = tail;
    }
    if let Some((count, tail)) = rest.split_once('*') {
        count
            .parse::<usize>()
            .map_err(|_| format!("has a count `{count}` that is not a whole number"))?;
        rest = tail;
    }
    match rest {
        "sleep" | "delay" => match arg.map(str::parse::<u64>) {
            Some(Ok(_)) => Ok(()),
            _ => Err(format!("needs milliseconds, as in `{rest}(100)`")),
        },
        task if TASKS.contains(&task) => Ok(()),
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
        assert_eq!(
            points,
            [
                ("ledger.write".to_owned(), "return".to_owned()),
                (
                    "ledger.fsync".to_owned(),
                    "50%2*return(EIO)->sleep(10)".to_owned()
                ),
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
