//! The `Link` header of RFC 8288: the target of the link whose relation is `next`, which
//! APIs that page this way (GitHub's) send with every page but the last.
//!
//! A header holds links separated by commas, each a `<target>` followed by parameters
//! separated by `;`. `rel` names one or more relations, separated by spaces and compared
//! without case (`rel="next last"`). A comma may stand inside `<…>` and inside a quoted
//! value, so the header is scanned, not split. A header that does not parse ends the scan:
//! the links before the fault count, nothing after it is guessed.
//!
//! Written here rather than taken from a crate: the crates that parse `Link` pull in
//! `regex` (compile time every generated crate would pay) or split on commas.

use std::borrow::Cow;

use reqwest::header::{HeaderMap, LINK};

/// The target of the first `next` link in the headers, as written (it may be relative).
pub(crate) fn next_target(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| next_in(value).map(str::to_owned))
}

/// The target of the first `next` link in one header value.
fn next_in(mut rest: &str) -> Option<&str> {
    loop {
        rest = rest.trim_start_matches([',', ' ', '\t']);
        let (target, after) = rest.strip_prefix('<')?.split_once('>')?;
        rest = after;
        let mut is_next = false;
        while let Some(after) = rest.trim_start().strip_prefix(';') {
            let (name, value, after) = parameter(after)?;
            rest = after;
            is_next |= name.eq_ignore_ascii_case("rel")
                && value
                    .split_ascii_whitespace()
                    .any(|relation| relation.eq_ignore_ascii_case("next"));
        }
        if is_next {
            return Some(target.trim());
        }
        rest = rest.trim_start();
        if !rest.is_empty() && !rest.starts_with(',') {
            return None;
        }
    }
}

/// One parameter (`rel="next"`, `rel=next`, or a name alone) and what follows it; `None`
/// when a quoted value is not closed.
fn parameter(text: &str) -> Option<(&str, Cow<'_, str>, &str)> {
    let text = text.trim_start();
    let name_end = text.find(['=', ';', ',']).unwrap_or(text.len());
    let name = text[..name_end].trim();
    let Some(after) = text[name_end..].strip_prefix('=') else {
        return Some((name, Cow::Borrowed(""), &text[name_end..]));
    };
    let after = after.trim_start();
    match after.strip_prefix('"') {
        Some(quoted) => {
            let (value, rest) = quoted_string(quoted)?;
            Some((name, Cow::Owned(value), rest))
        }
        None => {
            let end = after.find([';', ',']).unwrap_or(after.len());
            Some((name, Cow::Borrowed(after[..end].trim()), &after[end..]))
        }
    }
}

/// A quoted string's value (its opening quote already read) and what follows its closing
/// quote; `\` escapes the character after it.
fn quoted_string(text: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &text[i + 1..])),
            '\\' => value.push(chars.next()?.1),
            c => value.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(value: &str) -> Option<&str> {
        next_in(value)
    }

    #[test]
    fn github_links() {
        let value = "<https://api.github.com/repositories/1/issues?page=2>; rel=\"next\", \
                     <https://api.github.com/repositories/1/issues?page=5>; rel=\"last\"";
        assert_eq!(
            next(value),
            Some("https://api.github.com/repositories/1/issues?page=2")
        );
    }

    #[test]
    fn the_next_link_may_come_anywhere_and_in_any_form() {
        assert_eq!(
            next("</p?page=1>; rel=prev, </p?page=3>; rel=next"),
            Some("/p?page=3")
        );
        assert_eq!(
            next("</p?a=1,2>; title=\"x, y\"; rel=\"last NEXT\""),
            Some("/p?a=1,2")
        );
        assert_eq!(next("</p>; rel=\"ne\\xt\""), Some("/p"));
        assert_eq!(next("</p>;rel=next;title=\"two\""), Some("/p"));
        assert_eq!(next("</p>; anchor; rel=next"), Some("/p"));
    }

    #[test]
    fn no_next_link() {
        assert_eq!(next(""), None);
        assert_eq!(next("</p?page=1>; rel=\"prev\""), None);
        assert_eq!(next("</p>; rel=\"nextpage\""), None);
        assert_eq!(next("</p>; rel=\"first\", </q>; rel=\"last\""), None);
    }

    #[test]
    fn a_broken_header_ends_the_scan_without_guessing() {
        assert_eq!(next("https://example.com/p; rel=next"), None);
        assert_eq!(next("</p; rel=next"), None);
        assert_eq!(next("</p>; rel=\"next"), None);
        assert_eq!(next("</p> junk </q>; rel=next"), None);
        // The links before the fault still count.
        assert_eq!(next("</p>; rel=next, garbage"), Some("/p"));
    }

    #[test]
    fn every_link_header_is_read() {
        let mut headers = HeaderMap::new();
        headers.append(LINK, "</p?page=1>; rel=prev".parse().unwrap());
        headers.append(LINK, "</p?page=3>; rel=next".parse().unwrap());
        assert_eq!(next_target(&headers).as_deref(), Some("/p?page=3"));
    }
}
