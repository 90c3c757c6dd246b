//! Turning spec names into Rust identifiers, and keeping them unique.
//!
//! Built on `heck`. Rust keywords become raw identifiers (fields, functions) or get a
//! suffix (types, where raw identifiers are not allowed); names that start with a digit get
//! a prefix; symbols are dropped at word boundaries. When two spec names map to one Rust
//! name, the one whose pointer sorts later gets a numeric suffix, and a diagnostic names
//! both pointers.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::error::{Diagnostic, DiagnosticKind};
use crate::pointer::Pointer;

/// Words that are keywords (strict or reserved) in some Rust edition.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

fn ascii_only(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// Which of the functions below a cached name came from: an index into [`MADE`].
#[derive(Clone, Copy)]
enum Kind {
    Type = 0,
    Variant = 1,
    Field = 2,
}

thread_local! {
    /// Names already made on this thread, one map per [`Kind`]. A large spec asks for the
    /// same ones many times (the same enum values in many enums, the same property names in
    /// many schemas), and changing a word's case is the costly part of lowering. Names are
    /// pure functions of their input, so a cached one is the one that would be made.
    static MADE: std::cell::RefCell<[std::collections::HashMap<String, String>; 3]> =
        std::cell::RefCell::default();
}

/// At most this many names of a kind are kept; past it that cache starts afresh.
const MADE_LIMIT: usize = 1 << 16;

fn cached(kind: Kind, raw: &str, make: fn(&str) -> String) -> String {
    if let Some(name) = MADE.with(|m| m.borrow()[kind as usize].get(raw).cloned()) {
        return name;
    }
    let name = make(raw);
    MADE.with(|m| {
        let map = &mut m.borrow_mut()[kind as usize];
        if map.len() >= MADE_LIMIT {
            map.clear();
        }
        map.insert(raw.to_owned(), name.clone());
    });
    name
}

/// A type name: UpperCamelCase, ASCII, legal.
pub fn type_name(raw: &str) -> String {
    cached(Kind::Type, raw, make_type_name)
}

fn make_type_name(raw: &str) -> String {
    let mut name = ascii_only(&raw.to_upper_camel_case());
    if name.is_empty() {
        name = "Unnamed".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Type");
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push_str("Type");
    }
    name
}

/// Words for values made only of symbols (`<=` is `LessEqual`).
fn symbol_words(raw: &str) -> Option<String> {
    let mut out = String::new();
    for c in raw.chars() {
        let word = match c {
            '<' => "Less",
            '>' => "Greater",
            '=' => "Equal",
            '!' => "Not",
            '+' => "Plus",
            '-' => "Minus",
            '*' => "Star",
            '/' => "Slash",
            '\\' => "Backslash",
            '.' => "Dot",
            ',' => "Comma",
            '%' => "Percent",
            '&' => "And",
            '|' => "Or",
            '^' => "Caret",
            '~' => "Tilde",
            '@' => "At",
            '#' => "Hash",
            '$' => "Dollar",
            ':' => "Colon",
            ';' => "Semicolon",
            '?' => "Question",
            '_' => "Underscore",
            ' ' => "Space",
            _ => return None,
        };
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

/// An enum variant name from a value: UpperCamelCase; values that start with a digit get
/// a `V` prefix and keep their separators as `_` (`3.6` is `V3_6`); values made of symbols
/// are spelled out (`<=` is `LessEqual`).
pub fn variant_name(raw: &str) -> String {
    cached(Kind::Variant, raw, make_variant_name)
}

fn make_variant_name(raw: &str) -> String {
    let camel = ascii_only(&raw.to_upper_camel_case());
    if camel.is_empty() {
        if raw.is_empty() {
            return "Empty".to_owned();
        }
        return symbol_words(raw).unwrap_or_else(|| "Value".to_owned());
    }
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        let mut out = String::from("V");
        let mut last_sep = false;
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
                last_sep = false;
            } else if !last_sep && out.len() > 1 {
                out.push('_');
                last_sep = true;
            }
        }
        let out = out.trim_end_matches('_').to_owned();
        // A letter beside `_` (`V3_a`) breaks the camel-case rule: fall back to `V3A`.
        let chars: Vec<char> = out.chars().collect();
        let letter_by_underscore = chars.windows(2).any(|w| {
            (w[0] == '_' && w[1].is_ascii_alphabetic())
                || (w[1] == '_' && w[0].is_ascii_alphabetic())
        });
        if letter_by_underscore {
            return format!("V{camel}");
        }
        return out;
    }
    if camel == "Self" {
        return "SelfValue".to_owned();
    }
    camel
}

