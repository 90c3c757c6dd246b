//! Spec descriptions (CommonMark) → rustdoc lines that build without warnings.
//!
//! rustdoc runs unlabelled and indented code blocks as doctests, reads `[x]` as an
//! intra-doc link, `<x>` as an HTML tag and warns on bare URLs. Descriptions are written
//! for web pages, so each of those is neutralised here while the text stays readable.

/// Turns a description into doc lines (without the `///`).
pub fn doc_lines(text: &str) -> Vec<String> {
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    let mut in_fence: Option<String> = None;
    let mut in_indented = false;
    let mut prev_blank = true;
    // The column where the text of the list item being written starts, and whether a
    // block quote is open: a line that continues either lazily is indented or quoted, so
    // that it reads the same and rustdoc's lints are quiet.
    let mut list_indent: Option<usize> = None;
    let mut in_quote = false;
    for raw in text.lines() {
        let line = raw.trim_end();
        if let Some(fence) = &in_fence {
            if line.trim_start().starts_with(fence.as_str()) {
                out.push(fence.clone());
                in_fence = None;
            } else {
                out.push(line.to_owned());
            }
            prev_blank = false;
            continue;
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            let lang = trimmed[marker.len()..].trim();
            let lang = if lang.is_empty() || lang == "rust" {
                "text"
            } else {
                lang
            };
            out.push(format!("{marker}{lang}"));
            in_fence = Some(marker);
            prev_blank = false;
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if in_indented {
            if indented || line.is_empty() {
                out.push(unindent(line).to_owned());
                continue;
            }
            // Close the block (drop trailing blank lines inside it first).
            while out.last().is_some_and(|l| l.is_empty()) {
                out.pop();
            }
            out.push("```".to_owned());
            out.push(String::new());
            in_indented = false;
        }
        if indented && prev_blank && !trimmed.is_empty() && !is_list_item(trimmed) {
            out.push("```text".to_owned());
            out.push(unindent(line).to_owned());
            in_indented = true;
            prev_blank = false;
            continue;
        }
        let mut line = std::borrow::Cow::Borrowed(line);
        if trimmed.is_empty() {
            list_indent = None;
            in_quote = false;
        } else if let Some(marker) = list_marker(trimmed) {
            list_indent = Some(line.len() - trimmed.len() + marker);
            in_quote = false;
        } else if trimmed.starts_with('>') {
            in_quote = true;
        } else if in_quote {
            line = std::borrow::Cow::Owned(format!("> {trimmed}"));
        } else if let Some(indent) = list_indent {
            let have = line.len() - trimmed.len();
            if have < indent {
                line = std::borrow::Cow::Owned(format!("{}{trimmed}", " ".repeat(indent)));
            }
        }
        out.push(escape_inline(&line));
        prev_blank = line.is_empty();
    }
    if in_indented {
        while out.last().is_some_and(|l| l.is_empty()) {
            out.pop();
        }
        out.push("```".to_owned());
    }
    if let Some(fence) = in_fence {
        out.push(fence);
    }
    // Trim blank lines at both ends and fold runs of blank lines.
    let mut folded: Vec<String> = Vec::new();
    for l in out {
        if l.is_empty() && folded.last().is_none_or(|p| p.is_empty()) {
            continue;
        }
        folded.push(l);
    }
    while folded.last().is_some_and(|l| l.is_empty()) {
        folded.pop();
    }
    folded
}

/// A line of an indented code block without the block's indentation.
fn unindent(line: &str) -> &str {
    line.strip_prefix("    ")
        .or_else(|| line.strip_prefix('\t'))
        .unwrap_or(line)
}

/// For a list item (`- x`, `* x`, `+ x`, `1. x`, `1) x`), the width of its marker and the
/// spaces after it: where the item's text starts.
fn list_marker(trimmed: &str) -> Option<usize> {
    let marker = if is_list_item(trimmed) {
        1
    } else {
        let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &trimmed[digits..];
        if !((1..=9).contains(&digits) && (rest.starts_with(". ") || rest.starts_with(") "))) {
            return None;
        }
        digits + 1
    };
    let spaces = trimmed[marker..].bytes().take_while(|b| *b == b' ').count();
    // Five spaces or more start an indented code block inside the item: the text is one
    // space in.
    Some(marker + if spaces >= 5 { 1 } else { spaces })
}

fn is_list_item(trimmed: &str) -> bool {
    trimmed.starts_with("- ") || trimmed.starts_with("* ") || trimmed.starts_with("+ ")
}

/// Escapes one line of prose: code spans are kept as they are; outside them, brackets
/// that are not a Markdown link, angle brackets that are not an autolink, and bare URLs
/// are made harmless.
fn escape_inline(line: &str) -> String {
    // Most lines hold nothing the loop below would change.
    if !line.contains(['`', '[', ']', '<', '>']) && !line.contains("http") {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + 8);
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '`' => {
                // A code span: copy through the matching run of backticks.
                let run = chars[i..].iter().take_while(|c| **c == '`').count();
                let close = find_run(&chars, i + run, run);
                let end = close.map(|j| j + run).unwrap_or(chars.len());
                if close.is_none() {
                    // An unmatched backtick: escape it so it opens nothing.
                    for _ in 0..run {
                        out.push_str("\\`");
                    }
                    i += run;
                    continue;
                }
                out.extend(&chars[i..end]);
                i = end;
            }
            '[' => {
                // `[text](url)` stays a link; anything else is literal text.
                if let Some(close) = matching(&chars, i, '[', ']') {
                    if chars.get(close + 1) == Some(&'(') {
                        if let Some(paren) = matching(&chars, close + 1, '(', ')') {
                            out.push('[');
                            out.push_str(&escape_inline(
                                &chars[i + 1..close].iter().collect::<String>(),
                            ));
                            out.push(']');
                            out.extend(&chars[close + 1..=paren]);
                            i = paren + 1;
                            continue;
                        }
                    }
                }
                out.push_str("\\[");
                i += 1;
            }
            ']' => {
                out.push_str("\\]");
                i += 1;
            }
            '<' => {
                let rest: String = chars[i + 1..].iter().collect();
                if rest.starts_with("http://") || rest.starts_with("https://") {
                    if let Some(end) = rest.find('>') {
                        if !rest[..end].contains(char::is_whitespace) {
                            out.push('<');
                            out.push_str(&rest[..=end]);
                            i += end + 2;
                            continue;
                        }
                    }
                }
                out.push_str("&lt;");
                i += 1;
            }
            '>' if out.trim().is_empty() => {
                // A block quote marker: keep it.
                out.push('>');
                i += 1;
            }
            '>' => {
                out.push_str("&gt;");
                i += 1;
            }
            'h' if starts_url(&chars[i..]) && !preceded_by_link_syntax(&out) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| {
                        c.is_whitespace() || *c == '"' || *c == '\'' || *c == '<' || *c == '>'
                    })
                    .map(|p| i + p)
                    .unwrap_or(chars.len());
                let mut url: String = chars[i..end].iter().collect();
                // Trailing punctuation belongs to the sentence, not the URL.
                let mut tail = String::new();
                while url.ends_with(['.', ',', ';', ':', ')', '!', '?']) {
                    if url.ends_with(')') && url.matches('(').count() >= url.matches(')').count() {
                        break;
                    }
                    tail.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&tail);
                i = end;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

fn starts_url(chars: &[char]) -> bool {
    let starts = |prefix: &str| {
        chars.len() >= prefix.len() && prefix.chars().zip(chars).all(|(p, c)| p == *c)
    };
    starts("http://") || starts("https://")
}

fn preceded_by_link_syntax(out: &str) -> bool {
    out.ends_with("](") || out.ends_with('<')
}

fn find_run(chars: &[char], from: usize, run: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let r = chars[j..].iter().take_while(|c| **c == '`').count();
            if r == run {
                return Some(j);
            }
            j += r;
        } else {
            j += 1;
        }
    }
    None
}

