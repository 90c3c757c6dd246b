//! How strictly a response body is read: every rule of the spec (the default), or leniently
//! where the server is trusted, or tolerantly for the body of a documented error.
//!
//! The way of reading is set for the duration of one decoding, on the thread that decodes
//! (decoding never awaits, so the whole of it runs there), and the types read it where a
//! rule applies. Passing it down as an argument instead would give every generated type a
//! second, seeded `Deserialize`; and a type decoded outside a response (`serde_json::from_str`
//! in the caller's code) is read strictly, as it should be.

use std::cell::Cell;

/// A way of reading a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    /// Patterns and length limits of strings are not checked: the server is trusted to send
    /// what it means, and the value is kept as it came.
    pub(crate) trusts_strings: bool,
    /// An optional member whose value does not fit its type (another JSON type, a string
    /// that breaks its rules, a value no closed enum lists) is read as absent instead of
    /// failing the whole body.
    pub(crate) drops_misfits: bool,
}

impl Reading {
    /// Every rule is checked; any value that breaks one fails the body.
    pub(crate) const STRICT: Reading = Reading {
        trusts_strings: false,
        drops_misfits: false,
    };

    /// For success bodies when the client is told not to be strict: strings are trusted,
    /// and optional members that do not fit are dropped.
    pub(crate) const LENIENT: Reading = Reading {
        trusts_strings: true,
        drops_misfits: true,
    };

    /// For the bodies of documented errors: whatever fits is kept and the rest dropped, so
    /// that a required error code survives a detail the spec got wrong.
    pub(crate) const TOLERANT: Reading = Reading {
        trusts_strings: false,
        drops_misfits: true,
    };

    /// Runs `decode` with this way of reading, then restores the one before (also when
    /// `decode` panics).
    pub(crate) fn apply<T>(self, decode: impl FnOnce() -> T) -> T {
        struct Restore(Reading);

        impl Drop for Restore {
            fn drop(&mut self) {
                CURRENT.with(|current| current.set(self.0));
            }
        }

        let _restore = Restore(CURRENT.with(|current| current.replace(self)));
        decode()
    }

    /// The way of reading of the decoding under way.
    pub(crate) fn current() -> Reading {
        CURRENT.with(Cell::get)
    }
}

thread_local! {
    static CURRENT: Cell<Reading> = const { Cell::new(Reading::STRICT) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_way_of_reading_lasts_as_long_as_its_decoding() {
        assert_eq!(Reading::current(), Reading::STRICT);
        let inner = Reading::LENIENT.apply(|| {
            let nested = Reading::TOLERANT.apply(Reading::current);
            (Reading::current(), nested)
        });
        assert_eq!(inner, (Reading::LENIENT, Reading::TOLERANT));
        assert_eq!(Reading::current(), Reading::STRICT);
        let panicked = std::panic::catch_unwind(|| Reading::LENIENT.apply(|| panic!("boom")));
        assert!(panicked.is_err());
        assert_eq!(
            Reading::current(),
            Reading::STRICT,
            "restored after a panic"
        );
    }
}
