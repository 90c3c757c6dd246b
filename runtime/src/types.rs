//! Stands in for a generated crate's `types` module: a few types written as the templates
//! write them, so that the runtime's macros expand here as they do there, and their
//! behaviour is tested here once.

use super::runtime;

/// An Atlas error body.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// Describes the error.
    pub detail: Option<String>,
    /// The HTTP status.
    pub error: i32,
    /// The application's error code.
    pub error_code: String,
    /// May be `null`, must be present.
    pub reason: Option<String>,
}
runtime::structs::serde_struct!(ApiError {
    detail: Option<String> = optional("detail", 0),
    error: i32 = required("error", 1),
    error_code: String = required("errorCode", 2),
    reason: Option<String> = required_nullable("reason", 3),
});

/// A group id: 24 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupId(String);
runtime::validation::validated_string!(
    GroupId,
    pattern "^([a-f0-9]{24})$" unicode true
);

/// A comment of at most 8 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Comment(String);
runtime::validation::validated_string!(
    Comment,
    min 1,
    max 8
);

/// A provider: an open enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Provider {
    /// `AWS`
    Aws,
    /// `AZURE`
    Azure,
    /// A value the spec does not list.
    Unknown(String),
}
runtime::enums::string_enum!(Provider, open Unknown, {
    Aws = "AWS",
    Azure = "AZURE",
});

/// A one-value tag: a closed enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum AwsTag {
    /// `AWS`
    #[default]
    Aws,
}
runtime::enums::string_enum!(AwsTag, closed, {
    Aws = "AWS",
});

/// An integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Priority {
    /// `1`
    V1,
    /// `2`
    V2,
    /// A value the spec does not list.
    Unknown(i64),
}
runtime::enums::integer_enum!(Priority, open Unknown, {
    V1 = 1,
    V2 = 2,
});

/// An AWS endpoint.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AwsEndpoint {
    /// The group it belongs to.
    pub group_id: Option<GroupId>,
    /// Its provider.
    pub provider_name: Option<AwsTag>,
    /// Members beyond the listed properties.
    pub additional_properties: std::collections::BTreeMap<String, i64>,
}
runtime::structs::serde_struct!(default AwsEndpoint {
    group_id: Option<GroupId> = optional("groupId", 0),
    provider_name: Option<AwsTag> = optional("providerName", 1),
} rest additional_properties: std::collections::BTreeMap<String, i64>);
runtime::structs::write_members!(AwsEndpoint {
    group_id = optional("groupId"),
    provider_name = optional("providerName"),
} rest additional_properties);

/// An endpoint of some provider, told by `providerName`.
#[derive(Debug, Clone, PartialEq)]
pub enum Endpoint {
    /// `providerName` is `AWS`.
    Aws(AwsEndpoint),
    /// A provider this client does not know.
    Unknown(serde_json::Value),
}

impl serde::Serialize for Endpoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Aws(value) => {
                runtime::one_of::serialize_tagged(value, "providerName", "AWS", serializer)
            }
            Self::Unknown(value) => serde::Serialize::serialize(value, serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Endpoint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = runtime::one_of::read(deserializer)?;
        let result = match runtime::one_of::tag_of(&value, "providerName") {
            Some("AWS") => runtime::one_of::decode(&value).map(Self::Aws),
            Some(_) => runtime::one_of::keep(&value).map(Self::Unknown),
            None => Err(runtime::one_of::missing_tag("providerName")),
        };
        result.map_err(<D::Error as serde::de::Error>::custom)
    }
}

/// A disk: AWS or Azure, told apart by which members a value has.
#[derive(Debug, Clone, PartialEq)]
pub enum Disk {
    /// An AWS disk.
    Aws(AwsDisk),
    /// An Azure disk.
    Azure(AzureDisk),
}

/// An AWS disk.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AwsDisk {
    /// Its size.
    pub size: Option<i64>,
    /// Its IOPS.
    pub iops: Option<i64>,
}
runtime::structs::serde_struct!(default AwsDisk {
    size: Option<i64> = optional("size", 0),
    iops: Option<i64> = optional("iops", 1),
});

