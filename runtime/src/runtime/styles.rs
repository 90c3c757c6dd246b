//! Path, header and cookie parameters written as their `style` and `explode` say: RFC
//! 6570's expansions, which OpenAPI names. For a parameter `color`:
//!
//! | style            | explode | `"blue"`      | `["blue", "black"]`        | `{"R": 1, "G": 2}` |
//! | ---------------- | ------- | ------------- | -------------------------- | ------------------ |
//! | `simple`         | no      | `blue`        | `blue,black`               | `R,1,G,2`          |
//! | `simple`         | yes     | `blue`        | `blue,black`               | `R=1,G=2`          |
//! | `label`          | no      | `.blue`       | `.blue,black`              | `.R,1,G,2`         |
//! | `label`          | yes     | `.blue`       | `.blue.black`              | `.R=1.G=2`         |
//! | `matrix`         | no      | `;color=blue` | `;color=blue,black`        | `;color=R,1,G,2`   |
//! | `matrix`         | yes     | `;color=blue` | `;color=blue;color=black`  | `;R=1;G=2`         |
//! | `form` (cookies) | no      | `color=blue`  | `color=blue,black`         | `color=R,1,G,2`    |
//! | `form` (cookies) | yes     | `color=blue`  | `color=blue; color=black`  | `R=1; G=2`         |
//!
//! Names and values are escaped for where they go (in a path, all but RFC 3986's unreserved
//! characters; in a cookie, what RFC 6265 does not allow there, and `%`), the separators
//! are written as they are. A `null` member or item is left out; a value deeper than a list
//! of scalars or an object of them is written as its JSON text. Object members come in the
//! order the value writes them (a struct's field order).

use percent_encoding::{AsciiSet, CONTROLS};
use serde_json::Value;

use super::request::{Request, SEGMENT};

/// What a cookie value cannot hold as it is: what RFC 6265's `cookie-octet` leaves out,
/// and `%`, so that escapes read back unambiguously.
const COOKIE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b',')
    .add(b';')
    .add(b'\\');

/// How a path parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `blue,black`: a header's style, and a path's by default.
    Simple,
    /// `.blue.black`.
    Label,
    /// `;color=blue;color=black`.
    Matrix,
}

/// RFC 6570's operator for a style: what comes first, what separates exploded items, and
/// whether items carry the parameter's name.
#[derive(Debug, Clone, Copy)]
struct Operator {
    first: &'static str,
    separator: &'static str,
    named: bool,
    /// After a name whose value is empty (`;color`, `color=`).
    if_empty: &'static str,
}

impl Style {
    fn operator(self) -> Operator {
        match self {
            Style::Simple => Operator {
                first: "",
                separator: ",",
                named: false,
                if_empty: "",
            },
            Style::Label => Operator {
                first: ".",
                separator: ".",
                named: false,
                if_empty: "",
            },
            Style::Matrix => Operator {
                first: ";",
                separator: ";",
                named: true,
                if_empty: "",
            },
        }
    }
}

/// Cookies are written in `form` style, each pair its own cookie.
const COOKIE_FORM: Operator = Operator {
    first: "",
    separator: "; ",
    named: true,
    if_empty: "=",
};

impl Request {
    /// Appends a path parameter written as `style` says (see the module's table). A value
    /// that writes nothing, `.` or `..` is refused, as [`Request::push_param`] refuses it.
    pub(crate) fn push_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) {
        let escape = |text: &str| percent_encoding::utf8_percent_encode(text, SEGMENT).to_string();
        match written(value) {
            Ok(value) => {
                let text = expand(name, &value, style.operator(), explode, &escape);
                if text.is_empty() || text == "." || text == ".." {
                    self.refuse(format!("path parameter `{name}` cannot be {text:?}"));
                } else {
                    self.push_literal(&text);
                }
            }
            Err(e) => self.refuse(format!("path parameter `{name}` cannot be written: {e}")),
        }
    }

    /// Sets a header that is a list or an object, in `simple` style.
    pub(crate) fn header_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        match written(value) {
            Ok(value) => {
                let text = expand(
                    name,
                    &value,
                    Style::Simple.operator(),
                    explode,
                    &str::to_owned,
                );
                self.header(name, &text);
            }
            Err(e) => self.refuse(format!("header `{name}` cannot be written: {e}")),
        }
    }

    /// Sets a cookie parameter, in `form` style, replacing an earlier value.
    pub(crate) fn cookie_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        let escape = |text: &str| percent_encoding::utf8_percent_encode(text, COOKIE).to_string();
        match written(value) {
            Ok(value) => {
                let pairs = expand(name, &value, COOKIE_FORM, explode, &escape);
                self.set_cookie(name, pairs);
            }
            Err(e) => self.refuse(format!("cookie `{name}` cannot be written: {e}")),
        }
    }
}

/// A parameter's value, as far as a style looks into it.
#[derive(Debug, PartialEq)]
enum Written {
    Scalar(String),
    List(Vec<String>),
    /// Members in the order the value writes them.
    Object(Vec<(String, String)>),
}

fn written<T: serde::Serialize + ?Sized>(value: &T) -> Result<Written, serde_json::Error> {
    if let Some(members) = super::json::members_in_order(value)? {
        let present = members.into_iter().filter(|(_, v)| !v.is_null());
        return Ok(Written::Object(
            present.map(|(k, v)| (k, text(&v))).collect(),
        ));
    }
    Ok(match serde_json::to_value(value)? {
        Value::Array(items) => {
            Written::List(items.iter().filter(|i| !i.is_null()).map(text).collect())
        }
        other => Written::Scalar(text(&other)),
    })
}

