//! Reads `#[refusal(...)]` off a type, its variants and their fields, and checks it: what the
//! expansion gets is a [`Refusal`] per variant that can only be emitted one way.

use fault_vocab::Severity;
use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{Attribute, Data, DeriveInput, Fields, Member, Type};

use super::keys::{Attrs, MARKERS, Marks, Message, OPTIONS, Place};
use super::message::{self, Format};
use crate::option::{Given, Table};
use crate::suggest;
use crate::value::GateArg;

/// The type the derive implements `Refusal` for.
pub(crate) struct Input<'a> {
    pub(crate) item: &'a DeriveInput,
    /// One per variant; a struct is one variant whose path is `Self`.
    pub(crate) variants: Vec<Variant<'a>>,
}

/// One refusal: a variant, or a struct.
pub(crate) struct Variant<'a> {
    /// `Self::Name`, or `Self` for a struct: the path its patterns start with.
    pub(crate) path: TokenStream,
    pub(crate) fields: Vec<Field<'a>>,
    pub(crate) refusal: Refusal,
}

/// One field, with the name the generated patterns bind it to.
pub(crate) struct Field<'a> {
    pub(crate) member: Member,
    pub(crate) ty: &'a Type,
    pub(crate) binding: Ident,
}

/// What a variant answers.
pub(crate) enum Refusal {
    /// `transparent`: every answer from the field at this index.
    Transparent(usize),
    Own(Own),
}

/// A variant's own answers; field indexes point into the variant's fields.
pub(crate) struct Own {
    pub(crate) code: String,
    pub(crate) gate: Option<GateArg>,
    pub(crate) severity: Option<Severity>,
    pub(crate) message: Option<Answer>,
    pub(crate) attempts: Option<usize>,
    pub(crate) rollback: Option<usize>,
}

/// How the message is built.
pub(crate) enum Answer {
    /// The `Display` text; the span of the `message` key that asked for it.
    Display(Span),
    Format(Format),
}

/// Reads and checks everything the derive needs, reporting every mistake at once.
pub(crate) fn check(item: &DeriveInput) -> syn::Result<Input<'_>> {
    let variants = match &item.data {
        Data::Struct(data) => {
            let what = Named::new("struct", &item.ident);
            vec![variant(
                &what,
                quote!(Self),
                &item.attrs,
                &data.fields,
                &Attrs::default(),
            )?]
        }
        Data::Enum(data) => {
            let defaults = defaults(&item.attrs)?;
            all(data.variants.iter().map(|v| {
                let ident = &v.ident;
                let what = Named::new("variant", ident);
                variant(&what, quote!(Self::#ident), &v.attrs, &v.fields, &defaults)
            }))?
        }
        Data::Union(data) => {
            return Err(syn::Error::new(
                data.union_token.span,
                "`Refusal` cannot be derived for a union: derive it for an enum with `#[refusal(code = \"...\")]` on each variant, or for a struct",
            ));
        }
    };
    Ok(Input { item, variants })
}

/// A variant or struct as errors name it, with the span of its name.
struct Named {
    text: String,
    span: Span,
}

impl Named {
    fn new(kind: &str, ident: &Ident) -> Self {
        Named {
            text: format!("{kind} `{ident}`"),
            span: ident.span(),
        }
    }
}

impl std::fmt::Display for Named {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Every `#[refusal(...)]` among `attrs`, read with `table`, and the options they gave.
fn read<T: Default, C>(
    attrs: &[Attribute],
    table: &'static Table<T, C>,
) -> syn::Result<(T, Vec<Given<T, C>>)> {
    let mut parsed = T::default();
    let mut given = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("refusal")) {
        attr.parse_nested_meta(|meta| table.parse(&meta, &mut parsed, &mut given))?;
    }
    Ok((parsed, given))
}

/// The enum's own `#[refusal(...)]`: defaults every variant shares.
fn defaults(attrs: &[Attribute]) -> syn::Result<Attrs> {
    let (defaults, given) = read(attrs, &OPTIONS)?;
    if let Some(misplaced) = given.iter().find(|seen| seen.key.class == Place::Variant) {
        return Err(syn::Error::new(
            misplaced.span,
            format!(
                "`refusal` option `{}` belongs on a variant, not on the enum: each variant has its own; on the enum, give only what every variant shares ({})",
                misplaced.key.name,
                suggest::list(&OPTIONS.names(|key| key.class == Place::Anywhere))
            ),
        ));
    }
    if let Some(Message::Format(lit)) = &defaults.message {
        return Err(syn::Error::new(
            lit.span(),
            "on the enum, `message` takes no value: alone, it makes every variant's message its `Display` text; a format string belongs on a variant, which knows its fields",
        ));
    }
    Ok(defaults)
}

/// One variant (or the struct): its fields, then what it answers.
fn variant<'a>(
    what: &Named,
    path: TokenStream,
    attrs: &[Attribute],
    fields: &'a Fields,
    defaults: &Attrs,
) -> syn::Result<Variant<'a>> {
    let (own, given) = read(attrs, &OPTIONS)?;
    let marked = all(fields
        .iter()
        .map(|field| Ok((read(&field.attrs, &MARKERS)?.0, field))))?;
    let fields: Vec<Field> = fields
        .members()
        .zip(&marked)
        .enumerate()
        .map(|(index, (member, (_, field)))| Field {
            member,
            ty: &field.ty,
            // Hygienic, so it never meets a name of the user's, but located at the field's
            // type, so a type error about the field points there.
            binding: format_ident!(
                "__field{}",
                index,
                span = Span::mixed_site().located_at(field.ty.span())
            ),
        })
        .collect();
    let marks: Vec<&Marks> = marked.iter().map(|(marks, _)| marks).collect();
    let refusal = match own.transparent {
        Some(span) => transparent(what, span, &given, &fields, &marks)?,
        None => answers(what, own, defaults, &fields, &marks)?,
    };
    Ok(Variant {
        path,
        fields,
        refusal,
    })
}

