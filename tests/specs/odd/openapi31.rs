//! An OpenAPI 3.1 spec, converted to 3.0: `type` lists with `null`, `const`, a `$ref` with
//! a description beside it, a path item from `components/pathItems`, a parameter referred to
//! inside `paths`, and a binary body told by `contentMediaType`.
use odd_openapi31::types::{Owner, Pet, PetKind, PetNickname};
use odd_openapi31::Client;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_31_answer_reads_into_30_types() {
    let server = MockServer::start().await;
    let body = json!([{
        "id": 7, "kind": "pet", "name": null, "tag": null, "nickname": 3,
        "owner": {"id": 9, "pets": []}, "weight": 12.5, "location": [1.5, 2.5], "extras": {"a": 1}
    }]);
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("verbose", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let pets: Vec<Pet> = client.list_pets().verbose(true).send().await.unwrap();
    let pet = &pets[0];
    assert_eq!(pet.kind, PetKind::Pet);
    assert_eq!(pet.name, None, "`type: [string, \"null\"]` takes null");
    assert_eq!(pet.tag, None);
    assert!(matches!(pet.nickname, Some(PetNickname::Integer(3))), "{:?}", pet.nickname);
    assert_eq!(pet.owner, Some(Owner { id: Some(9), pets: Some(vec![]) }));
}

#[tokio::test]
async fn a_binary_body_is_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/1/photo"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P', b'N', b'G'], "image/png"))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let photo = client.get_photo(&1).send().await.unwrap();
    assert_eq!(&photo[..], &[0x89, b'P', b'N', b'G']);
}
