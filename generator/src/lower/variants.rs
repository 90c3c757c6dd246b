//! Operations offered in several media types or API versions.
//!
//! A spec may let one operation answer in several media types (`…+json` and `…+csv`), or in
//! several versions (`application/vnd.atlas.2023-01-01+json` and
//! `application/vnd.atlas.2024-08-05+json`), or take its body in several. The caller must
//! be able to choose, so each choice becomes its own method: the preferred one (JSON first,
//! then the newest version) keeps the operation's name, the others add what sets them
//! apart (`get_invoice_csv`, `create_thing_v2023_01_01`).

use crate::model::BodyEncoding;

/// What a media type says about the form of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaKey {
    /// The media type without parameters, lower case.
    pub essence: String,
    /// A date version in it (`2023-01-01`), if any.
    pub version: Option<String>,
    /// The format: the structured-syntax suffix (`json` of `…+json`) or the subtype.
    pub format: String,
}

/// A media type without its parameters, in lower case: `application/json; charset=utf-8`
/// is `application/json`.
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

impl MediaKey {
    pub(crate) fn of(media_type: &str) -> Self {
        let essence = essence(media_type);
        let subtype = essence.split_once('/').map_or(essence.as_str(), |(_, s)| s);
        let format = subtype
            .rsplit_once('+')
            .map_or(subtype, |(_, suffix)| suffix)
            .to_owned();
        let version = date_in(&essence);
        MediaKey {
            essence,
            version,
            format,
        }
    }
}

/// The first `YYYY-MM-DD` in `text`.
fn date_in(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(9)).find_map(|i| {
        let w = &bytes[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        let boundary = |j: Option<&u8>| j.is_none_or(|b| !b.is_ascii_digit());
        (digits(0..4)
            && w[4] == b'-'
            && digits(5..7)
            && w[7] == b'-'
            && digits(8..10)
            && boundary(i.checked_sub(1).and_then(|j| bytes.get(j)))
            && boundary(bytes.get(i + 10)))
        .then(|| text[i..i + 10].to_owned())
    })
}

/// A media type on offer, with how it is encoded.
#[derive(Debug, Clone)]
pub(crate) struct Offer {
    pub media_type: String,
    pub encoding: BodyEncoding,
}

/// One way to call an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Variant {
    /// Index into the request offers.
    pub request: Option<usize>,
    /// Index into the response offers.
    pub response: Option<usize>,
    /// What the method name gets after an `_`; `None` for the preferred variant.
    pub suffix: Option<String>,
}

fn rank(encoding: BodyEncoding) -> u8 {
    match encoding {
        BodyEncoding::Json => 0,
        BodyEncoding::Form => 1,
        BodyEncoding::Multipart => 2,
        BodyEncoding::Text => 3,
        BodyEncoding::Binary => 4,
    }
}

/// How well `candidate` matches `wanted`: lower is better.
pub(crate) fn closeness(wanted: &MediaKey, candidate: &MediaKey) -> u8 {
    if wanted.essence == candidate.essence {
        0
    } else if wanted.version == candidate.version && wanted.format == candidate.format {
        1
    } else if wanted.version.is_some() && wanted.version == candidate.version {
        2
    } else if wanted.format == candidate.format {
        3
    } else {
        4
    }
}

/// The offer in `offers` that best goes with `wanted`, preferring JSON on a tie, then the
/// first listed.
pub(crate) fn best_match(wanted: Option<&MediaKey>, offers: &[Offer]) -> Option<usize> {
    (0..offers.len()).min_by_key(|&i| {
        let key = MediaKey::of(&offers[i].media_type);
        (
            wanted.map_or(0, |w| closeness(w, &key)),
            rank(offers[i].encoding),
            i,
        )
    })
}

