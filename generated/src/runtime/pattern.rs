//! Patterns of validated strings: ECMA-262 regular expressions, as OpenAPI says, run by
//! `regress`. A crate has this file only when its spec has patterns (and so depends on
//! `regress` only then).

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
            .get_or_init(|| regress::Regex::with_flags(self.source, flags).ok());
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
    fn a_pattern_that_does_not_compile_says_so() {
        static BROKEN: Pattern = Pattern::new("(", true);
        let e = BROKEN.check("T", "x").unwrap_err();
        assert_eq!(e.rule(), &Rule::PatternUnavailable("("));
        // Annex B identity escapes compile only without the `u` flag.
        static ANNEX_B: Pattern = Pattern::new(r"^a\:b$", false);
        assert!(ANNEX_B.check("T", "a:b").is_ok());
    }
}
