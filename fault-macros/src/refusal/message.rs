//! `message = "..."`: a format string over the variant's fields, as thiserror's `#[error]`.
//!
//! Each placeholder must name a field (`{adapter_id}`, `{0}`, with any format spec after `:`).
//! The string is rewritten so that placeholders refer to arguments by position, and the
//! generated code passes the fields it names in that order: no name in the string can ever
//! capture anything but a field.

use syn::LitStr;

use crate::suggest;

/// A checked format string, rewritten to positional arguments.
pub(crate) struct Format {
    /// The format string, with `{N}` for the Nth field of `fields`.
    pub(crate) lit: LitStr,
    /// The fields the placeholders name, by index among the variant's fields, in argument order.
    pub(crate) fields: Vec<usize>,
}

/// Checks `lit` against `names` (the variant's fields: identifiers, or `0`, `1`, … for a tuple)
/// and rewrites it; `what` names the variant in errors.
pub(crate) fn parse(lit: &LitStr, names: &[String], what: &str) -> syn::Result<Format> {
    let error = |message: String| syn::Error::new(lit.span(), message);
    let text = lit.value();
    let mut rest = text.as_str();
    let mut out = String::with_capacity(text.len());
    let mut fields = Vec::new();
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let brace = &rest[at..=at];
        rest = &rest[at + 1..];
        if let Some(escaped) = rest.strip_prefix(brace) {
            out.push_str(brace);
            out.push_str(brace);
            rest = escaped;
            continue;
        }
        if brace == "}" {
            return Err(error(
                "`refusal` message has an unmatched `}`; write `}}` for a literal brace".into(),
            ));
        }
        let Some(end) = rest.find('}') else {
            return Err(error(
                "`refusal` message has an unmatched `{`; write `{{` for a literal brace".into(),
            ));
        };
        let (name, spec) = rest[..end].split_once(':').unwrap_or((&rest[..end], ""));
        let mut argument = |name: &str| position(name, names, what, &mut fields);
        let index = argument(name).map_err(error)?;
        out.push_str(&format!("{{{index}"));
        if !spec.is_empty() {
            out.push(':');
            out.push_str(&rewrite_spec(spec, &mut argument).map_err(error)?);
        }
        out.push('}');
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(Format {
        lit: LitStr::new(&out, lit.span()),
        fields,
    })
}

/// The argument position of the field `name`, adding it to `fields` on first use.
fn position(
    name: &str,
    names: &[String],
    what: &str,
    fields: &mut Vec<usize>,
) -> Result<usize, String> {
    if name.is_empty() {
        return Err(format!(
            "a `refusal` message names the field each placeholder shows, as in `{{field}}` or `{{0}}`; `{{}}` names none (fields of {what}: {})",
            field_list(names)
        ));
    }
    let Some(field) = names.iter().position(|field| field == name) else {
        let hint = suggest::closest(name, &names.iter().map(String::as_str).collect::<Vec<_>>())
            .map(|near| format!("; did you mean `{{{near}}}`?"))
            .unwrap_or_default();
        return Err(format!(
            "`refusal` message refers to `{{{name}}}`, which is not a field of {what}{hint} (fields: {})",
            field_list(names)
        ));
    };
    Ok(match fields.iter().position(|&used| used == field) {
        Some(index) => index,
        None => {
            fields.push(field);
            fields.len() - 1
        }
    })
}

/// The fields as messages list them, or a note that there are none.
fn field_list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_owned()
    } else {
        suggest::list(&names.iter().map(String::as_str).collect::<Vec<_>>())
    }
}

/// Rewrites the `name$` / `N$` width and precision references of a format spec to positions;
/// `.*`, which takes an argument the message does not have, is refused.
fn rewrite_spec(
    spec: &str,
    argument: &mut impl FnMut(&str) -> Result<usize, String>,
) -> Result<String, String> {
    if spec.contains(".*") {
        return Err(format!(
            "`.*` in a `refusal` message takes the precision from an argument the message does not have; write `.3` or `.field$` (in `{{...:{spec}}}`)"
        ));
    }
    let mut out = String::with_capacity(spec.len());
    let mut rest = spec;
    while let Some(dollar) = rest.find('$') {
        let head = &rest[..dollar];
        let start = head
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |at| at + 1);
        out.push_str(&head[..start]);
        if start == dollar {
            out.push('$');
        } else {
            out.push_str(&format!("{}$", argument(&head[start..])?));
        }
        rest = &rest[dollar + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Span;

    fn rewrite(text: &str, names: &[&str]) -> Result<(String, Vec<usize>), String> {
        let names: Vec<String> = names.iter().map(|name| (*name).to_owned()).collect();
        parse(&LitStr::new(text, Span::call_site()), &names, "variant `V`")
            .map(|format| (format.lit.value(), format.fields))
            .map_err(|err| err.to_string())
    }

    #[test]
    fn placeholders_become_positions_of_the_fields_they_name() {
        assert_eq!(
            rewrite("{b} then {a:?} then {b:>8}", &["a", "b"]),
            Ok(("{0} then {1:?} then {0:>8}".into(), vec![1, 0]))
        );
        assert_eq!(
            rewrite("tuple {1} {0}", &["0", "1"]),
            Ok(("tuple {0} {1}".into(), vec![1, 0]))
        );
        assert_eq!(
            rewrite("{{literal}} {x:w$}", &["x", "w"]),
            Ok(("{{literal}} {0:1$}".into(), vec![0, 1]))
        );
        assert_eq!(rewrite("no fields", &[]), Ok(("no fields".into(), vec![])));
    }

    #[test]
    fn a_placeholder_that_names_no_field_is_refused() {
        let err = rewrite("{nme}", &["name", "id"]).unwrap_err();
        assert!(err.contains("did you mean `{name}`?"), "{err}");
        assert!(rewrite("{}", &["a"]).unwrap_err().contains("names none"));
        assert!(rewrite("{2}", &["0", "1"]).is_err());
        assert!(rewrite("{a:.*}", &["a"]).is_err());
        assert!(rewrite("{a", &["a"]).unwrap_err().contains("unmatched `{`"));
        assert!(rewrite("a}", &["a"]).unwrap_err().contains("unmatched `}`"));
    }
}