/// An Azure disk.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AzureDisk {
    /// Its size.
    pub size: Option<i64>,
    /// Its tier.
    pub tier: Option<String>,
}
runtime::structs::serde_struct!(AzureDisk {
    size: Option<i64> = optional("size", 0),
    tier: Option<String> = optional("tier", 1),
});

impl<'de> serde::Deserialize<'de> for Disk {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = runtime::one_of::read(deserializer)?;
        let mut best = runtime::one_of::BestMatch::new("Disk", &value);
        best.try_struct::<AwsDisk>("Aws", Some(&["size", "iops"]), Self::Aws);
        best.try_struct::<AzureDisk>("Azure", Some(&["size", "tier"]), Self::Azure);
        best.finish()
            .map_err(<D::Error as serde::de::Error>::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::runtime::validation::Rule;

    #[test]
    fn validated_strings_check_on_every_way_in() {
        let id: GroupId = "32b6e34b3d91647abb20e7b8".parse().unwrap();
        assert_eq!(id.as_str(), "32b6e34b3d91647abb20e7b8");
        assert_eq!(GroupId::PATTERN, Some("^([a-f0-9]{24})$"));
        assert_eq!((GroupId::MIN_LENGTH, GroupId::MAX_LENGTH), (None, None));
        let e = GroupId::try_from("nope").unwrap_err();
        assert_eq!(e.type_name(), "GroupId");
        assert_eq!(e.rule(), &Rule::Pattern("^([a-f0-9]{24})$"));
        assert!(serde_json::from_value::<GroupId>(json!("nope")).is_err());
        assert_eq!(
            serde_json::to_value(&id).unwrap(),
            json!("32b6e34b3d91647abb20e7b8")
        );
        assert_eq!(String::from(id.clone()), id.to_string());
        assert_eq!(format!("{id:?}"), "GroupId(\"32b6e34b3d91647abb20e7b8\")");

        assert_eq!(
            (Comment::MIN_LENGTH, Comment::MAX_LENGTH),
            (Some(1), Some(8))
        );
        assert_eq!(Comment::PATTERN, None);
        assert!(Comment::new("éééééééé").is_ok(), "characters, not bytes");
        let e = Comment::try_from(String::from("ninechars")).unwrap_err();
        assert_eq!(e.rule(), &Rule::MaxLength { max: 8, actual: 9 });
        assert!(Comment::new("").is_err());
    }

    #[test]
    fn open_enums_keep_unknown_values_and_closed_ones_refuse_them() {
        assert_eq!(Provider::from_value("AWS"), Provider::Aws);
        let gcp: Provider = serde_json::from_value(json!("GCP")).unwrap();
        assert_eq!(gcp, Provider::Unknown("GCP".to_owned()));
        assert_eq!(serde_json::to_value(&gcp).unwrap(), json!("GCP"));
        assert_eq!(Provider::VALUES, ["AWS", "AZURE"]);
        assert_eq!(Provider::Azure.to_string(), "AZURE");

        assert_eq!("AWS".parse::<AwsTag>(), Ok(AwsTag::Aws));
        let e = "GCP".parse::<AwsTag>().unwrap_err();
        assert_eq!(e.rule(), &Rule::NotListed(&["AWS"]));
        let e = serde_json::from_value::<AwsTag>(json!("GCP")).unwrap_err();
        assert!(e.to_string().contains("is not a valid AwsTag"), "{e}");

        assert_eq!(
            serde_json::from_value::<Priority>(json!(7)).unwrap(),
            Priority::Unknown(7)
        );
        assert_eq!(serde_json::to_value(Priority::V2).unwrap(), json!(2));
        assert_eq!(Priority::V1.to_string(), "1");
    }

    #[test]
    fn structs_read_and_write_their_members() {
        let body = json!({"error": 404, "errorCode": "NOT_FOUND", "reason": null, "extra": 1});
        let e: ApiError = serde_json::from_value(body).unwrap();
        assert_eq!(e.error_code, "NOT_FOUND");
        assert_eq!(e.reason, None);
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"error": 404, "errorCode": "NOT_FOUND", "reason": null}),
            "optional `None` left out, required nullable written as null"
        );
        let missing = serde_json::from_value::<ApiError>(json!({"error": 404, "errorCode": "X"}));
        assert!(missing
            .unwrap_err()
            .to_string()
            .contains("missing field `reason`"));
        let wrong = json!({"error": "404", "errorCode": "X", "reason": null});
        let e = runtime::json::decode::<ApiError, _>(&wrong).unwrap_err();
        assert!(e.starts_with("at `error`: "), "{e}");
    }

    #[test]
    fn structs_read_members_in_one_pass_from_any_input() {
        // An escaped name cannot be borrowed from the input: it is read as a copy.
        let text =
            r#"{"error\u0043ode": "X", "error": 1, "reason": "r", "more": {"deep": [1, {}]}}"#;
        let e: ApiError = serde_json::from_str(text).unwrap();
        assert_eq!((e.error_code.as_str(), e.error), ("X", 1));
        let from_reader: ApiError = serde_json::from_reader(text.as_bytes()).unwrap();
        assert_eq!(from_reader, e);
        let twice = r#"{"error": 1, "error": 2, "errorCode": "X", "reason": null}"#;
        let e = serde_json::from_str::<ApiError>(twice).unwrap();
        assert_eq!(e.error, 2, "a member given twice takes its last value");
        let not_an_object = serde_json::from_str::<ApiError>("[1]").unwrap_err();
        assert!(
            not_an_object
                .to_string()
                .contains("expected an object (ApiError)"),
            "{not_an_object}"
        );
    }

    #[test]
    fn additional_members_are_kept_and_written_after_the_fields() {
        let value = json!({"groupId": "32b6e34b3d91647abb20e7b8", "zone": 3});
        let e: AwsEndpoint = serde_json::from_value(value).unwrap();
        assert_eq!(e.additional_properties["zone"], 3);
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(text, r#"{"groupId":"32b6e34b3d91647abb20e7b8","zone":3}"#);
        let bad = runtime::json::decode::<AwsEndpoint, _>(&json!({"groupId": "x"}));
        assert!(bad.unwrap_err().starts_with("at `groupId`: "));
        let bad_rest = runtime::json::decode::<AwsEndpoint, _>(&json!({"zone": "x"}));
        assert!(bad_rest.unwrap_err().starts_with("at `zone`: "));
    }

    #[test]
    fn one_ofs_are_told_by_their_tag() {
        let aws: Endpoint = serde_json::from_value(json!({"providerName": "AWS"})).unwrap();
        assert!(matches!(
            aws,
            Endpoint::Aws(AwsEndpoint {
                provider_name: Some(AwsTag::Aws),
                ..
            })
        ));
        let gcp = json!({"providerName": "GCP", "x": [1]});
        let unknown: Endpoint = serde_json::from_value(gcp.clone()).unwrap();
        assert_eq!(
            serde_json::to_value(&unknown).unwrap(),
            gcp,
            "kept as it came"
        );
        let missing = serde_json::from_value::<Endpoint>(json!({})).unwrap_err();
        assert!(
            missing.to_string().contains("`providerName` is missing"),
            "{missing}"
        );
        let written = serde_json::to_value(Endpoint::Aws(AwsEndpoint::default())).unwrap();
        assert_eq!(
            written,
            json!({"providerName": "AWS"}),
            "the tag is written"
        );
    }

    #[test]
    fn a_failing_field_inside_an_alternative_inside_a_list_is_named_in_full() {
        let list = json!([
            {"providerName": "AWS", "groupId": "32b6e34b3d91647abb20e7b8"},
            {"providerName": "AWS", "groupId": "not hex"},
        ]);
        let e = runtime::json::decode::<Vec<Endpoint>, _>(&list).unwrap_err();
        assert!(e.starts_with("at `[1].groupId`: "), "{e}");
        assert!(e.contains("\"not hex\" is not a valid GroupId"), "{e}");
        let kept: Vec<Endpoint> =
            serde_json::from_value(json!([{"providerName": "GCP", "x": [1, {"y": null}]}]))
                .unwrap();
        assert!(matches!(&kept[0], Endpoint::Unknown(v) if v["x"][1]["y"].is_null()));
    }

    #[test]
    fn the_alternative_that_knows_the_most_members_wins() {
        let azure: Disk = serde_json::from_str(r#"{"size": 10, "tier": "P10"}"#).unwrap();
        assert!(matches!(azure, Disk::Azure(AzureDisk { tier: Some(t), .. }) if t == "P10"));
        let aws: Disk =
            serde_json::from_str(r#"{"size": 10, "iops": 3000, "tier": null}"#).unwrap();
        assert!(
            matches!(
                aws,
                Disk::Aws(AwsDisk {
                    iops: Some(3000),
                    ..
                })
            ),
            "null members count for nothing"
        );
        let tie: Disk = serde_json::from_str(r#"{"size": 10}"#).unwrap();
        assert!(matches!(tie, Disk::Aws(_)), "a tie goes to the first");
        let e = serde_json::from_str::<Disk>(r#"{"size": "big"}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("none of the alternatives of Disk: Aws: at `size`: "),
            "{e}"
        );
        assert!(e.contains("; Azure: at `size`: "), "{e}");
    }

    #[test]
    fn tags_are_written_once_straight_to_the_output() {
        let mut aws = AwsEndpoint {
            group_id: Some("32b6e34b3d91647abb20e7b8".parse().unwrap()),
            ..AwsEndpoint::default()
        };
        aws.additional_properties.insert("zone".to_owned(), 3);
        let text = serde_json::to_string(&Endpoint::Aws(aws.clone())).unwrap();
        assert_eq!(
            text,
            r#"{"groupId":"32b6e34b3d91647abb20e7b8","zone":3,"providerName":"AWS"}"#
        );
        let mut boxed = Vec::new();
        let mut out = serde_json::Serializer::new(&mut boxed);
        runtime::one_of::serialize_tagged(&Box::new(aws.clone()), "providerName", "AWS", &mut out)
            .unwrap();
        assert_eq!(
            boxed,
            text.as_bytes(),
            "an alternative in a box is written the same"
        );
        aws.provider_name = Some(AwsTag::Aws);
        let text = serde_json::to_string(&Endpoint::Aws(aws)).unwrap();
        assert_eq!(
            text, r#"{"groupId":"32b6e34b3d91647abb20e7b8","providerName":"AWS","zone":3}"#,
            "a value that sets its tag is written as it is"
        );
    }

    #[test]
    fn patterns_are_trusted_and_closed_enums_dropped_as_the_reading_says() {
        use crate::runtime::reading::Reading;
        let json = json!({"groupId": "not-hex", "providerName": "GCP", "extra": 1});
        let read = |reading: Reading| {
            reading.apply(|| serde_json::from_value::<AwsEndpoint>(json.clone()))
        };
        assert!(read(Reading::STRICT).is_err());
        let lenient = read(Reading::LENIENT).unwrap();
        assert_eq!(
            lenient.group_id.as_ref().map(GroupId::as_str),
            Some("not-hex")
        );
        assert_eq!(lenient.provider_name, None, "no closed enum lists GCP");
        assert_eq!(lenient.additional_properties.get("extra"), Some(&1));
        let tolerant = read(Reading::TOLERANT).unwrap();
        assert_eq!((tolerant.group_id, tolerant.provider_name), (None, None));
        let tagged = json!({"providerName": "AWS", "groupId": "not-hex"});
        let endpoint = Reading::TOLERANT.apply(|| serde_json::from_value::<Endpoint>(tagged));
        let expected = AwsEndpoint {
            provider_name: Some(AwsTag::Aws),
            ..AwsEndpoint::default()
        };
        assert_eq!(
            endpoint.unwrap(),
            Endpoint::Aws(expected),
            "the alternative drops too"
        );
    }
}
