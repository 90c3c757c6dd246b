//! Stage 4: every rendered piece of Rust is parsed with `syn` and printed with
//! `prettyplease`; its doc blocks are put back after printing (see
//! [`crate::render::deferred`]).
//!
//! A parse failure is a bug in a template: the error names the template, the line and the
//! offending text, and keeps the whole rendered text for inspection.

use crate::error::{Error, FormatError, Result};
use crate::render::Rendered;
use crate::render::deferred::MARKER;

/// Parses Rust text; the error points at the template and line.
fn parse(file: &str, template: &str, text: &str) -> Result<syn::File> {
    syn::parse_file(text).map_err(|e| {
        let message = e.to_string();
        let line = failing_line(text, &message);
        Error::Format(Box::new(FormatError {
            file: file.to_owned(),
            template: template.to_owned(),
            message,
            line,
            column: 1,
            excerpt: excerpt(text, line),
            rendered: text.to_owned(),
        }))
    })
}

/// Formats a rendered piece: what formatting its text with the docs in place gives. Where
/// a placeholder did not come out on a line of its own, or the text does not parse, the
/// docs are put back first and the full text is formatted (so an error shows the real
/// lines).
pub(crate) fn format(piece: &Rendered) -> Result<String> {
    if piece.docs.is_empty() {
        let file = parse(&piece.file, &piece.template, &piece.text)?;
        return Ok(keep_macro_layout(&piece.text, print(&file)));
    }
    if let Ok(file) = syn::parse_file(&piece.text)
        && let Some(out) = piece.docs.restore(&print(&file))
    {
        return Ok(keep_macro_layout(&piece.text, out));
    }
    let full = piece.docs.expand(&piece.text);
    let file = parse(&piece.file, &piece.template, &full)?;
    Ok(keep_macro_layout(&full, print(&file)))
}

/// The line a parse error is on. Token positions are not tracked while parsing (that would
/// slow every run down for the sake of a rare error), so the line is found afterwards: the
/// first line such that the text up to it fails with the same message, which a syntax error
/// does from its line on (shorter prefixes parse, or end too early).
fn failing_line(text: &str, message: &str) -> usize {
    let ends: Vec<usize> = text
        .match_indices('\n')
        .map(|(i, _)| i + 1)
        .chain([text.len()])
        .collect();
    let fails_here = |n: usize| {
        let prefix = &text[..ends[n - 1]];
        let balanced = format!("{prefix}{}", closers(prefix));
        syn::parse_file(&balanced).is_err_and(|e| e.to_string() == message)
    };
    let (mut lo, mut hi) = (1, ends.len());
    if !fails_here(hi) {
        return hi;
    }
    while lo < hi {
        let mid = (lo + hi) / 2;
        if fails_here(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// Prints a parsed file.
fn print(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

/// The lines around `line`, numbered, with `>` marking `line`.
fn excerpt(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = line.saturating_sub(3).max(1);
    let to = (line + 2).min(lines.len());
    let mut out = String::new();
    for n in from..=to {
        let Some(l) = lines.get(n - 1) else { break };
        let mark = if n == line { '>' } else { ' ' };
        out.push_str(&format!("{mark}{n:>4} | {l}\n"));
    }
    out
}

/// The closing delimiters that balance `text` (skipping strings, characters and comments),
/// so that a prefix of valid-looking code can be parsed.
fn closers(text: &str) -> String {
    let mut stack = Vec::new();
    scan_delimiters(text, 0, |_, d| {
        match d {
            b'(' => stack.push(')'),
            b'[' => stack.push(']'),
            b'{' => stack.push('}'),
            _ => {
                stack.pop();
            }
        }
        true
    });
    stack.iter().rev().collect()
}

/// Calls `f` with the offset of each bracket of `text` from `from` on, skipping strings,
/// characters and comments, until `f` returns `false`.
fn scan_delimiters(text: &str, from: usize, mut f: impl FnMut(usize, u8) -> bool) {
    let b = text.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 1;
                i += 2;
                while i < b.len() && depth > 0 {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 1;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 1;
                    }
                    i += 1;
                }
                continue;
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'\'' => {
                // A character literal ('x', '\n'), or a lifetime ('a): skip only the former.
                if b.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                } else if b.get(i + 2) == Some(&b'\'') {
                    i += 2;
                }
            }
            d @ (b'(' | b'[' | b'{' | b')' | b']' | b'}') if !f(i, d) => return,
            _ => {}
        }
        i += 1;
    }
}

