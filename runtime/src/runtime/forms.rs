//! `application/x-www-form-urlencoded` bodies: the members of an object as `name=value`
//! pairs, each as the operation's `encoding` says (OpenAPI 3.0, "Encoding Object"):
//!
//! - a scalar: `name=value`; `null`: left out, as a member that is not set;
//! - an array: `name=a&name=b` when exploded (the default), else the items joined by `,`
//!   (`form`), a space (`spaceDelimited`) or `|` (`pipeDelimited`);
//! - an object: its members as pairs of their own when exploded (`form`, the default),
//!   `name=k1,v1,k2,v2` when not, `name[k1]=v1` for `deepObject`;
//! - anything deeper (an object in an array, an array in an object): its JSON text.
//!
//! Members come in the order the body writes them (a struct's field order); pairs are
//! percent-encoded by `form_urlencoded`, as browsers send forms.

use serde_json::Value;

use super::request::Request;

impl Request {
    /// Sets a query parameter written as its `style` says: an object as its members'
    /// pairs (exploded), as `name=k1,v1,k2,v2` (not exploded) or `name[k]=v`
    /// (`deepObject`); a list joined by spaces or pipes, or repeated.
    pub(crate) fn query_styled<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) {
        let mut pairs = Vec::new();
        let mut push = |n: &str, v: &str| pairs.push((n.to_owned(), v.to_owned()));
        // An object parameter: its fields in the order the value writes them.
        let written = match super::json::members_in_order(value) {
            Ok(Some(fields)) => {
                let fields: Vec<(&str, &Value)> =
                    fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
                object_pairs(name, &fields, style, explode, &mut push);
                Ok(())
            }
            Ok(None) => serde_json::to_value(value)
                .map(|v| member_pairs(name, &v, style, explode, &mut push)),
            Err(e) => Err(e),
        };
        match written {
            Ok(()) => self.set_query_pairs(name, pairs),
            Err(e) => self.refuse(format!("query parameter `{name}` cannot be written: {e}")),
        }
    }

    /// Sets a form body: `value`'s members as pairs, as `encodings` say.
    pub(crate) fn form<T: serde::Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        value: &T,
        encodings: &[Encoding],
    ) {
        let encoded = match super::json::members_in_order(value) {
            Ok(Some(members)) => Ok(encode(&members, encodings)),
            Ok(None) => Err("a form body must be an object".to_owned()),
            Err(e) => Err(e.to_string()),
        };
        match encoded {
            Ok(text) => self.body = Some((content_type, text.into_bytes())),
            Err(e) => self.refuse_body(e),
        }
    }
}

/// How one member of a form is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A member whose encoding is not the default (`form`, exploded).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Encoding {
    pub(crate) name: &'static str,
    pub(crate) style: Style,
    pub(crate) explode: bool,
}

/// The body of a form: the members as pairs.
pub(crate) fn encode(members: &[(String, Value)], encodings: &[Encoding]) -> String {
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    for (name, member) in members {
        let encoding = encodings.iter().find(|e| e.name == name);
        let style = encoding.map_or(Style::Form, |e| e.style);
        let explode = encoding.is_none_or(|e| e.explode);
        member_pairs(name, member, style, explode, &mut |n, v| {
            pairs.append_pair(n, v);
        });
    }
    pairs.finish()
}

/// Calls `pair` with each `(name, value)` one member becomes.
fn member_pairs(
    name: &str,
    member: &Value,
    style: Style,
    explode: bool,
    pair: &mut dyn FnMut(&str, &str),
) {
    match member {
        Value::Null => {}
        Value::Array(items) if explode => {
            for item in items.iter().filter(|i| !i.is_null()) {
                pair(name, &scalar(item));
            }
        }
        Value::Array(items) => {
            let separator = match style {
                Style::SpaceDelimited => " ",
                Style::PipeDelimited => "|",
                Style::Form | Style::DeepObject => ",",
            };
            let joined: Vec<String> = items.iter().map(scalar).collect();
            pair(name, &joined.join(separator));
        }
        // An object inside a member: its fields in the order of their names, the same
        // whichever map `serde_json` keeps.
        Value::Object(fields) => {
            let mut sorted: Vec<(&str, &Value)> =
                fields.iter().map(|(k, v)| (k.as_str(), v)).collect();
            sorted.sort_by_key(|(k, _)| *k);
            object_pairs(name, &sorted, style, explode, pair);
        }
        other => pair(name, &scalar(other)),
    }
}

