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
        let start = e.span().start();
        let (line, column) = (start.line.max(1), start.column + 1);
        Error::Format(Box::new(FormatError {
            file: piece.file.clone(),
            template: piece.template.clone(),
            message: e.to_string(),
            line,
            column,
            excerpt: excerpt(&piece.text, line, column),
            rendered: piece.text.clone(),
        }))
    })
}

/// Formats parsed pieces.
pub fn print(file: &syn::File) -> String {
    prettyplease::unparse(file)
}

/// Parses and formats many pieces, on as many threads as the machine has (at most one per
/// piece). The result is in the order of the input, whatever the threads did.
pub fn format_all(pieces: &[Piece]) -> Result<Vec<String>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(pieces.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<String>>>> =
        Mutex::new((0..pieces.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= pieces.len() {
                        break;
                    }
                    let out = parse(&pieces[i]).map(|f| print(&f));
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
        .map(|r| {
            r.unwrap_or_else(|| Err(Error::Usage("a formatting thread stopped early".to_owned())))
        })
        .collect()
}

/// The lines around `line`, numbered, with a caret under `column`.
fn excerpt(text: &str, line: usize, column: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let from = line.saturating_sub(3).max(1);
    let to = (line + 2).min(lines.len());
    let mut out = String::new();
    for n in from..=to {
        let Some(l) = lines.get(n - 1) else { break };
        out.push_str(&format!("{n:>5} | {l}\n"));
        if n == line {
            out.push_str(&format!(
                "      | {}^\n",
                " ".repeat(column.saturating_sub(1))
            ));
        }
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
        assert!(msg.contains("    3 |     y u8,"), "{msg}");
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