/// `prettyplease` prints the body of a `macro_rules!`, and the arguments of a macro called
/// as an item (`super::validation::serde_struct!(…);`), as a run of tokens (it cannot know
/// what the tokens mean), where `rustfmt` would leave them as written: such definitions and
/// calls keep the layout of their template. Where the macros of the printed and the source
/// text do not pair up (same macro, same tokens), the printed text is kept.
fn keep_macro_layout(source: &str, printed: String) -> String {
    if !source.contains('!') {
        return printed;
    }
    let from = macro_items(source);
    let to = macro_items(&printed);
    let same = |(fs, fe): (usize, usize), (ts, te): (usize, usize)| {
        let (a, b) = (&source[fs..fe], &printed[ts..te]);
        let (Some((path, rest_a)), Some((path_b, rest_b))) = (a.split_once('!'), b.split_once('!'))
        else {
            return false;
        };
        if path != path_b {
            return false;
        }
        if path == "macro_rules" {
            // Doc comments in the body are printed as `#[doc]` attributes: pair by name.
            let name = |t: &str| {
                t.split(|c: char| c == '{' || c == '(' || c.is_whitespace())
                    .find(|w| !w.is_empty())
                    .map(str::to_owned)
            };
            return name(rest_a) == name(rest_b);
        }
        !a.contains(MARKER) && same_but_spaces(a.as_bytes(), b.as_bytes())
    };
    if from.len() != to.len() || from.iter().zip(&to).any(|(a, b)| !same(*a, *b)) {
        return printed;
    }
    let mut out = String::with_capacity(printed.len());
    let mut last = 0;
    for ((fs, fe), (ts, te)) in from.into_iter().zip(to) {
        out.push_str(&printed[last..ts]);
        out.push_str(&source[fs..fe]);
        last = te;
    }
    out.push_str(&printed[last..]);
    out
}

/// Whether `a` and `b` are the same text once ASCII whitespace is left out.
fn same_but_spaces(a: &[u8], b: &[u8]) -> bool {
    let (mut i, mut j) = (0, 0);
    loop {
        while a.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        while b.get(j).is_some_and(u8::is_ascii_whitespace) {
            j += 1;
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some(x), Some(y)) if x == y => {
                i += 1;
                j += 1;
            }
            _ => return false,
        }
    }
}

/// The macro items of `text` that start a line: `macro_rules!` definitions and calls of a
/// macro by path (`a::b!(…);`); where each starts and ends.
fn macro_items(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('!') {
        let bang = at + i;
        at = bang + 1;
        let line_start = text[..bang].rfind('\n').map_or(0, |n| n + 1);
        let path = &text[line_start..bang];
        let is_path = path.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && path
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
        if !is_path {
            continue;
        }
        let mut depth = 0usize;
        let mut end = None;
        scan_delimiters(text, at, |pos, d| {
            if matches!(d, b'(' | b'[' | b'{') {
                depth += 1;
            } else {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    end = Some(pos + 1);
                    return false;
                }
            }
            true
        });
        let Some(mut end) = end else { break };
        if text[end..].starts_with(';') {
            end += 1;
        }
        out.push((line_start, end));
        at = end;
    }
    out
}

/// Folds a generated crate's `src/` files into one module file for
/// `include!(concat!(env!("OUT_DIR"), "/…"))`: every `mod x;` becomes `mod x { … }` with the
/// contents of its file. Inner attributes of the crate root (its `//!` docs,
/// `#![forbid(unsafe_code)]`) cannot stand in an included file and are left out; those of
/// the other files become outer attributes of their `mod` items.
pub fn module_file(files: &std::collections::BTreeMap<String, String>) -> Result<String> {
    let lib = files
        .get("src/lib.rs")
        .ok_or_else(|| Error::Usage("the generated files have no src/lib.rs".to_owned()))?;
    let mut root = parse("src/lib.rs", "lib.rs.jinja", lib)?;
    root.attrs.clear();
    inline_modules(&mut root.items, "src", files)?;
    Ok(print(&root))
}