/// The pairs of an object member: `name[k]=v` (`deepObject`), its fields as pairs of their
/// own (exploded), or `name=k1,v1,k2,v2`.
fn object_pairs(
    name: &str,
    fields: &[(&str, &Value)],
    style: Style,
    explode: bool,
    pair: &mut dyn FnMut(&str, &str),
) {
    let present = fields.iter().filter(|(_, v)| !v.is_null());
    if style == Style::DeepObject {
        for (key, value) in present {
            pair(&format!("{name}[{key}]"), &scalar(value));
        }
    } else if explode {
        for (key, value) in present {
            pair(key, &scalar(value));
        }
    } else {
        let flat: Vec<String> = present
            .flat_map(|(k, v)| [(*k).to_owned(), scalar(v)])
            .collect();
        pair(name, &flat.join(","));
    }
}

/// A value as the text of one pair: a string as it is, any other scalar as JSON writes it,
/// anything else as its JSON text.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde::ser::{Serialize, SerializeStruct, Serializer};
    use serde_json::json;

    use super::*;

    fn members(value: Value) -> Vec<(String, Value)> {
        // In the order written here, whatever map `serde_json` keeps.
        let Value::Array(pairs) = value else {
            unreachable!()
        };
        pairs
            .into_iter()
            .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].clone()))
            .collect()
    }

    #[test]
    fn members_become_pairs_as_their_encoding_says() {
        let body = members(json!([
            ["name", "Rex & Co"],
            ["age", 3],
            ["vaccinated", true],
            ["nickname", null],
            ["tags", ["a", "b"]],
            ["ids", [1, 2]],
            ["colors", ["red", "blue"]],
            ["filter", {"kind": "dog"}],
            ["point", {"x": 1}],
            ["extra", {"a": 1}]
        ]));
        let encodings = [
            Encoding {
                name: "ids",
                style: Style::Form,
                explode: false,
            },
            Encoding {
                name: "colors",
                style: Style::PipeDelimited,
                explode: false,
            },
            Encoding {
                name: "filter",
                style: Style::DeepObject,
                explode: true,
            },
            Encoding {
                name: "point",
                style: Style::Form,
                explode: false,
            },
        ];
        assert_eq!(
            encode(&body, &encodings),
            "name=Rex+%26+Co&age=3&vaccinated=true&tags=a&tags=b&ids=1%2C2&colors=red%7Cblue\
             &filter%5Bkind%5D=dog&point=x%2C1&a=1"
        );
    }

    /// A body with its fields in a fixed order, as a generated struct writes them.
    struct Login;

    impl Serialize for Login {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            let mut body = s.serialize_struct("Login", 3)?;
            body.serialize_field("user", "ann")?;
            body.serialize_field("remember", &true)?;
            body.serialize_field("age", &3)?;
            body.end()
        }
    }

    #[test]
    fn a_form_body_keeps_the_order_of_its_fields() {
        let mut request = Request::new("op", reqwest::Method::POST, "/", "", false);
        request.form("application/x-www-form-urlencoded", &Login, &[]);
        let (media_type, bytes) = request.body.clone().unwrap();
        assert_eq!(media_type, "application/x-www-form-urlencoded");
        assert_eq!(bytes, b"user=ann&remember=true&age=3");
        let mut request = Request::new("op", reqwest::Method::POST, "/", "", false);
        request.form("application/x-www-form-urlencoded", &[1, 2], &[]);
        let err = request.ready().unwrap_err();
        assert!(err.to_string().contains("must be an object"), "{err}");
    }

    #[test]
    fn query_parameters_are_written_as_their_style_says() {
        let mut request = Request::new("op", reqwest::Method::GET, "/", "", false);
        request.query("limit", "5");
        request.query_styled("filter", &json!({"kind": "dog"}), Style::DeepObject, true);
        request.query_styled("point", &json!({"x": 1}), Style::Form, false);
        request.query_styled("ids", &json!([1, 2]), Style::PipeDelimited, false);
        request.query_styled("point", &json!({"x": 3}), Style::Form, true);
        let pairs: Vec<(&str, Vec<(String, String)>)> = request.query_pairs.clone();
        let owned = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        assert_eq!(
            pairs,
            [
                ("filter", vec![owned("filter[kind]", "dog")]),
                ("ids", vec![owned("ids", "1|2")]),
                ("point", vec![owned("x", "3")]),
            ],
            "set again, a parameter replaces its pairs"
        );
        assert_eq!(request.query, [("limit", "5".to_owned())]);
    }
}
