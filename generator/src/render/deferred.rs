//! Doc comments set aside while code is checked and formatted.
//!
//! Doc comments cost `syn` and `prettyplease` an attribute and a string literal per line,
//! though both pass them through unchanged; and a third of the generated lines are docs.
//! So the `doc` and `inner_doc` filters write each multi-line block as a one-line
//! placeholder comment and keep the block in the render's [`DeferredDocs`]; the format
//! stage puts the blocks back after printing ([`DeferredDocs::restore`]), which gives
//! what formatting the text with the docs in place gives. Text that is not formatted gets
//! its blocks back with [`DeferredDocs::expand`].

use minijinja::State;

/// Marks a placeholder: `///` or `//!`, this character, and the block's number. The ASCII
/// unit separator: no doc text needs it (a block that holds it is not deferred), and
/// unlike a character outside ASCII, the lexer escapes it without looking it up in
/// Unicode's tables.
pub(crate) const MARKER: char = '\u{1F}';

/// The doc blocks of one rendered piece, numbered in the order the filters met them.
#[derive(Debug, Default)]
pub(crate) struct DeferredDocs {
    blocks: Vec<Vec<String>>,
}

/// The `doc` filter: doc lines as `///` comments.
pub(crate) fn doc(state: &mut State, lines: Vec<String>) -> String {
    comment(state, &lines, "///")
}

/// The `inner_doc` filter: doc lines as `//!` comments.
pub(crate) fn inner_doc(state: &mut State, lines: Vec<String>) -> String {
    comment(state, &lines, "//!")
}

fn comment(state: &mut State, lines: &[String], marker: &str) -> String {
    let block = doc_lines(lines, marker);
    let docs = state.get_or_insert_extension(DeferredDocs::default());
    match docs.defer(block, marker) {
        Ok(placeholder) => placeholder,
        Err(block) => block.join("\n"),
    }
}

/// Doc lines as comment lines, each as `prettyplease` prints it: the marker, a space and
/// the text, trailing spaces trimmed.
fn doc_lines(lines: &[String], marker: &str) -> Vec<String> {
    lines
        .iter()
        .map(|line| {
            let mut out = String::with_capacity(marker.len() + 1 + line.len());
            out.push_str(marker);
            if !line.is_empty() {
                out.push(' ');
                if line.contains(['\n', '\r']) {
                    // A doc line cannot hold a line break; lines come split already.
                    out.extend(line.chars().map(|c| match c {
                        '\n' | '\r' => ' ',
                        c => c,
                    }));
                } else {
                    out.push_str(line);
                }
            }
            out.truncate(out.trim_end_matches(' ').len());
            out
        })
        .collect()
}

/// The placeholder at the start of `s`: the comment marker, the block's number, and the
/// length of the placeholder's text.
fn placeholder(s: &str) -> Option<(&str, usize, usize)> {
    let marker = ["///", "//!"].into_iter().find(|m| s.starts_with(m))?;
    let rest = s[marker.len()..].strip_prefix(MARKER)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n = rest[..digits].parse().ok()?;
    Some((marker, n, marker.len() + MARKER.len_utf8() + digits))
}

impl DeferredDocs {
    /// Whether no block was set aside.
    pub(crate) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// Stores a block and returns its one-line placeholder; the block back when it is
    /// empty or holds the marker character itself.
    fn defer(&mut self, block: Vec<String>, marker: &str) -> Result<String, Vec<String>> {
        if block.is_empty() || block.iter().any(|l| l.contains(MARKER)) {
            return Err(block);
        }
        self.blocks.push(block);
        Ok(format!("{marker}{MARKER}{}", self.blocks.len() - 1))
    }

    /// Replaces each placeholder line of formatted text by its block, at the line's indent;
    /// `None` unless every line that holds a placeholder is exactly one, and every block is
    /// used once.
    pub(crate) fn restore(&self, printed: &str) -> Option<String> {
        let extra: usize = self.blocks.iter().flatten().map(|l| l.len() + 8).sum();
        let mut out = String::with_capacity(printed.len() + extra);
        let mut used = vec![false; self.blocks.len()];
        for line in printed.split_inclusive('\n') {
            if !line.contains(MARKER) {
                out.push_str(line);
                continue;
            }
            let body = line.strip_suffix('\n')?;
            let text = body.trim_start_matches(' ');
            let indent = &body[..body.len() - text.len()];
            let (marker, n, len) = placeholder(text)?;
            let block = self.blocks.get(n)?;
            if len != text.len()
                || std::mem::replace(used.get_mut(n)?, true)
                || !block.iter().all(|l| l.starts_with(marker))
            {
                return None;
            }
            for l in block {
                out.push_str(indent);
                out.push_str(l);
                out.push('\n');
            }
        }
        used.iter().all(|u| *u).then_some(out)
    }

    /// Rendered text with each placeholder replaced by its block, as the filters would have
    /// written it without deferring.
    pub(crate) fn expand(&self, text: &str) -> String {
        if self.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find(MARKER) {
            let start = i.saturating_sub(3);
            match rest
                .get(start..)
                .and_then(placeholder)
                .and_then(|(_, n, len)| self.blocks.get(n).map(|b| (b, len)))
            {
                Some((block, len)) => {
                    out.push_str(&rest[..start]);
                    out.push_str(&block.join("\n"));
                    rest = &rest[start + len..];
                }
                None => {
                    let next = i + MARKER.len_utf8();
                    out.push_str(&rest[..next]);
                    rest = &rest[next..];
                }
            }
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deferred(blocks: &[&[&str]]) -> (DeferredDocs, Vec<String>) {
        let mut docs = DeferredDocs::default();
        let placeholders = blocks
            .iter()
            .map(|b| {
                let block = b.iter().map(|l| format!("/// {l}")).collect();
                docs.defer(block, "///").unwrap()
            })
            .collect();
        (docs, placeholders)
    }

    #[test]
    fn placeholders_are_restored_at_their_indent() {
        let (docs, p) = deferred(&[&["a", "b"], &["c"]]);
        let printed = format!("{}\nstruct A {{\n    {}\n    x: u8,\n}}\n", p[0], p[1]);
        let restored = docs.restore(&printed).unwrap();
        assert_eq!(
            restored,
            "/// a\n/// b\nstruct A {\n    /// c\n    x: u8,\n}\n"
        );
        assert_eq!(
            docs.expand(&printed).replace("\n    ", "\n"),
            restored.replace("\n    ", "\n")
        );
    }

    #[test]
    fn a_placeholder_that_is_not_a_line_of_its_own_is_not_restored() {
        let (docs, p) = deferred(&[&["a"]]);
        assert_eq!(docs.restore(&format!("x {}\n", p[0])), None);
        assert_eq!(docs.restore("no placeholder\n"), None, "a block not used");
        assert_eq!(docs.expand(&format!("x {}\n", p[0])), "x /// a\n");
    }

    #[test]
    fn blocks_holding_the_marker_are_not_deferred() {
        let mut docs = DeferredDocs::default();
        let block = vec![format!("/// {MARKER}0")];
        assert_eq!(docs.defer(block.clone(), "///"), Err(block));
        assert!(docs.is_empty());
    }
}
