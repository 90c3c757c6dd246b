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
    let b = text.as_bytes();
    let mut stack = Vec::new();
    let mut i = 0;
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
            b'(' => stack.push(')'),
            b'[' => stack.push(']'),
            b'{' => stack.push('}'),
            b')' | b']' | b'}' => {
                stack.pop();
            }
            _ => {}
        }
        i += 1;
    }
    stack.iter().rev().collect()
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
