//! A spec split over several files (`multifile/`): path items, a parameter, a response and
//! schemas in other files, YAML and JSON, referring to one another in a circle (a pet's
//! owner lists pets) and to themselves (`$ref: "#"`).
use odd_multifile::types::{Owner, Pet};
use odd_multifile::Client;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn types_from_other_files_read_a_whole_answer() {
    let server = MockServer::start().await;
    let pets = json!([{
        "id": 1, "name": "Rex",
        "owner": {"name": "Ann", "pets": [{"id": 2, "name": "Tom"}]},
        "parent": {"id": 0, "name": "Old Rex"}
    }]);
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pets))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let pets: Vec<Pet> = client.list_pets().limit(2).send().await.unwrap();
    let owner: &Owner = pets[0].owner.as_ref().unwrap();
    assert_eq!(owner.pets.as_ref().unwrap()[0].name, "Tom");
    assert_eq!(pets[0].parent.as_ref().unwrap().name, "Old Rex");
}

#[tokio::test]
async fn a_response_from_another_file_is_a_documented_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/9"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no pet 9"})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let err = client.get_pet(&9).send().await.unwrap_err();
    assert_eq!(err.error().map(|e| e.message.as_str()), Some("no pet 9"));
}
