//! Runs inside the crate generated from `specs/odd/forms.yaml`, against Prism (its URL in
//! `SERVER_URL`), which parses and validates every form and multipart body it receives.
use server_forms::types::{LogInBody, LogInBodyFilter, PutNoteBody, UploadPhotosBody};
use server_forms::{Client, File};

#[tokio::test]
async fn prism_accepts_every_body() {
    let base = std::env::var("SERVER_URL").expect("SERVER_URL");
    let client = Client::new(&base).unwrap();
    let login = LogInBody {
        user: "ann".into(),
        password: "p&ss=w,rd".into(),
        remember: Some(true),
        scopes: Some(vec!["read".into(), "write".into()]),
        ids: Some(vec![1, 2]),
        filter: Some(LogInBodyFilter { kind: Some("dog".into()), size: Some(3) }),
    };
    client.log_in(&login).send().await.unwrap();
    // Without the list members and the JSON member: Prism reads repeated parts as one
    // value (stoplightio/prism#2654) and does not decode a JSON part; the multer test in
    // `specs/odd/forms.rs` reads those.
    let upload = UploadPhotosBody {
        caption: "Rex, asleep".into(),
        rating: Some(5),
        tags: None,
        meta: None,
        photo: File::new(vec![0x89, b'P', b'N', b'G', 0, 0xff]).name("rex.png").content_type("image/png"),
        thumbnail: Some(File::new(b"small".to_vec())),
        extras: None,
    };
    client.upload_photos(&7, &upload).send().await.unwrap();
    client.put_note().body(&PutNoteBody { text: Some("hello".into()) }).send().await.unwrap();
}