/// The ways to call an operation whose body may be sent as any of `requests` and whose
/// answer may come as any of `responses` (the media types of success responses that offer
/// a choice). The first is the preferred one; a single variant means there is no choice.
pub(crate) fn plan(requests: &[Offer], responses: &[Offer]) -> Vec<Variant> {
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (i, r) in responses.iter().enumerate() {
        let key = MediaKey::of(&r.media_type);
        pairs.push((best_match(Some(&key), requests), Some(i)));
    }
    for (i, q) in requests.iter().enumerate() {
        if pairs.iter().any(|(req, _)| *req == Some(i)) {
            continue;
        }
        let key = MediaKey::of(&q.media_type);
        pairs.push((Some(i), best_match(Some(&key), responses)));
    }
    if pairs.is_empty() {
        pairs.push((None, None));
    }
    pairs.dedup();
    // The preferred: the best encoding of the answer, then of the body, then the newest
    // version, then the first listed.
    let version_of = |(q, r): &(Option<usize>, Option<usize>)| {
        r.map(|r| MediaKey::of(&responses[r].media_type).version)
            .or_else(|| q.map(|q| MediaKey::of(&requests[q].media_type).version))
            .flatten()
    };
    let preferred = (0..pairs.len())
        .min_by(|&a, &b| {
            let key = |i: usize| {
                let (q, r) = pairs[i];
                (
                    r.map_or(3, |r| rank(responses[r].encoding)),
                    q.map_or(3, |q| rank(requests[q].encoding)),
                )
            };
            key(a)
                .cmp(&key(b))
                .then_with(|| version_of(&pairs[b]).cmp(&version_of(&pairs[a])))
                .then(a.cmp(&b))
        })
        .unwrap_or(0);
    pairs.swap(0, preferred);
    if preferred > 1 {
        // Keep the others in the spec's order.
        pairs[1..=preferred].rotate_left(1);
    }

    let main = |(q, r): (Option<usize>, Option<usize>)| {
        r.map(|r| MediaKey::of(&responses[r].media_type))
            .or_else(|| q.map(|q| MediaKey::of(&requests[q].media_type)))
    };
    let first = main(pairs[0]);
    let first_request = pairs[0].0.map(|q| MediaKey::of(&requests[q].media_type));
    let mut out: Vec<Variant> = Vec::new();
    for (n, &(q, r)) in pairs.iter().enumerate() {
        // A body sent as a form or in parts is told by that, whatever it answers.
        let by_body = q.and_then(|q| match requests[q].encoding {
            BodyEncoding::Form => Some("form"),
            BodyEncoding::Multipart => Some("multipart"),
            _ => None,
        });
        let taken = |s: &str| out.iter().any(|v| v.suffix.as_deref() == Some(s));
        let suffix = if n == 0 {
            None
        } else if let Some(word) = by_body.filter(|w| !taken(w)) {
            Some(word.to_owned())
        } else {
            let mine = main((q, r));
            let mut suffix = difference(first.as_ref(), mine.as_ref());
            if taken(&suffix) {
                suffix.clear();
            }
            if suffix.is_empty() {
                let request = q.map(|q| MediaKey::of(&requests[q].media_type));
                suffix = difference(first_request.as_ref(), request.as_ref());
                if !suffix.is_empty() {
                    suffix.insert_str(0, "body_");
                }
            }
            if suffix.is_empty() {
                suffix = format!("form_{}", n + 1);
            }
            Some(suffix)
        };
        out.push(Variant {
            request: q,
            response: r,
            suffix,
        });
    }
    out
}

/// What tells `other` apart from `first`, as snake_case words.
fn difference(first: Option<&MediaKey>, other: Option<&MediaKey>) -> String {
    let (Some(first), Some(other)) = (first, other) else {
        return String::new();
    };
    let mut parts = Vec::new();
    if other.version != first.version {
        if let Some(v) = &other.version {
            parts.push(format!("v{}", v.replace('-', "_")));
        }
    }
    if other.format != first.format {
        parts.push(
            crate::names::field_name(&other.format)
                .trim_start_matches("r#")
                .to_owned(),
        );
    }
    if parts.is_empty() && other.essence != first.essence {
        parts.push(
            crate::names::field_name(&other.essence)
                .trim_start_matches("r#")
                .to_owned(),
        );
    }
    parts.join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer(mt: &str) -> Offer {
        Offer {
            media_type: mt.to_owned(),
            encoding: crate::lower::operations::encoding_of(mt, true).unwrap(),
        }
    }

    #[test]
    fn keys() {
        let k = MediaKey::of("application/vnd.atlas.2023-01-01+json; charset=utf-8");
        assert_eq!(k.essence, "application/vnd.atlas.2023-01-01+json");
        assert_eq!(k.version.as_deref(), Some("2023-01-01"));
        assert_eq!(k.format, "json");
        let k = MediaKey::of("text/csv");
        assert_eq!((k.version, k.format.as_str()), (None, "csv"));
        assert_eq!(date_in("x12023-01-01"), None);
        assert_eq!(date_in("2023-01-0"), None);
    }

    #[test]
    fn one_offer_is_no_choice() {
        let plan = plan(&[offer("application/json")], &[]);
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].suffix, None);
        assert_eq!(super::plan(&[], &[]).len(), 1);
    }

    #[test]
    fn json_first_then_the_others_by_format() {
        let plan = plan(
            &[],
            &[
                offer("application/vnd.atlas.2023-01-01+csv"),
                offer("application/vnd.atlas.2023-01-01+json"),
            ],
        );
        assert_eq!(plan[0].response, Some(1));
        assert_eq!(plan[1].response, Some(0));
        assert_eq!(plan[1].suffix.as_deref(), Some("csv"));
    }

    #[test]
    fn newest_version_first_and_bodies_follow_their_version() {
        let requests = [
            offer("application/vnd.atlas.2023-01-01+json"),
            offer("application/vnd.atlas.2024-08-05+json"),
        ];
        let responses = [
            offer("application/vnd.atlas.2023-01-01+json"),
            offer("application/vnd.atlas.2024-08-05+json"),
        ];
        let plan = plan(&requests, &responses);
        assert_eq!(plan.len(), 2);
        assert_eq!((plan[0].request, plan[0].response), (Some(1), Some(1)));
        assert_eq!(plan[0].suffix, None);
        assert_eq!((plan[1].request, plan[1].response), (Some(0), Some(0)));
        assert_eq!(plan[1].suffix.as_deref(), Some("v2023_01_01"));
    }

    #[test]
    fn a_body_in_two_forms_with_one_answer() {
        let plan = plan(&[offer("application/json"), offer("application/xml")], &[]);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].request, Some(0));
        assert_eq!(plan[1].suffix.as_deref(), Some("xml"));
    }
}
