//! The paths a module's code uses and the names its `use` items bind, collected with
//! `syn::visit`.

use std::collections::BTreeMap;

use proc_macro2::{Spacing, TokenStream, TokenTree};
use syn::visit::Visit;

use super::graph::{Reference, ReferenceKind};
use super::items::{is_test_only, item_attrs};

/// Collects the paths a module's code uses, and the names its `use` items bind.
#[derive(Default)]
pub(super) struct Collector {
    pub(super) references: Vec<Reference>,
    pub(super) bindings: BTreeMap<String, Vec<String>>,
    pub(super) globs: Vec<Vec<String>>,
}

impl Collector {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        let line = |ident: &syn::Ident| ident.span().start().line;
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => {
                let (segments, bound) = use_leaf(prefix, &name.ident);
                self.add_use(segments.clone(), line(&name.ident), ReferenceKind::Use);
                if let Some(bound) = bound {
                    self.bindings.insert(bound, segments);
                }
            }
            syn::UseTree::Rename(rename) => {
                let (segments, _) = use_leaf(prefix, &rename.ident);
                self.add_use(segments.clone(), line(&rename.ident), ReferenceKind::Use);
                if rename.rename != "_" {
                    self.bindings.insert(rename.rename.to_string(), segments);
                }
            }
            syn::UseTree::Glob(glob) => {
                let line = glob.star_token.span.start().line;
                self.globs.push(prefix.clone());
                self.add_use(prefix.clone(), line, ReferenceKind::Glob);
            }
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn add_use(&mut self, segments: Vec<String>, line: usize, kind: ReferenceKind) {
        if !segments.is_empty() {
            self.references.push(Reference {
                segments,
                line,
                kind,
            });
        }
    }

    /// Finds paths in tokens that cannot be parsed as code: `a::b..` and `crate`/`self`/`super`
    /// paths, but not `$crate::..`.
    fn tokens(&mut self, tokens: TokenStream) {
        let tokens: Vec<TokenTree> = tokens.into_iter().collect();
        let is_colons = |at: usize| {
            matches!((tokens.get(at), tokens.get(at + 1)),
                (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                    if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':')
        };
        let mut at = 0;
        while at < tokens.len() {
            match &tokens[at] {
                TokenTree::Group(group) => self.tokens(group.stream()),
                TokenTree::Ident(ident) => {
                    let after_colons = at >= 2 && is_colons(at - 2);
                    let after_dollar = at >= 1
                        && matches!(&tokens[at - 1], TokenTree::Punct(p) if p.as_char() == '$');
                    let mut segments = vec![ident.to_string()];
                    let line = ident.span().start().line;
                    while is_colons(at + 1) {
                        let Some(TokenTree::Ident(next)) = tokens.get(at + 3) else {
                            break;
                        };
                        segments.push(next.to_string());
                        at += 3;
                    }
                    if !after_colons && !after_dollar && segments.len() > 1 {
                        self.references.push(Reference {
                            segments,
                            line,
                            kind: ReferenceKind::Code,
                        });
                    }
                }
                _ => {}
            }
            at += 1;
        }
    }
}

/// The path of a `use` leaf and the name it binds: `self` in `a::{self}` stands for `a`.
fn use_leaf(prefix: &[String], ident: &syn::Ident) -> (Vec<String>, Option<String>) {
    if ident == "self" {
        (prefix.to_vec(), prefix.last().cloned())
    } else {
        let mut segments = prefix.to_vec();
        segments.push(ident.to_string());
        (segments, Some(ident.to_string()))
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attrs(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut prefix = if item.leading_colon.is_some() {
            vec!["::".to_owned()]
        } else {
            vec![]
        };
        self.use_tree(&mut prefix, &item.tree);
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        if !item.mac.path.is_ident("macro_rules") {
            self.visit_macro(&item.mac);
        }
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        let attrs = match item {
            syn::ImplItem::Const(item) => &item.attrs,
            syn::ImplItem::Fn(item) => &item.attrs,
            syn::ImplItem::Type(item) => &item.attrs,
            syn::ImplItem::Macro(item) => &item.attrs,
            _ => return syn::visit::visit_impl_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_impl_item(self, item);
        }
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(first) = path.segments.first() {
            let mut segments = Vec::new();
            if path.leading_colon.is_some() {
                segments.push("::".to_owned());
            }
            segments.extend(
                path.segments
                    .iter()
                    .map(|segment| segment.ident.to_string()),
            );
            let line = first.ident.span().start().line;
            self.references.push(Reference {
                segments,
                line,
                kind: ReferenceKind::Code,
            });
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.tokens(mac.tokens.clone());
    }

    // `pub(crate)` and attributes name no dependency.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}
    fn visit_attribute(&mut self, _: &'ast syn::Attribute) {}
}

#[cfg(test)]
mod tests {
    use super::super::testing::edges_of;

    #[test]
    fn paths_in_macros_count_and_macro_rules_bodies_do_not() {
        let edges = edges_of(&[
            ("src/lib.rs", "mod a; mod b; mod c;"),
            ("src/a.rs", "fn f() { println!(\"{}\", crate::b::VALUE); }"),
            (
                "src/b.rs",
                "pub const VALUE: u8 = 1; macro_rules! m { () => { crate::c::C }; }",
            ),
            ("src/c.rs", "pub struct C;"),
        ]);
        assert_eq!(edges, ["a -> b"]);
    }
}