/// A scalar as text: a string as it is, anything else as its JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `value` expanded by `op`, names and values escaped by `escape`.
fn expand(
    name: &str,
    value: &Written,
    op: Operator,
    explode: bool,
    escape: &dyn Fn(&str) -> String,
) -> String {
    let pair = |key: &str, text: &str| -> String {
        if text.is_empty() {
            format!("{}{}", escape(key), op.if_empty)
        } else {
            format!("{}={}", escape(key), escape(text))
        }
    };
    let named = |text: &str| {
        if op.named {
            pair(name, text)
        } else {
            escape(text)
        }
    };
    let body = match value {
        Written::Scalar(text) => named(text),
        Written::List(items) if explode => {
            let items: Vec<String> = items.iter().map(|item| named(item)).collect();
            items.join(op.separator)
        }
        Written::Object(members) if explode => {
            let members: Vec<String> = members.iter().map(|(k, v)| pair(k, v)).collect();
            members.join(op.separator)
        }
        Written::List(items) => joined(name, items.iter().map(|i| escape(i)), op, &escape),
        Written::Object(members) => {
            let flat = members.iter().flat_map(|(k, v)| [escape(k), escape(v)]);
            joined(name, flat, op, &escape)
        }
    };
    format!("{}{body}", op.first)
}

/// Escaped pieces joined by commas, after the name when the operator names its values.
fn joined(
    name: &str,
    pieces: impl Iterator<Item = String>,
    op: Operator,
    escape: &dyn Fn(&str) -> String,
) -> String {
    let list: Vec<String> = pieces.collect();
    let list = list.join(",");
    match (op.named, list.is_empty()) {
        (false, _) => list,
        (true, true) => format!("{}{}", escape(name), op.if_empty),
        (true, false) => format!("{}={list}", escape(name)),
    }
}

#[cfg(test)]
mod tests {
    use serde::ser::{Serialize, SerializeStruct, Serializer};
    use serde_json::json;

    use super::*;

    /// `{R: 1, G: 2}` with its fields in this order, as a generated struct writes them.
    struct Color;

    impl Serialize for Color {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut color = s.serialize_struct("Color", 2)?;
            color.serialize_field("R", &1)?;
            color.serialize_field("G", &2)?;
            color.end()
        }
    }

    /// The path `/c/` and `color` written as `style` says, or why it cannot be.
    fn path_of<T: Serialize + ?Sized>(value: &T, style: Style, explode: bool) -> String {
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.push_literal("/c/");
        r.push_styled("color", value, style, explode);
        r.ready().map(|r| r.path).unwrap_or_else(|e| e.to_string())
    }

    fn path(style: Style, explode: bool) -> [String; 3] {
        [
            path_of("blue", style, explode),
            path_of(&["blue", "black"], style, explode),
            path_of(&Color, style, explode),
        ]
    }

    #[test]
    fn path_parameters_are_written_as_their_style_says() {
        assert_eq!(
            path(Style::Simple, false),
            ["/c/blue", "/c/blue,black", "/c/R,1,G,2"]
        );
        assert_eq!(
            path(Style::Simple, true),
            ["/c/blue", "/c/blue,black", "/c/R=1,G=2"]
        );
        assert_eq!(
            path(Style::Label, false),
            ["/c/.blue", "/c/.blue,black", "/c/.R,1,G,2"]
        );
        assert_eq!(
            path(Style::Label, true),
            ["/c/.blue", "/c/.blue.black", "/c/.R=1.G=2"]
        );
        assert_eq!(
            path(Style::Matrix, false),
            [
                "/c/;color=blue",
                "/c/;color=blue,black",
                "/c/;color=R,1,G,2"
            ]
        );
        assert_eq!(
            path(Style::Matrix, true),
            [
                "/c/;color=blue",
                "/c/;color=blue;color=black",
                "/c/;R=1;G=2"
            ]
        );
    }

    #[test]
    fn pieces_are_escaped_and_separators_are_not() {
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.push_styled(
            "a b",
            &json!({"k/1": "x,y", "k2": null}),
            Style::Matrix,
            false,
        );
        r.push_styled("list", &json!(["é", null, ".."]), Style::Label, true);
        assert_eq!(r.path, ";a%20b=k%2F1,x%2Cy.%C3%A9...");
        // A label of nothing would be a segment that vanishes.
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.push_styled("id", "", Style::Label, false);
        assert!(r
            .ready()
            .unwrap_err()
            .to_string()
            .contains("cannot be \".\""));
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.push_styled("id", "", Style::Matrix, false);
        assert_eq!(r.ready().unwrap().path, ";id");
    }

    #[test]
    fn headers_are_simple() {
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.header_styled("X-Color", &Color, false);
        r.header_styled("X-Exploded", &Color, true);
        r.header_styled("X-List", &[1, 2], true);
        let shown: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(n, v)| (*n, v.to_str().unwrap()))
            .collect();
        assert_eq!(
            shown,
            [
                ("X-Color", "R,1,G,2"),
                ("X-Exploded", "R=1,G=2"),
                ("X-List", "1,2")
            ]
        );
    }

    #[test]
    fn cookies_are_form_pairs_joined_as_cookies_are() {
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.cookie_styled("color", &Color, true);
        r.cookie_styled("tags", &["a b", "c;d"], false);
        r.cookie_styled("each", &["x", "y"], true);
        r.cookie_styled("empty", "", false);
        r.cookie_styled("tags", &["again"], false);
        assert_eq!(
            r.cookie_header().as_deref(),
            Some("R=1; G=2; each=x; each=y; empty=; tags=again")
        );
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.cookie_styled("note", "50% \"off\", today; \\ é", false);
        assert_eq!(
            r.cookie_header().as_deref(),
            Some("note=50%25%20%22off%22%2C%20today%3B%20%5C%20%C3%A9")
        );
    }
}
