//! Patterns of validated strings: ECMA-262 regular expressions, as OpenAPI says, run by
//! `regress`. A crate has this file only when its spec has patterns (and so depends on
//! `regress` only then).
//!
//! A check asks only whether a pattern matches, never what its groups captured, so groups
//! are compiled as non-capturing: `regress` then allocates nothing for captures on each
//! match (one allocation per match is left, of its own state, instead of up to four).

use std::sync::OnceLock;

use super::validation::{Rule, ValidationError};

/// A pattern, compiled on first use and then shared by every value of its type.
pub(crate) struct Pattern {
    source: &'static str,
    unicode: bool,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// A pattern to compile on first use; `unicode` sets the `u` flag.
    pub(crate) const fn new(source: &'static str, unicode: bool) -> Self {
        Pattern {
            source,
            unicode,
            compiled: OnceLock::new(),
        }
    }

    /// Checks that the pattern matches somewhere in `value`: ECMA-262 patterns are not
    /// anchored unless they say so.
    pub(crate) fn check(
        &self,
        type_name: &'static str,
        value: &str,
    ) -> Result<(), ValidationError> {
        let flags = if self.unicode { "u" } else { "" };
        let compiled = self
            .compiled
            .get_or_init(|| regress::Regex::with_flags(&without_captures(self.source), flags).ok());
        match compiled {
            Some(re) if re.find(value).is_some() => Ok(()),
            Some(_) => Err(ValidationError::new(
                type_name,
                Rule::Pattern(self.source),
                value,
            )),
            None => Err(ValidationError::new(
                type_name,
                Rule::PatternUnavailable(self.source),
                value,
            )),
        }
    }
}

/// `pattern` with its capturing groups made non-capturing, which matches exactly the same
/// values when nothing refers back to a group; a pattern with a backreference (`\1`,
/// `\k<name>`) is returned as it is.
fn without_captures(pattern: &str) -> String {
    let has_backreference = pattern.as_bytes().windows(2).enumerate().any(|(i, pair)| {
        pair[0] == b'\\'
            && (pair[1] == b'k' || (b'1'..=b'9').contains(&pair[1]))
            && !escaped(pattern, i)
    });
    if has_backreference {
        return pattern.to_owned();
    }
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                out.extend(chars.next());
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '(' if !in_class => match group_kind(chars.as_str()) {
                Group::Capturing => out.push_str("(?:"),
                Group::Named => {
                    out.push_str("(?:");
                    // Drop `?<name>`.
                    chars.by_ref().find(|c| *c == '>');
                }
                Group::Other => out.push(c),
            },
            _ => out.push(c),
        }
    }
    out
}

enum Group {
    /// `(…)`
    Capturing,
    /// `(?<name>…)`
    Named,
    /// `(?:…)`, or a lookaround: `(?=…)`, `(?!…)`, `(?<=…)`, `(?<!…)`.
    Other,
}

/// The kind of the group whose `(` comes just before `rest`.
fn group_kind(rest: &str) -> Group {
    match rest.strip_prefix("?<") {
        None if rest.starts_with('?') => Group::Other,
        None => Group::Capturing,
        Some(name) if name.starts_with(['=', '!']) => Group::Other,
        Some(_) => Group::Named,
    }
}

/// Whether the byte at `i` is escaped by an odd number of backslashes before it.
fn escaped(pattern: &str, i: usize) -> bool {
    pattern.as_bytes()[..i]
        .iter()
        .rev()
        .take_while(|b| **b == b'\\')
        .count()
        % 2
        == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_anywhere_unless_anchored() {
        static ANYWHERE: Pattern = Pattern::new("[0-9]{3}", true);
        assert!(ANYWHERE.check("T", "ab123cd").is_ok());
        static ANCHORED: Pattern = Pattern::new("^[0-9]{3}$", true);
        let e = ANCHORED.check("T", "ab123cd").unwrap_err();
        assert_eq!(e.rule(), &Rule::Pattern("^[0-9]{3}$"));
    }

    #[test]
    fn lookaheads_work() {
        static IP: Pattern = Pattern::new(r"^(?!0)(\d{1,3}\.){3}\d{1,3}$", true);
        assert!(IP.check("T", "10.0.0.1").is_ok());
        assert!(IP.check("T", "010.0.0.1").is_err());
    }

    #[test]
    fn groups_are_compiled_without_captures() {
        assert_eq!(without_captures("^([a-f0-9]{24})$"), "^(?:[a-f0-9]{24})$");
        assert_eq!(
            without_captures(r"^(?<id>x)(?:y)(?=z)(?!w)(?<=v)(?<!u)"),
            r"^(?:x)(?:y)(?=z)(?!w)(?<=v)(?<!u)"
        );
        assert_eq!(
            without_captures(r"\(a\)[(]"),
            r"\(a\)[(]",
            "escaped or in a class"
        );
        assert_eq!(without_captures(r"[\]((]("), r"[\]((](?:");
        assert_eq!(
            without_captures(r"^(a)\1$"),
            r"^(a)\1$",
            "a backreference keeps its group"
        );
        assert_eq!(without_captures(r"^(?<n>a)\k<n>$"), r"^(?<n>a)\k<n>$");
        assert_eq!(
            without_captures(r"^(a)\\1$"),
            r"^(?:a)\\1$",
            "an escaped backslash"
        );
    }

    #[test]
    fn patterns_without_captures_match_the_same_values() {
        let patterns = [
            "^([a-f0-9]{24})$",
            r"^((25[0-5]|(2[0-4]|1\d|[1-9]|)\d)(\.(?!$)|$)){4}|([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$",
            r"([\d]+\.[\d]+\.[\d]+)",
            r"^(?<word>[a-zé]+)(-(?<more>\w+))*$",
            r"(a|ab)(c|bcd)(d*)",
            r"^(?:(a)|b)+$",
            r"^[(]x[)](\()?$",
        ];
        let values = [
            "",
            "32b6e34b3d91647abb20e7b8",
            "32B6E34B3D91647ABB20E7B8",
            "10.0.0.1",
            "10.0.0.1.",
            "256.1.1.1",
            "fe80:0:0:0:0:0:0:1",
            "1.2.3",
            "v1.22.333-rc",
            "été-x_y",
            "été-",
            "abcd",
            "acd",
            "abab",
            "(x)",
            "(x)(",
            "日本",
            "a\nb",
            "😀",
        ];
        for pattern in patterns {
            let original = regress::Regex::with_flags(pattern, "u").unwrap();
            let rewritten = regress::Regex::with_flags(&without_captures(pattern), "u").unwrap();
            for value in values {
                assert_eq!(
                    original.find(value).is_some(),
                    rewritten.find(value).is_some(),
                    "{pattern} on {value:?}"
                );
            }
        }
    }

    #[test]
    fn a_pattern_that_does_not_compile_says_so() {
        static BROKEN: Pattern = Pattern::new("(", true);
        let e = BROKEN.check("T", "x").unwrap_err();
        assert_eq!(e.rule(), &Rule::PatternUnavailable("("));
        // Annex B identity escapes compile only without the `u` flag.
        static ANNEX_B: Pattern = Pattern::new(r"^a\:b$", false);
        assert!(ANNEX_B.check("T", "a:b").is_ok());
    }
}
