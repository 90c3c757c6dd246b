//! The fenced code blocks of the README, so that tests can compile and run them as written.
//!
//! A block's info string is its language, then attributes a reader does not see
//! (` ```rust name=create `): `name=` names a block a test runs, `file=` places a block at
//! a path of the build-script recipe crate, `needs=atlas-spec` marks a block that uses a
//! crate generated from the full Atlas spec. Shared by `tests/build.rs` (which writes the
//! named blocks for `tests/readme.rs` to include) and `tests/fresh.rs` (which builds them
//! all), so both read the README the same way.

/// One fenced block.
#[derive(Debug, Clone)]
pub struct Block {
    /// The language: the info string's first word, up to a comma (`rust,ignore` is
    /// `rust,ignore`, so that a block marked to be skipped can be found and refused).
    pub lang: String,
    /// The `key=value` words after the language.
    pub attrs: Vec<(String, String)>,
    /// The lines between the fences, without the fence's indentation.
    pub code: String,
    /// The line of the opening fence, counted from 1.
    pub line: usize,
}

impl Block {
    /// The value of the attribute `key`.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the block is Rust, with or without rustdoc's attributes.
    pub fn is_rust(&self) -> bool {
        self.lang == "rust" || self.lang.starts_with("rust,")
    }
}

/// The fenced blocks of a Markdown text, in order. A fence is three backticks, indented
/// or not (a block inside a list item is indented); the block ends at the next fence of
/// the same indentation.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = markdown.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        let Some((indent, info)) = fence(line) else {
            continue;
        };
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or_default().to_owned();
        let attrs = words
            .filter_map(|w| w.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        let mut code = String::new();
        for (_, line) in lines.by_ref() {
            if fence(line).is_some_and(|(i, rest)| i == indent && rest.is_empty()) {
                break;
            }
            code.push_str(line.get(indent..).unwrap_or(line.trim_start()));
            code.push('\n');
        }
        out.push(Block {
            lang,
            attrs,
            code,
            line: number + 1,
        });
    }
    out
}

/// The indentation and info string of a fence line.
fn fence(line: &str) -> Option<(usize, &str)> {
    let rest = line.trim_start_matches(' ');
    let info = rest.strip_prefix("```")?;
    Some((line.len() - rest.len(), info.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_languages_attributes_and_indented_blocks() {
        let text = "# T\n```rust name=first\nfn a() {}\n```\n\n1. step\n\n   ```toml file=Cargo.toml\n   [x]\n     y = 1\n   ```\n```sh\nls\n```\n";
        let found = blocks(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].lang, "rust");
        assert_eq!(found[0].attr("name"), Some("first"));
        assert_eq!(found[0].code, "fn a() {}\n");
        assert_eq!(found[0].line, 2);
        assert_eq!(found[1].attr("file"), Some("Cargo.toml"));
        assert_eq!(found[1].code, "[x]\n  y = 1\n");
        assert_eq!(found[2].lang, "sh");
        assert!(!found[2].is_rust());
    }
}
