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
//! Exploded cookies are separate cookies, joined as a `Cookie` header joins them (RFC 6265),
//! where RFC 6570's `form` would join them with `&` for a query string; OpenAPI 3.2 names
//! this the `cookie` style.
//!
//! Names and values are escaped for where they go: in a path, all but RFC 3986's unreserved
//! characters; in a cookie, what RFC 6265 does not allow there, and `%` (a cookie's name,
//! also `=` and the other separators); in a header, nothing (a `,` inside an item reads as
//! a separator, as OpenAPI leaves it). The separators are written as they are. A `null`
//! member or item is left out, and a value with nothing left (`null`, an empty list or
//! object) is not written at all: RFC 6570 calls it undefined. A value deeper than a list of
//! scalars or an object of them is written as its JSON text. Object members come in the
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

/// What a cookie name cannot hold as it is: it is a token (RFC 9110), so neither `=` nor
/// the other separators.
const COOKIE_NAME: &AsciiSet = &COOKIE
    .add(b'=')
    .add(b'(')
    .add(b')')
    .add(b'<')
    .add(b'>')
    .add(b'@')
    .add(b':')
    .add(b'/')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'{')
    .add(b'}');

/// How a path parameter is written; a header's is always `Simple`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `blue,black`: a path's by default.
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
        let (first, separator, named) = match self {
            Style::Simple => ("", ",", false),
            Style::Label => (".", ".", false),
            Style::Matrix => (";", ";", true),
        };
        Operator {
            first,
            separator,
            named,
            if_empty: "",
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

/// Where a parameter goes, which decides what of its names and values is escaped.
#[derive(Debug, Clone, Copy)]
enum Place {
    Path,
    Header,
    Cookie,
}

impl Place {
    fn name(self, text: &str) -> String {
        match self {
            Place::Cookie => percent_encoding::utf8_percent_encode(text, COOKIE_NAME).to_string(),
            Place::Path | Place::Header => self.value(text),
        }
    }

    fn value(self, text: &str) -> String {
        let set = match self {
            Place::Path => SEGMENT,
            Place::Cookie => COOKIE,
            Place::Header => return text.to_owned(),
        };
        percent_encoding::utf8_percent_encode(text, set).to_string()
    }
}

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
        let text = match written(value) {
            Ok(Some(value)) => expand(name, &value, style.operator(), explode, Place::Path),
            Ok(None) => String::new(),
            Err(e) => {
                return self.refuse(format!("path parameter `{name}` cannot be written: {e}"));
            }
        };
        if text.is_empty() || text == "." || text == ".." {
            self.refuse(format!("path parameter `{name}` cannot be {text:?}"));
        } else {
            self.push_literal(&text);
        }
    }

    /// Sets a header that is a list or an object, in `simple` style; a value with nothing
    /// in it removes the header.
    pub(crate) fn header_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        match written(value) {
            Ok(Some(value)) => {
                let simple = Style::Simple.operator();
                self.header(name, &expand(name, &value, simple, explode, Place::Header));
            }
            Ok(None) => self.headers.retain(|(n, _)| *n != name),
            Err(e) => self.refuse(format!("header `{name}` cannot be written: {e}")),
        }
    }

    /// Sets a cookie parameter, in `form` style, replacing an earlier value; a value with
    /// nothing in it removes the cookie.
    pub(crate) fn cookie_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) {
        match written(value) {
            Ok(Some(value)) => {
                let pairs = expand(name, &value, COOKIE_FORM, explode, Place::Cookie);
                self.set_cookie(name, Some(pairs));
            }
            Ok(None) => self.set_cookie(name, None),
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

/// The value, `null` members and items left out; `None` when nothing is left (RFC 6570's
/// undefined: `null`, an empty list or object).
fn written<T: serde::Serialize + ?Sized>(value: &T) -> Result<Option<Written>, serde_json::Error> {
    if let Some(members) = super::json::members_in_order(value)? {
        let present: Vec<(String, String)> = members
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, text(&v)))
            .collect();
        return Ok((!present.is_empty()).then_some(Written::Object(present)));
    }
    Ok(match serde_json::to_value(value)? {
        Value::Null => None,
        Value::Array(items) => {
            let present: Vec<String> = items.iter().filter(|i| !i.is_null()).map(text).collect();
            (!present.is_empty()).then_some(Written::List(present))
        }
        other => Some(Written::Scalar(text(&other))),
    })
}