/// `transparent`: alone, on exactly one field, which carries no marker.
fn transparent(
    what: &Named,
    span: Span,
    given: &[Given<Attrs, Place>],
    fields: &[Field],
    marks: &[&Marks],
) -> syn::Result<Refusal> {
    if let Some(other) = given.iter().find(|seen| seen.key.name != "transparent") {
        return Err(syn::Error::new(
            other.span,
            format!(
                "`transparent` takes every answer from the wrapped refusal, so it cannot have `{key}`; drop `{key}`, or drop `transparent` and give {what} its own `code`",
                key = other.key.name
            ),
        ));
    }
    if fields.len() != 1 {
        return Err(syn::Error::new(
            span,
            format!(
                "`transparent` needs exactly one field, the refusal it wraps; {what} has {}",
                fields.len()
            ),
        ));
    }
    if let Some(marker) = marks[0].attempts.or(marks[0].rollback) {
        return Err(syn::Error::new(
            marker,
            format!(
                "{what} is `transparent`: its attempts and rollback come from the wrapped refusal, so its field takes no marker"
            ),
        ));
    }
    Ok(Refusal::Transparent(0))
}

/// A variant's own answers, with the enum's defaults where it says nothing.
fn answers(
    what: &Named,
    own: Attrs,
    defaults: &Attrs,
    fields: &[Field],
    marks: &[&Marks],
) -> syn::Result<Refusal> {
    let Some(code) = own.code else {
        return Err(syn::Error::new(
            what.span,
            format!(
                "{what} needs `#[refusal(code = \"...\")]`: {}; or `#[refusal(transparent)]` to take every answer from its one field",
                OPTIONS.key("code").meaning
            ),
        ));
    };
    let names: Vec<String> = fields
        .iter()
        .map(|field| member_name(&field.member))
        .collect();
    let message = match own.message.or_else(|| defaults.message.clone()) {
        None => None,
        Some(Message::Display(span)) => Some(Answer::Display(span)),
        Some(Message::Format(lit)) => {
            Some(Answer::Format(message::parse(&lit, &names, &what.text)?))
        }
    };
    Ok(Refusal::Own(Own {
        code,
        gate: own.gate.or_else(|| defaults.gate.clone()),
        severity: own.severity.or(defaults.severity),
        message,
        attempts: marked(what, "attempts", marks.iter().map(|marks| marks.attempts))?,
        rollback: marked(what, "rollback", marks.iter().map(|marks| marks.rollback))?,
    }))
}

/// The one field carrying `marker`, if any.
fn marked(
    what: &Named,
    marker: &str,
    spans: impl Iterator<Item = Option<Span>>,
) -> syn::Result<Option<usize>> {
    let mut found = None;
    for (index, span) in spans.enumerate() {
        let Some(span) = span else { continue };
        if found.is_some() {
            return Err(syn::Error::new(
                span,
                format!("only one field of {what} can be marked `{marker}`: a refusal reports one"),
            ));
        }
        found = Some(index);
    }
    Ok(found)
}

/// How a message's placeholders name the field: `adapter_id`, or `0` in a tuple.
fn member_name(member: &Member) -> String {
    match member {
        Member::Named(ident) => syn::ext::IdentExt::unraw(ident).to_string(),
        Member::Unnamed(index) => index.index.to_string(),
    }
}

/// Every result, or every error combined, so one build reports each mistake.
fn all<T>(results: impl Iterator<Item = syn::Result<T>>) -> syn::Result<Vec<T>> {
    let mut values = Vec::new();
    let mut errors: Option<syn::Error> = None;
    for result in results {
        match (result, &mut errors) {
            (Ok(value), _) => values.push(value),
            (Err(err), Some(combined)) => combined.combine(err),
            (Err(err), None) => errors = Some(err),
        }
    }
    errors.map_or(Ok(values), Err)
}
