//! `drift_until = "YYYY-MM-DD"`: a day of the calendar, checked at compile time.

use crate::value::Arg;

/// `drift_until = "YYYY-MM-DD"`: a date of the calendar, kept as written.
pub(super) fn drift_until(arg: &Arg) -> syn::Result<String> {
    let lit = arg.string()?;
    let date = lit.value();
    match calendar_date(&date) {
        Ok(()) => Ok(date),
        Err(why) => Err(syn::Error::new(
            lit.span(),
            format!(
                "{} must be a date written YYYY-MM-DD, as in `{}`: `{date}` {why}",
                arg.subject(),
                arg.example
            ),
        )),
    }
}

/// Whether `date` is `YYYY-MM-DD` naming a day that exists; else why not.
fn calendar_date(date: &str) -> Result<(), String> {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err("is not three numbers joined by `-`".to_owned());
    };
    let digits =
        |text: &str, len: usize| text.len() == len && text.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return Err("is not four, two and two digits".to_owned());
    }
    let (year, month, day): (u32, u32, u32) = (
        year.parse().unwrap_or(0),
        month.parse().unwrap_or(0),
        day.parse().unwrap_or(0),
    );
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(format!("has no month {month}")),
    };
    if day == 0 || day > days {
        return Err(format!("has no day {day} in month {month}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_days_of_the_calendar_are_dates() {
        for date in ["2027-03-31", "2028-02-29", "2000-02-29", "1999-12-01"] {
            assert_eq!(calendar_date(date), Ok(()), "{date}");
        }
        for (date, why) in [
            ("2027-02-29", "has no day 29 in month 2"),
            ("2027-13-01", "has no month 13"),
            ("2027-04-31", "has no day 31 in month 4"),
            ("1900-02-29", "has no day 29 in month 2"),
            ("2027-3-31", "is not four, two and two digits"),
            ("31.03.2027", "is not three numbers joined by `-`"),
        ] {
            assert_eq!(calendar_date(date), Err(why.to_owned()), "{date}");
        }
    }
}