fn inline_modules(
    items: &mut [syn::Item],
    dir: &str,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<()> {
    for item in items.iter_mut() {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() {
            continue;
        }
        let name = m.ident.to_string();
        let candidates = [format!("{dir}/{name}.rs"), format!("{dir}/{name}/mod.rs")];
        let Some((path, text)) = candidates
            .iter()
            .find_map(|c| files.get(c).map(|t| (c.clone(), t)))
        else {
            return Err(Error::Usage(format!(
                "module `{name}` has no file ({} or {})",
                candidates[0], candidates[1]
            )));
        };
        let mut file = parse(&path, "(generated file)", text)?;
        inline_modules(&mut file.items, &format!("{dir}/{name}"), files)?;
        // The file's inner attributes (`//!` docs, `#![allow(…)]`) say the same as outer ones
        // on the `mod` item; outer keeps one style per item, as clippy asks.
        for mut attr in file.attrs {
            attr.style = syn::AttrStyle::Outer;
            m.attrs.push(attr);
        }
        m.content = Some((syn::token::Brace::default(), file.items));
        m.semi = None;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_rust_names_template_and_line() {
        let text = "pub struct A {\n    x: u8,\n    y u8,\n}\n";
        let Err(err) = parse("src/types.rs", "struct.rs.jinja", text) else {
            panic!("invalid Rust parsed")
        };
        let msg = err.to_string();
        assert!(msg.contains("struct.rs.jinja"), "{msg}");
        assert!(msg.contains("src/types.rs"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.contains(">   3 |     y u8,"), "{msg}");
    }

    #[test]
    fn the_failing_line_is_found_in_longer_text() {
        let mut text = String::from(
            "/// a doc with a ( paren and a \" quote\npub struct A {\n    x: u8,\n}\n",
        );
        for i in 0..40 {
            text.push_str(&format!(
                "impl A {{\n    fn f{i}(&self) -> char {{\n        '{{'\n    }}\n}}\n"
            ));
        }
        text.push_str("impl A {\n    fn broken(&self) {\n        let x = ;\n    }\n}\n");
        let line = text.lines().position(|l| l.contains("let x = ;")).unwrap() + 1;
        let Err(Error::Format(f)) = parse("f", "t", &text) else {
            panic!("parsed")
        };
        assert_eq!(f.line, line, "{}", f.excerpt);
    }

    /// Renders `template` (with `{{ d0 | doc }}`-style calls), and formats it twice: with
    /// the docs in place, and deferred.
    fn both_ways(template: &str, docs: &[&[&str]]) -> (String, String) {
        let mut env = minijinja::Environment::new();
        crate::render::register_filters(&mut env);
        env.add_template_owned("t", template.to_owned()).unwrap();
        let ctx: std::collections::BTreeMap<String, Vec<String>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("d{i}"), d.iter().map(|l| l.to_string()).collect()))
            .collect();
        let mut captured = env
            .get_template("t")
            .unwrap()
            .render_captured(&ctx)
            .unwrap();
        let docs = captured.with_state_mut(|s| {
            s.get_extension_mut::<crate::render::deferred::DeferredDocs>()
                .map(std::mem::take)
                .unwrap_or_default()
        });
        let text = captured.into_output();
        let direct = print(&parse("f", "t", &docs.expand(&text)).unwrap());
        let piece = Rendered {
            file: "f".into(),
            template: "t".into(),
            text,
            docs,
        };
        (direct, format(&piece).unwrap())
    }

    #[test]
    fn deferred_docs_format_as_docs_in_place() {
        let template = "{{ d0 | inner_doc }}\n{{ d1 | doc }}\npub struct A {\n{{ d2 | doc }}\n  pub x: u8,\n}\nimpl A {\n{{ d3 | doc }}\n    pub fn f(&self) {}\n}\n";
        let docs: &[&[&str]] = &[
            &["Crate docs.", "", "More."],
            &["A type.", "", "  indented  ", "trailing   "],
            &["One line with `code` and a \" quote, and a /slash"],
            &["", "x"],
        ];
        let (direct, via) = both_ways(template, docs);
        assert_eq!(direct, via);
        assert!(via.contains("    /// One line with `code`"), "{via}");
    }

    #[test]
    fn a_placeholder_inside_a_macro_falls_back_to_docs_in_place() {
        let template = "m! {\n{{ d0 | doc }}\n    struct A;\n}\n{{ d1 | doc }}\npub struct B;\n";
        let (direct, via) = both_ways(template, &[&["in a macro"], &["outside"]]);
        assert_eq!(direct, via);
        assert!(!via.contains(MARKER), "{via}");
    }

    #[test]
    fn macro_definitions_keep_their_layout() {
        let source = "/// Doc.\nmacro_rules! m {\n    ($x:ident) => {\n        impl $x {\n            /// Inner doc.\n            fn f() -> &'static str { \"}\" }\n        }\n    };\n}\npub   struct   A;\n";
        let printed = keep_macro_layout(source, print(&syn::parse_file(source).unwrap()));
        assert!(
            printed.contains(&source[9..source.find("pub").unwrap()]),
            "{printed}"
        );
        assert!(printed.ends_with("pub struct A;\n"), "{printed}");
    }

    #[test]
    fn macro_calls_keep_their_layout_when_the_tokens_are_the_same() {
        let source = "m::call!(A {\n    a = x(\"a  b\"),\n    b = y(\"b\"),\n});\npub   struct   A;\nother!(1);\n";
        let printed = keep_macro_layout(source, print(&syn::parse_file(source).unwrap()));
        assert!(
            printed.starts_with("m::call!(A {\n    a = x(\"a  b\"),\n    b = y(\"b\"),\n});\n"),
            "{printed}"
        );
        assert!(printed.contains("\npub struct A;\n"), "{printed}");
        assert!(printed.ends_with("\nother!(1);\n"), "{printed}");
        // Where the calls do not pair up, the printed text stays as it is.
        let printed = print(&syn::parse_file(source).unwrap());
        let fewer = "m::call!(A { a = x(\"a  b\"), b = y(\"b\"), });\n";
        assert_eq!(keep_macro_layout(fewer, printed.clone()), printed);
        let other_tokens = source.replace("b = y", "b = z");
        assert_eq!(keep_macro_layout(&other_tokens, printed.clone()), printed);
    }
}
