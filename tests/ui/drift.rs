use fault_runtime::fault_case;

type Io = Result<(), std::io::Error>;

// Accepted: a drift predicting one verdict, with its date and issue. No error below.
#[fault_case(
    expect = "DENIED",
    drift = "not hardened",
    drift_verdict = "side_effects",
    drift_until = "2028-02-29",
    drift_issue = "https://tracker.example/1"
)]
fn accepted() -> Io {
    Ok(())
}

// A verdict a drift cannot predict: the error lists the behaviour verdicts.
#[fault_case(expect = "DENIED", drift = "not hardened", drift_verdict = "hung")]
fn infrastructure_predicted() -> Io {
    Ok(())
}

#[fault_case(expect = "DENIED", drift = "not hardened", drift_verdict = "side_effect")]
fn misspelt_verdict() -> Io {
    Ok(())
}

#[fault_case(expect = "DENIED", drift = "not hardened", drift_until = "2027-02-29")]
fn no_such_day() -> Io {
    Ok(())
}

#[fault_case(expect = "DENIED", drift = "not hardened", drift_until = "31.03.2027")]
fn not_a_date() -> Io {
    Ok(())
}

#[fault_case(expect = "DENIED", drift_until = "2027-03-31")]
fn until_without_drift() -> Io {
    Ok(())
}

#[fault_case(expect = "DENIED", drift_verdict = "wrong_code")]
fn verdict_without_drift() -> Io {
    Ok(())
}

#[fault_case(expect = "DENIED", drift = "not hardened", drift_issue = "")]
fn empty_issue() -> Io {
    Ok(())
}

fault_runtime::main!();
