//! The table every vocabulary is declared in, and what each one gets from it.
//!
//! A vocabulary is written once, as `Variant = "name", "meaning";` lines in [`vocabulary!`];
//! the enum, its docs, its names, parsing, `Display` and the serde form all follow from that
//! table, so a name can never be spelled one way in the attribute and another in a record.

use std::fmt;

/// A closed set of names: every value, its name, its Rust variant and its meaning.
///
/// Code that treats every vocabulary alike (checking an attribute's value, naming a variant in
/// generated code) is written once against this trait.
pub trait Vocabulary: Copy + Eq + fmt::Debug + 'static {
    /// What the names name, as messages say it: `severity`.
    const WHAT: &'static str;
    /// The type's name in Rust, for code that names its variants: `Severity`.
    const TYPE: &'static str;
    /// Every value, in the order of the table.
    const VALUES: &'static [Self];
    /// Every name, in the order of the table.
    const NAMES: &'static [&'static str];

    /// The name used in attributes, records and reports: `critical`.
    fn as_str(self) -> &'static str;

    /// The variant's name in Rust: `Critical`.
    fn variant_name(self) -> &'static str;

    /// What the value means: its doc comment.
    fn meaning(self) -> &'static str;
}

/// Finds the value named `name`, or says which names there are.
pub(crate) fn parse<V: Vocabulary>(name: &str) -> Result<V, UnknownName> {
    V::VALUES
        .iter()
        .copied()
        .find(|value| value.as_str() == name)
        .ok_or_else(|| UnknownName {
            what: V::WHAT,
            given: name.to_owned(),
            valid: V::NAMES,
        })
}

/// A name that is not in its vocabulary; its message lists the valid names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    what: &'static str,
    given: String,
    valid: &'static [&'static str],
}

impl UnknownName {
    /// The name as it was given.
    pub fn given(&self) -> &str {
        &self.given
    }

    /// Every name the vocabulary has, in the order of its table.
    pub fn valid(&self) -> &'static [&'static str] {
        self.valid
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} `{}` (valid: {})",
            self.what,
            self.given,
            self.valid.join(", ")
        )
    }
}

impl std::error::Error for UnknownName {}

/// Reads a value from its name string, the form [`Serialize`](serde::Serialize) writes.
#[cfg(feature = "serde")]
pub(crate) fn deserialize<'de, V, D>(deserializer: D) -> Result<V, D::Error>
where
    V: Vocabulary,
    D: serde::Deserializer<'de>,
{
    struct Name<V>(std::marker::PhantomData<V>);

    impl<V: Vocabulary> serde::de::Visitor<'_> for Name<V> {
        type Value = V;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a {} name", V::WHAT)
        }

        fn visit_str<E: serde::de::Error>(self, name: &str) -> Result<V, E> {
            parse(name).map_err(|_| E::unknown_variant(name, V::NAMES))
        }
    }

    deserializer.deserialize_str(Name(std::marker::PhantomData))
}

/// Declares a vocabulary from its table: one `Variant = "name", "meaning";` line per value.
///
/// The enum gets a doc comment per variant (the meaning), `ALL`, `NAMES`, `as_str`,
/// [`Vocabulary`], `FromStr` (whose error lists the names), `Display`, and with the `serde`
/// feature `Serialize`/`Deserialize` as the name string. A trailing `custom Variant(Type)` line
/// adds an open variant; the type then writes its own `as_str`-like methods, parsing and serde.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:expr, $meaning:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( #[doc = $meaning] $(#[$vmeta])* $variant, )+
        }

        vocabulary!(@rows $name, [], $( $variant = $text, $meaning; )+);

        impl $name {
            /// Every value, in the order of the table.
            pub const ALL: [$name; $name::NAMES.len()] = [$( $name::$variant ),+];

            /// The name used in attributes, records and reports.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                }
            }
        }

        impl $crate::Vocabulary for $name {
            const WHAT: &'static str = $what;
            const TYPE: &'static str = stringify!($name);
            const VALUES: &'static [Self] = &$name::ALL;
            const NAMES: &'static [&'static str] = &$name::NAMES;

            fn as_str(self) -> &'static str {
                $name::as_str(self)
            }

            fn variant_name(self) -> &'static str {
                $name::variant_name(&self)
            }

            fn meaning(self) -> &'static str {
                $name::meaning(&self)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::UnknownName;

            fn from_str(name: &str) -> Result<Self, $crate::UnknownName> {
                $crate::vocabulary::parse(name)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::vocabulary::deserialize(deserializer)
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:expr, $meaning:literal; )+
        }
        #[doc = $custom_meaning:literal]
        custom $custom:ident($label:ty)
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( #[doc = $meaning] $(#[$vmeta])* $variant, )+
            #[doc = $custom_meaning]
            $custom($label),
        }

        vocabulary!(
            @rows $name,
            [$name::$custom(_) => (stringify!($custom), $custom_meaning)],
            $( $variant = $text, $meaning; )+
        );

        impl $name {
            /// The built-in values, in the order of the table.
            pub const BUILT_IN: [$name; $name::NAMES.len()] = [$( $name::$variant ),+];

            /// The name of a built-in value; `None` for an open one.
            pub const fn builtin_name(&self) -> Option<&'static str> {
                match self {
                    $( $name::$variant => Some($text), )+
                    $name::$custom(_) => None,
                }
            }
        }
    };
    (
        @rows $name:ident, [$( $open:pat => $open_row:expr )?],
        $( $variant:ident = $text:expr, $meaning:literal; )+
    ) => {
        impl $name {
            /// The name of every built-in value, in the order of the table.
            pub const NAMES: [&'static str; [$( $text ),+].len()] = [$( $text ),+];

            /// The variant's name in Rust, for code that names it: `Critical`.
            pub const fn variant_name(&self) -> &'static str {
                self.row().0
            }

            /// What the value means: its doc comment.
            pub const fn meaning(&self) -> &'static str {
                self.row().1
            }

            /// The value's line of the table: its variant's name and its meaning.
            const fn row(&self) -> (&'static str, &'static str) {
                match self {
                    $( $name::$variant => (stringify!($variant), $meaning), )+
                    $( $open => $open_row, )?
                }
            }
        }
    };
}
