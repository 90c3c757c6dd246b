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
//! Members come in the order of their names; pairs are percent-encoded by
//! `form_urlencoded`, as browsers send forms.

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
        match serde_json::to_value(value) {
            Ok(value) => {
                let mut pairs = Vec::new();
                member_pairs(name, &value, style, explode, &mut |n, v| {
                    pairs.push((n.to_owned(), v.to_owned()));
                });
                self.set_query_pairs(name, pairs);
            }
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
        let encoded = serde_json::to_value(value)
            .map_err(|e| e.to_string())
            .and_then(|v| encode(&v, encodings));
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

/// The body of a form: `value`'s members as pairs. `value` must be an object.
pub(crate) fn encode(value: &Value, encodings: &[Encoding]) -> Result<String, String> {
    let Value::Object(members) = value else {
        return Err("a form body must be an object".to_owned());
    };
    let mut pairs = form_urlencoded::Serializer::new(String::new());
    for (name, member) in members {
        let encoding = encodings.iter().find(|e| e.name == name);
        let style = encoding.map_or(Style::Form, |e| e.style);
        let explode = encoding.is_none_or(|e| e.explode);
        member_pairs(name, member, style, explode, &mut |n, v| {
            pairs.append_pair(n, v);
        });
    }
    Ok(pairs.finish())
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
        Value::Object(fields) if style == Style::DeepObject => {
            for (key, value) in fields.iter().filter(|(_, v)| !v.is_null()) {
                pair(&format!("{name}[{key}]"), &scalar(value));
            }
        }
        Value::Object(fields) if explode => {
            for (key, value) in fields.iter().filter(|(_, v)| !v.is_null()) {
                pair(key, &scalar(value));
            }
        }
        Value::Object(fields) => {
            let flat: Vec<String> = fields
                .iter()
                .flat_map(|(k, v)| [k.clone(), scalar(v)])
                .collect();
            pair(name, &flat.join(","));
        }
        other => pair(name, &scalar(other)),
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
    use serde_json::json;

    use super::*;

    #[test]
    fn members_become_pairs_as_their_encoding_says() {
        let body = json!({
            "name": "Rex & Co",
            "age": 3,
            "vaccinated": true,
            "nickname": null,
            "tags": ["a", "b"],
            "ids": [1, 2],
            "colors": ["red", "blue"],
            "filter": {"kind": "dog", "size": 2},
            "point": {"x": 1, "y": 2},
            "extra": {"a": 1}
        });
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
        let form = encode(&body, &encodings).unwrap();
        assert_eq!(
            form,
            "age=3&colors=red%7Cblue&a=1&filter%5Bkind%5D=dog&filter%5Bsize%5D=2&ids=1%2C2\
             &name=Rex+%26+Co&point=x%2C1%2Cy%2C2&tags=a&tags=b&vaccinated=true"
        );
    }

    #[test]
    fn query_parameters_are_written_as_their_style_says() {
        let mut request = Request::new("op", reqwest::Method::GET, "/", "", false);
        request.query("limit", "5");
        request.query_styled(
            "filter",
            &json!({"kind": "dog", "size": 2}),
            Style::DeepObject,
            true,
        );
        request.query_styled("point", &json!({"x": 1, "y": 2}), Style::Form, false);
        request.query_styled("ids", &json!([1, 2]), Style::PipeDelimited, false);
        request.query_styled("point", &json!({"x": 3}), Style::Form, true);
        let pairs: Vec<(&str, Vec<(String, String)>)> = request.query_pairs.clone();
        let owned = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        assert_eq!(
            pairs,
            [
                (
                    "filter",
                    vec![owned("filter[kind]", "dog"), owned("filter[size]", "2")]
                ),
                ("ids", vec![owned("ids", "1|2")]),
                ("point", vec![owned("x", "3")]),
            ],
            "set again, a parameter replaces its pairs"
        );
        assert_eq!(request.query, [("limit", "5".to_owned())]);
    }

    #[test]
    fn only_objects_are_forms() {
        assert!(encode(&json!([1]), &[]).is_err());
        assert_eq!(encode(&json!({}), &[]).unwrap(), "");
    }
}
