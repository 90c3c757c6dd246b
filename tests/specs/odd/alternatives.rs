//! Alternatives that no tag tells apart go to the best match; tag sets with an open
//! alternative fall back to it; a parent's discriminator mapping makes an enum of its
//! subtypes.
use odd_alternatives::types::*;
use serde_json::json;

#[test]
fn best_match_picks_the_alternative_that_knows_the_members() {
    let dog: Pet = serde_json::from_value(json!({ "name": "Rex", "bark": true })).unwrap();
    assert!(matches!(dog, Pet::Dog(_)), "{dog:?}");
    let cat: Pet = serde_json::from_value(json!({ "name": "Tom", "meow": true })).unwrap();
    assert!(matches!(cat, Pet::Cat(_)), "{cat:?}");
    // Neither knows more: the first listed wins.
    let either: Pet = serde_json::from_value(json!({ "name": "?" })).unwrap();
    assert!(matches!(either, Pet::Cat(_)), "{either:?}");
    assert_eq!(serde_json::to_value(&dog).unwrap(), json!({ "name": "Rex", "bark": true }));
}

#[test]
fn scalar_alternatives() {
    assert!(matches!(serde_json::from_value::<Id>(json!(7)).unwrap(), Id::Integer(7)));
    assert!(matches!(serde_json::from_value::<Id>(json!("x")).unwrap(), Id::String(ref s) if s == "x"));
    assert!(serde_json::from_value::<Id>(json!(true)).is_err());
}

#[test]
fn when_none_accepts_every_refusal_is_reported() {
    let err = serde_json::from_value::<Shape>(json!({ "colour": "red" })).unwrap_err().to_string();
    assert!(err.contains("Circle") && err.contains("radius"), "{err}");
    assert!(err.contains("Square") && err.contains("side"), "{err}");
}

#[test]
fn tag_sets_fall_back_to_the_open_alternative() {
    let login: Event = serde_json::from_value(json!({ "type": "LOGIN", "user": "u" })).unwrap();
    assert!(matches!(login, Event::SessionEvent(_)), "{login:?}");
    let other: Event = serde_json::from_value(json!({ "type": "BACKUP", "detail": "d" })).unwrap();
    assert!(matches!(other, Event::OtherEvent(_)), "{other:?}");
}

#[test]
fn discriminator_mapping_on_a_parent() {
    let cat: Animal = serde_json::from_value(json!({ "kind": "cat", "name": "Tom", "lives": 9 })).unwrap();
    let Animal::Cat(c) = &cat else { panic!("{cat:?}") };
    assert_eq!(c.lives, Some(9));
    assert_eq!(c.name.as_deref(), Some("Tom"));
    let dog: Animal = serde_json::from_value(json!({ "kind": "dog", "good": true })).unwrap();
    assert!(matches!(dog, Animal::Dog(_)));
    let fish: Animal = serde_json::from_value(json!({ "kind": "fish" })).unwrap();
    assert!(matches!(fish, Animal::Unknown(_)));
    // `kind` is required by the parent, so every value must have it.
    assert!(serde_json::from_value::<Animal>(json!({ "name": "x" })).is_err());
    assert_eq!(serde_json::to_value(&cat).unwrap()["kind"], "cat");
}
