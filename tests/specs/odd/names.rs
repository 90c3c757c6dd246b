//! Keywords, symbols, digits and collisions, as the generated crate spells them.
use odd_names::types::*;
use serde_json::json;

#[test]
fn odd_property_names_round_trip() {
    let input = json!({
        "type": "t", "self": "s", "_id": "i", "2fa": true, "x-y": 3,
        "fooBar": "camel", "foo_bar": "snake", "async": "a", "kind": "<",
        "option": "y", "string": "abc", "config": { "x": "1" }
    });
    let thing: Thing = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(thing.r#type.as_deref(), Some("t"));
    assert_eq!(thing.self_.as_deref(), Some("s"));
    assert_eq!(thing.id.as_deref(), Some("i"));
    assert_eq!(thing._2fa, Some(true));
    assert_eq!(thing.x_y, Some(3));
    assert_eq!(thing.foo_bar.as_deref(), Some("camel"));
    assert_eq!(thing.foo_bar_2.as_deref(), Some("snake"));
    assert_eq!(thing.r#async.as_deref(), Some("a"));
    assert_eq!(thing.kind, Some(ThingKind::Less));
    assert_eq!(thing.option, Some(Option::Y));
    assert_eq!(thing.string.as_ref().map(|s| s.as_str()), Some("abc"));
    assert_eq!(serde_json::to_value(&thing).unwrap(), input);
}

#[test]
fn odd_enum_values_have_names() {
    for (value, variant) in [
        ("a-b", ThingKind::AB),
        ("A_B", ThingKind::AB2),
        ("1", ThingKind::V1),
        ("<", ThingKind::Less),
        ("", ThingKind::Empty),
        ("self", ThingKind::SelfValue),
        ("type", ThingKind::Type),
    ] {
        assert_eq!(value.parse::<ThingKind>().unwrap(), variant);
        assert_eq!(variant.as_str(), value);
    }
}

#[test]
fn schemas_named_like_std_types_do_not_break_anything() {
    assert!(String::new("abcd").is_err());
    let r: Result = serde_json::from_value(json!({ "ok": true })).unwrap();
    assert_eq!(r.ok, Some(true));
    let c = Type2faConfig { x: Some("1".to_owned()) };
    assert_eq!(serde_json::to_value(&c).unwrap(), json!({ "x": "1" }));
    // `thing` and `Thing` are both kept; the later one is `Thing2`.
    let t = Thing2 { n: Some(1) };
    assert_eq!(serde_json::to_value(&t).unwrap(), json!({ "n": 1 }));
}

#[test]
fn odd_operation_and_parameter_names() {
    let client = odd_names::Client::new("http://127.0.0.1:9").unwrap();
    let _request = client.get_thing("a type").self_("me").r#_2fa(true);
    let body = Thing2::default();
    let _post = client.post_weird_thing(&body);
}

#[test]
fn builders_and_methods_never_take_the_names_the_crate_uses() {
    use odd_names::operations::reserved::{Error2, Option2, Request2, Send2};
    let client = odd_names::Client::new("http://127.0.0.1:9").unwrap();
    let _: Option2<'_> = client.option().q("x");
    let _: Request2<'_> = client.request();
    let _: Error2<'_> = client.error();
    let _: Send2<'_> = client.send_2();
}
