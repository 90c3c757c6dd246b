//! Stage 4: every rendered Rust file is parsed with `syn` and printed with `prettyplease`.
//!
//! A parse failure is a bug in a template: the error names the template, the line and the
//! offending text, and keeps the whole rendered text for inspection.

use crate::error::{Error, FormatError, Result};

/// One piece of rendered Rust: all or part of an output file.
#[derive(Debug, Clone)]
pub struct Piece {
    /// The output file it belongs to.
    pub file: String,
    /// The template that rendered it.
    pub template: String,
    /// The rendered text.
    pub text: String,
}

/// Parses a piece; the error points at the template and line.
pub fn parse(piece: &Piece) -> Result<syn::File> {
    syn::parse_file(&piece.text).map_err(|e| {
        let message = e.to_string();
        let line = failing_line(&piece.text, &message);
        Error::Format(Box::new(FormatError {
            file: piece.file.clone(),
            template: piece.template.clone(),
            message,
            line,
            column: 1,
            excerpt: excerpt(&piece.text, line),
            rendered: piece.text.clone(),
        }))
    })
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

/// Parses and formats a piece rendered with deferred docs (see
/// `render::render_deferring_docs`), and puts the doc blocks back: the result is
/// what formatting the text with the docs in place gives. Where a placeholder did not come
/// out on a line of its own, or the text does not parse, the docs are put back first and
/// the full text is formatted (so an error shows the real lines).
pub fn format_deferred(piece: &Piece, docs: &[Vec<String>]) -> Result<String> {
    if docs.is_empty() {
        return parse(piece).map(|f| keep_macro_layout(&piece.text, print(&f)));
    }
    if let Ok(file) = syn::parse_file(&piece.text)
        && let Some(out) = restore_docs(&print(&file), docs)
    {
        return Ok(keep_macro_layout(&piece.text, out));
    }
    let full = Piece {
        text: expand_placeholders(&piece.text, docs),
        ..piece.clone()
    };
    parse(&full).map(|f| keep_macro_layout(&full.text, print(&f)))
}

/// The placeholder at the start of `s` (after its `///` or `//!`): the marker, the block's
/// number, and the length of the placeholder's text.
fn placeholder(s: &str) -> Option<(&str, usize, usize)> {
    use crate::render::DEFERRED_DOC;
    let marker = ["///", "//!"].into_iter().find(|m| s.starts_with(m))?;
    let rest = s[marker.len()..].strip_prefix(DEFERRED_DOC)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let n = rest[..digits].parse().ok()?;
    Some((marker, n, marker.len() + DEFERRED_DOC.len_utf8() + digits))
}

/// Replaces each placeholder line of formatted text by its block, at the line's indent;
/// `None` unless every line that holds a placeholder is exactly one and every block is
/// used once.
fn restore_docs(printed: &str, docs: &[Vec<String>]) -> Option<String> {
    let extra: usize = docs.iter().flatten().map(|l| l.len() + 8).sum();
    let mut out = String::with_capacity(printed.len() + extra);
    let mut used = vec![false; docs.len()];
    for line in printed.split_inclusive('\n') {
        if !line.contains(crate::render::DEFERRED_DOC) {
            out.push_str(line);
            continue;
        }
        let body = line.strip_suffix('\n')?;
        let text = body.trim_start_matches(' ');
        let indent = &body[..body.len() - text.len()];
        let (marker, n, len) = placeholder(text)?;
        let block = docs.get(n)?;
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
fn expand_placeholders(text: &str, docs: &[Vec<String>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(crate::render::DEFERRED_DOC) {
        let start = i.saturating_sub(3);
        match rest
            .get(start..)
            .and_then(placeholder)
            .and_then(|(_, n, len)| docs.get(n).map(|b| (b, len)))
        {
            Some((block, len)) => {
                out.push_str(&rest[..start]);
                out.push_str(&block.join("\n"));
                rest = &rest[start + len..];
            }
            None => {
                let next = i + crate::render::DEFERRED_DOC.len_utf8();
                out.push_str(&rest[..next]);
                rest = &rest[next..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Formats parsed pieces.
pub fn print(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

/// Parses and formats many pieces, in parallel (see [`parallel`]).
pub fn format_all(pieces: &[Piece]) -> Result<Vec<String>> {
    parallel(pieces, |p| parse(p).map(|f| print(&f)))
}

/// Maps `f` over `items` on as many threads as the machine has (at most one per item);
/// the results come in the order of the items, whatever the threads did. The first error
/// (in item order) is returned.
pub fn parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(items.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len() {
                        break;
                    }
                    let out = f(&items[i]);
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(out);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::Usage("a worker thread stopped early".to_owned()))))
        .collect()
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
        !a.contains(crate::render::DEFERRED_DOC) && same_but_spaces(a.as_bytes(), b.as_bytes())
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
    let mut root = parse(&Piece {
        file: "src/lib.rs".to_owned(),
        template: "lib.rs.jinja".to_owned(),
        text: lib.clone(),
    })?;
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
        let mut file = parse(&Piece {
            file: path.clone(),
            template: "(generated file)".to_owned(),
            text: text.clone(),
        })?;
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
        let piece = Piece {
            file: "src/types.rs".into(),
            template: "struct.rs.jinja".into(),
            text: "pub struct A {\n    x: u8,\n    y u8,\n}\n".into(),
        };
        let Err(err) = parse(&piece) else {
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
        let piece = Piece {
            file: "f".into(),
            template: "t".into(),
            text,
        };
        let Err(Error::Format(f)) = parse(&piece) else {
            panic!("parsed")
        };
        assert_eq!(f.line, line, "{}", f.excerpt);
    }

    /// Renders `template` (with `{{ d0 | doc }}`-style calls) with and without deferring,
    /// and formats both.
    fn both_ways(template: &str, docs: &[&[&str]]) -> (String, String) {
        let mut env = minijinja::Environment::new();
        crate::render::register_filters(&mut env);
        env.add_template_owned("t", template.to_owned()).unwrap();
        let ctx: std::collections::BTreeMap<String, Vec<String>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (format!("d{i}"), d.iter().map(|l| l.to_string()).collect()))
            .collect();
        let render = || env.get_template("t").unwrap().render(&ctx).unwrap();
        let plain = render();
        let (deferred, blocks) = crate::render::render_deferring_docs(render);
        let piece = |text: String| Piece {
            file: "f".into(),
            template: "t".into(),
            text,
        };
        let direct = print(&parse(&piece(plain)).unwrap());
        let via = format_deferred(&piece(deferred), &blocks).unwrap();
        (direct, via)
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
        assert!(!via.contains(crate::render::DEFERRED_DOC), "{via}");
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

    #[test]
    fn formats_in_input_order() {
        let pieces: Vec<Piece> = (0..20)
            .map(|i| Piece {
                file: "f".into(),
                template: "t".into(),
                text: format!("pub const   C{i}:u8={i};"),
            })
            .collect();
        let out = format_all(&pieces).unwrap();
        for (i, o) in out.iter().enumerate() {
            assert_eq!(o, &format!("pub const C{i}: u8 = {i};\n"));
        }
    }
}