fn matching(chars: &[char], open_at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    for (j, c) in chars.iter().enumerate().skip(open_at) {
        if *c == open {
            depth += 1;
        } else if *c == close {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::doc_lines;

    #[test]
    fn code_blocks_are_never_doctests() {
        let lines = doc_lines("Run:\n\n```\ncurl x\n```\n\nor\n\n    indented code\n\nafter");
        assert_eq!(
            lines,
            [
                "Run:",
                "",
                "```text",
                "curl x",
                "```",
                "",
                "or",
                "",
                "```text",
                "indented code",
                "```",
                "",
                "after"
            ]
        );
    }

    #[test]
    fn brackets_tags_and_urls() {
        assert_eq!(
            doc_lines("Matches [a-f0-9]{24}.")[0],
            "Matches \\[a-f0-9\\]{24}."
        );
        assert_eq!(
            doc_lines("Use [/groups](#tag/Projects).")[0],
            "Use [/groups](#tag/Projects)."
        );
        assert_eq!(
            doc_lines("Give <PUBLIC-KEY>.")[0],
            "Give &lt;PUBLIC-KEY&gt;."
        );
        assert_eq!(
            doc_lines("See https://x.org/a.")[0],
            "See <https://x.org/a>."
        );
        assert_eq!(
            doc_lines("See <https://x.org/a>.")[0],
            "See <https://x.org/a>."
        );
        assert_eq!(
            doc_lines("[docs](https://x.org/a)")[0],
            "[docs](https://x.org/a)"
        );
        assert_eq!(
            doc_lines("Keep `a[0] <b>` as is")[0],
            "Keep `a[0] <b>` as is"
        );
        assert_eq!(doc_lines("an odd ` tick")[0], "an odd \\` tick");
    }

    #[test]
    fn lazy_continuations_are_indented_or_quoted() {
        let lines = doc_lines(
            "- one\nmore of one\n- two\n\n1. first\nstill first\n\n> quote\nlazy\n\nplain\ttab\n\n*   wide\nlazy",
        );
        assert_eq!(
            lines,
            [
                "- one",
                "  more of one",
                "- two",
                "",
                "1. first",
                "   still first",
                "",
                "> quote",
                "> lazy",
                "",
                "plain    tab",
                "",
                "*   wide",
                "    lazy"
            ]
        );
    }

    #[test]
    fn blank_runs_fold() {
        assert_eq!(doc_lines("\n\na\n\n\n\nb\n\n"), ["a", "", "b"]);
    }
}
