//! Doc text shared by the views: paragraphs, code spans, a type's description.

use super::super::doc::doc_lines;
use crate::model::{ExternalDocs, TypeDef};

/// Appends a paragraph (a blank line first, unless `docs` is empty); nothing for no lines.
pub(super) fn push_para(docs: &mut Vec<String>, lines: impl IntoIterator<Item = String>) {
    let mut lines = lines.into_iter().peekable();
    if lines.peek().is_none() {
        return;
    }
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.extend(lines);
}

/// A Markdown code span that holds any text: the fence is a backtick run longer than any
/// inside it.
pub(super) fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// A description as doc lines; none for none.
pub(super) fn description(text: Option<&str>) -> Vec<String> {
    text.map(doc_lines).unwrap_or_default()
}

/// A type's title (in bold, unless the description starts with it) and description.
pub(super) fn type_docs(t: &TypeDef) -> Vec<String> {
    let mut docs = Vec::new();
    if let Some(title) = &t.title {
        if t.description
            .as_deref()
            .is_none_or(|d| !d.starts_with(title.as_str()))
        {
            docs.extend(doc_lines(&format!("**{}**", title.trim())));
            docs.push(String::new());
        }
    }
    docs.extend(description(t.description.as_deref()));
    docs
}

/// Which way a type travels, as a sentence.
pub(super) fn usage_line(t: &TypeDef) -> Option<String> {
    let line = match (t.usage.request, t.usage.response) {
        (true, true) => "Sent in requests and received in responses.",
        (true, false) => "Sent in requests.",
        (false, true) => "Received in responses.",
        (false, false) => return None,
    };
    Some(line.to_owned())
}

/// A link to external documentation.
pub(super) fn see(ed: &ExternalDocs) -> String {
    let text = ed
        .description
        .as_deref()
        .unwrap_or("External documentation");
    format!("See [{}]({}).", text.replace(['[', ']'], ""), ed.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(" x"), "`  x `");
    }
}
