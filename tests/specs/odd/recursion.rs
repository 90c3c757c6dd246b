//! Recursive schemas are boxed where they contain themselves, and work.
use odd_recursion::types::*;
use serde_json::json;

#[test]
fn a_node_contains_nodes() {
    let input = json!({
        "value": 1,
        "children": [{ "value": 2, "children": [] }, { "value": 3 }],
        "parent": { "value": 0, "next": { "value": 9 } },
    });
    let node: Node = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(node.value, 1);
    assert_eq!(node.children.as_ref().unwrap()[1].value, 3);
    let parent: &Node = node.parent.as_deref().unwrap();
    assert_eq!(parent.next.as_ref().unwrap().value, 9);
    assert_eq!(serde_json::to_value(&node).unwrap(), input);
}

#[test]
fn mutual_recursion_and_recursive_maps() {
    let a: A = serde_json::from_value(json!({ "b": { "a": { "name": "inner" } }, "name": "outer" })).unwrap();
    assert_eq!(a.b.unwrap().a.unwrap().name.as_deref(), Some("inner"));
    let d: Dir = serde_json::from_value(json!({ "entries": { "src": { "entries": { "lib.rs": {} } } } })).unwrap();
    assert!(d.entries.unwrap()["src"].entries.as_ref().unwrap().contains_key("lib.rs"));
}

#[test]
fn members_are_written_as_the_spec_names_them() {
    let docs = Folder {
        name: "docs".to_owned(),
        owner: Some("ann".to_owned()),
        size: Some(3),
        additional_properties: Default::default(),
    };
    let root = Folder {
        name: "root".to_owned(),
        owner: None,
        size: None,
        additional_properties: [("docs".to_owned(), docs)].into_iter().collect(),
    };
    // A required nullable member is written as `null`; an optional one that is `None` is
    // left out; the members beyond the listed ones come after them, under their own names.
    assert_eq!(
        serde_json::to_string(&root).unwrap(),
        r#"{"name":"root","owner":null,"docs":{"name":"docs","owner":"ann","size":3}}"#
    );
    let back: Folder = serde_json::from_str(&serde_json::to_string(&root).unwrap()).unwrap();
    assert_eq!(back, root);
    // A required nullable member must be there, even as `null`.
    let err = serde_json::from_str::<Folder>(r#"{"name":"x"}"#).unwrap_err().to_string();
    assert!(err.contains("missing field `owner`"), "{err}");
}

#[test]
fn a_tagged_alternative_that_contains_its_one_of_is_written_with_its_tag() {
    let input = json!({"kind": "branch", "id": "00ff", "child": {"kind": "leaf", "id": "0a0b", "value": 7}});
    let tree: Tree = serde_json::from_value(input.clone()).unwrap();
    let Tree::Branch(branch) = &tree else { panic!("not a branch: {tree:?}") };
    assert!(matches!(branch.child.as_deref(), Some(Tree::Leaf(leaf)) if leaf.value == Some(7)));
    assert_eq!(serde_json::to_value(&tree).unwrap(), input);
}

#[test]
fn a_value_of_an_unknown_tag_is_still_checked_against_the_common_properties() {
    let kept: Tree = serde_json::from_value(json!({"kind": "bush", "id": "00ff"})).unwrap();
    assert!(matches!(kept, Tree::Unknown(_)), "{kept:?}");
    let bad = serde_json::from_value::<Tree>(json!({"kind": "bush", "id": "zzz"})).unwrap_err();
    assert!(bad.to_string().contains("\"zzz\" is not a valid"), "{bad}");
}