/// A scalar as text: a string as it is, anything else as its JSON text.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `value` expanded by `op`, names and values escaped for `place`.
fn expand(name: &str, value: &Written, op: Operator, explode: bool, place: Place) -> String {
    // `name=value`, or the name alone and `if_empty` when the value is empty.
    let named = |key: &str, text: &str| -> String {
        if text.is_empty() {
            format!("{}{}", place.name(key), op.if_empty)
        } else {
            format!("{}={}", place.name(key), place.value(text))
        }
    };
    let item = |text: &str| {
        if op.named {
            named(name, text)
        } else {
            place.value(text)
        }
    };
    let body = match value {
        Written::Scalar(text) => item(text),
        Written::List(items) if explode => {
            let items: Vec<String> = items.iter().map(|i| item(i)).collect();
            items.join(op.separator)
        }
        // Exploded members always carry their names; an operator that names its values
        // writes an empty one as it writes an empty value (`;R`), the others keep `R=`.
        Written::Object(members) if explode => {
            let members: Vec<String> = members
                .iter()
                .map(|(k, v)| {
                    if op.named {
                        named(k, v)
                    } else {
                        format!("{}={}", place.name(k), place.value(v))
                    }
                })
                .collect();
            members.join(op.separator)
        }
        Written::List(items) => joined(name, items.iter().map(|i| place.value(i)), op, place),
        Written::Object(members) => {
            let flat = members
                .iter()
                .flat_map(|(k, v)| [place.name(k), place.value(v)]);
            joined(name, flat, op, place)
        }
    };
    format!("{}{body}", op.first)
}

/// Escaped pieces joined by commas, after the name when the operator names its values.
fn joined(name: &str, pieces: impl Iterator<Item = String>, op: Operator, place: Place) -> String {
    let list = pieces.collect::<Vec<String>>().join(",");
    match (op.named, list.is_empty()) {
        (false, _) => list,
        (true, true) => format!("{}{}", place.name(name), op.if_empty),
        (true, false) => format!("{}={list}", place.name(name)),
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

    /// The request's `Cookie` header, as text.
    fn cookies(r: &Request) -> Option<String> {
        let header = r.cookie_header(None).unwrap()?;
        assert!(header.is_sensitive());
        Some(header.to_str().unwrap().to_owned())
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
        // The module's table: `"blue"`, `["blue", "black"]` and `{R: 1, G: 2}`.
        let table = [
            (Style::Simple, false, ["blue", "blue,black", "R,1,G,2"]),
            (Style::Simple, true, ["blue", "blue,black", "R=1,G=2"]),
            (Style::Label, false, [".blue", ".blue,black", ".R,1,G,2"]),
            (Style::Label, true, [".blue", ".blue.black", ".R=1.G=2"]),
            (
                Style::Matrix,
                false,
                [";color=blue", ";color=blue,black", ";color=R,1,G,2"],
            ),
            (
                Style::Matrix,
                true,
                [";color=blue", ";color=blue;color=black", ";R=1;G=2"],
            ),
        ];
        for (style, explode, written) in table {
            let expected = written.map(|w| format!("/c/{w}"));
            assert_eq!(
                path(style, explode),
                expected,
                "{style:?}, explode {explode}"
            );
        }
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
    fn empty_members_keep_their_names() {
        // `json!` keeps its members sorted by name.
        let color = json!({"A": "", "B": 2});
        let path_of_color = |style, explode| path_of(&color, style, explode);
        assert_eq!(path_of_color(Style::Simple, true), "/c/A=,B=2");
        assert_eq!(path_of_color(Style::Label, true), "/c/.A=.B=2");
        assert_eq!(path_of_color(Style::Matrix, true), "/c/;A;B=2");
        assert_eq!(path_of_color(Style::Matrix, false), "/c/;color=A,,B,2");
    }

    #[test]
    fn values_with_nothing_in_them_are_not_written() {
        for nothing in [
            json!(null),
            json!([]),
            json!([null]),
            json!({}),
            json!({"R": null}),
        ] {
            let path = path_of(&nothing, Style::Matrix, true);
            assert!(
                path.contains("path parameter `color` cannot be \"\""),
                "{nothing}: {path}"
            );
            let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
            r.header_styled("X-Color", "red", false);
            r.cookie_styled("color", "red", false);
            r.cookie_styled("other", "x", false);
            r.header_styled("X-Color", &nothing, false);
            r.cookie_styled("color", &nothing, true);
            assert!(r.headers.is_empty(), "{nothing}");
            assert_eq!(cookies(&r).as_deref(), Some("other=x"), "{nothing}");
            assert!(r.ready().is_ok());
        }
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
            cookies(&r).as_deref(),
            Some("R=1; G=2; each=x; each=y; empty=; tags=again")
        );
        let mut r = Request::new("op", reqwest::Method::GET, "/", "", false);
        r.cookie_styled("note", "50% \"off\", today; \\ é", false);
        r.cookie_styled("a=b", "v=1", false);
        r.cookie_styled("members", &json!({"k(1)": "v"}), true);
        assert_eq!(
            cookies(&r).as_deref(),
            Some("note=50%25%20%22off%22%2C%20today%3B%20%5C%20%C3%A9; a%3Db=v=1; k%281%29=v")
        );
        // A `Cookie` header parameter, the cookie parameters and a key: one header.
        r.header("Cookie", "raw=1");
        let key = reqwest::header::HeaderValue::from_static("KEY=k");
        let one = r.cookie_header(Some(&key)).unwrap().unwrap();
        assert!(
            one.to_str().unwrap().starts_with("raw=1; note=")
                && one.to_str().unwrap().ends_with("; KEY=k")
        );
    }
}