/// A field, function or parameter name: snake_case, ASCII, legal, possibly raw (`r#type`).
pub fn field_name(raw: &str) -> String {
    cached(Kind::Field, raw, make_field_name)
}

fn make_field_name(raw: &str) -> String {
    let mut name = ascii_only(&raw.to_snake_case());
    if name.is_empty() || name.chars().all(|c| c == '_') {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// A module name: like a field name, but never raw (file names cannot be).
pub fn module_name(raw: &str) -> String {
    let name = field_name(raw);
    match name.strip_prefix("r#") {
        Some(kw) => format!("{kw}_"),
        None => name,
    }
}

/// Hands out unique names in one scope (a module's types, a struct's fields, an enum's
/// variants), recording collisions as diagnostics.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeMap<String, Pointer>,
}

impl Scope {
    /// A new, empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks a name as used by something that is not from the spec.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned(), Pointer::root());
    }

    /// Whether the name is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains_key(name)
    }

    /// Claims `candidate` for the item at `origin`; when it is taken, claims the first free
    /// `candidate2`, `candidate3`, … (`candidate_2` for snake_case names) and records a
    /// diagnostic naming both items.
    pub fn claim(
        &mut self,
        candidate: &str,
        origin: &Pointer,
        what: &str,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> String {
        if !self.taken.contains_key(candidate) {
            self.taken.insert(candidate.to_owned(), origin.clone());
            return candidate.to_owned();
        }
        let snake = candidate.chars().any(|c| c.is_ascii_lowercase())
            && !candidate
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase());
        let base = candidate.strip_prefix("r#").unwrap_or(candidate);
        let mut n = 2;
        let name = loop {
            let attempt = if snake {
                format!("{base}_{n}")
            } else {
                format!("{base}{n}")
            };
            if !self.taken.contains_key(&attempt) {
                break attempt;
            }
            n += 1;
        };
        let other = &self.taken[candidate];
        let other_desc = if other == &Pointer::root() {
            "a name the generator reserves".to_owned()
        } else {
            format!("{other}")
        };
        diagnostics.push(Diagnostic {
            file: None,
            kind: DiagnosticKind::NameCollision,
            pointer: origin.as_str().to_owned(),
            location: None,
            message: format!(
                "{what} `{candidate}` is already used by {other_desc}; this one is named `{name}`"
            ),
        });
        self.taken.insert(name.clone(), origin.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(
            type_name("ServerlessAWSTenantEndpoint"),
            "ServerlessAwsTenantEndpoint"
        );
        assert_eq!(type_name("2fa"), "Type2fa");
        assert_eq!(type_name("x-y"), "XY");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name("$$$"), "Unnamed");
        assert_eq!(type_name("größe"), "Gre");
    }

    #[test]
    fn field_names() {
        assert_eq!(field_name("_id"), "id");
        assert_eq!(
            field_name("cloudProviderEndpointId"),
            "cloud_provider_endpoint_id"
        );
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(field_name("x-y"), "x_y");
        assert_eq!(field_name("$"), "value");
        assert_eq!(module_name("type"), "type_");
    }

    #[test]
    fn variant_names() {
        assert_eq!(
            variant_name("RESERVATION_REQUESTED"),
            "ReservationRequested"
        );
        assert_eq!(variant_name("AWS"), "Aws");
        assert_eq!(variant_name("3.6"), "V3_6");
        assert_eq!(variant_name("8.0"), "V8_0");
        assert_eq!(variant_name("1"), "V1");
        assert_eq!(variant_name("3.a"), "V3A");
        assert_eq!(variant_name("10_GB"), "V10Gb");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(variant_name("<"), "Less");
        assert_eq!(variant_name("<="), "LessEqual");
        assert_eq!(variant_name("!="), "NotEqual");
        assert_eq!(variant_name("→"), "Value");
    }

    #[test]
    fn collisions_get_suffixes_and_diagnostics() {
        let mut scope = Scope::new();
        let mut diags = Vec::new();
        let a = Pointer::root().join("a");
        let b = Pointer::root().join("b");
        assert_eq!(scope.claim("FooBar", &a, "type", &mut diags), "FooBar");
        assert_eq!(scope.claim("FooBar", &b, "type", &mut diags), "FooBar2");
        assert_eq!(scope.claim("foo_bar", &a, "field", &mut diags), "foo_bar");
        assert_eq!(scope.claim("foo_bar", &b, "field", &mut diags), "foo_bar_2");
        assert_eq!(diags.len(), 2);
        assert!(diags[0].message.contains("#/a"), "{}", diags[0].message);
        assert_eq!(diags[0].pointer, "#/b");
    }
}
