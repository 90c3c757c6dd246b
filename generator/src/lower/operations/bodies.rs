//! An operation's request body, in each media type it can be sent as.

use openapiv3::ReferenceOr;

use super::super::flat::SchemaRef;
use super::super::refs::{self, Kind};
use super::super::variants::{self, Offer, Variant};
use super::super::{Dir, Lowerer, NameSource};
use super::SpecOp;
use crate::error::DiagnosticKind;
use crate::model::{BodyEncoding, MemberEncoding, RequestBody, TypeRef};
use crate::pointer::Pointer;

/// The request body an operation declares, and the media types it can be sent as.
#[derive(Default)]
pub(super) struct BodyOffers<'a> {
    /// The media types, with how each is encoded.
    pub(super) offers: Vec<Offer>,
    body: Option<(&'a openapiv3::RequestBody, Pointer)>,
}

/// How a body in this media type is encoded, or `None` when it is not supported.
pub(crate) fn encoding_of(media_type: &str, has_schema: bool) -> Option<BodyEncoding> {
    let essence = variants::essence(media_type);
    if essence == "application/json" || essence.ends_with("+json") || essence == "text/json" {
        return Some(BodyEncoding::Json);
    }
    if essence == "*/*" || essence == "application/*" {
        return Some(if has_schema {
            BodyEncoding::Json
        } else {
            BodyEncoding::Binary
        });
    }
    if essence.starts_with("text/")
        || essence.ends_with("+csv")
        || essence.ends_with("+xml")
        || essence.ends_with("/xml")
    {
        return Some(BodyEncoding::Text);
    }
    if essence == "multipart/form-data" {
        return Some(BodyEncoding::Multipart);
    }
    if essence == "application/x-www-form-urlencoded" {
        return Some(BodyEncoding::Form);
    }
    if essence.starts_with("multipart/") {
        return None;
    }
    Some(BodyEncoding::Binary)
}

/// The media types the request body can be sent as; `None` when the operation is skipped
/// (its body can only be sent in media types that are not supported).
pub(super) fn body_offers<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
) -> Option<BodyOffers<'a>> {
    let Some(rb) = &spec_op.op.request_body else {
        return Some(BodyOffers::default());
    };
    let bptr = spec_op.pointer.join("requestBody");
    let rb = match rb {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            match refs::resolve(refs::request_bodies(lw.doc), Kind::RequestBodies, reference) {
                Ok(r) => r.item,
                Err(e) => {
                    lw.problem(e.kind, &bptr.join("$ref"), e.message);
                    return Some(BodyOffers::default());
                }
            }
        }
    };
    let mut offers = Vec::new();
    let mut unsupported = Vec::new();
    for (mt, media) in &rb.content {
        match encoding_of(mt, media.schema.is_some()) {
            Some(encoding) => offers.push(Offer {
                media_type: mt.clone(),
                encoding,
            }),
            None => unsupported.push(mt.clone()),
        }
    }
    if offers.is_empty() && !unsupported.is_empty() {
        let message = format!(
            "the operation is skipped: its request body is only offered as {}, which is not supported",
            unsupported.join(", ")
        );
        lw.diagnostic(DiagnosticKind::Skipped, &bptr, message);
        return None;
    }
    for mt in &unsupported {
        let message = format!(
            "the request body as `{mt}` is left out: of multipart bodies only `multipart/form-data` is supported; the other media types are generated"
        );
        lw.diagnostic(
            DiagnosticKind::Skipped,
            &bptr.join("content").join(mt),
            message,
        );
    }
    Some(BodyOffers {
        offers,
        body: Some((rb, bptr)),
    })
}

/// Each offered body, lowered once and named after the first form that sends it
/// (`type_suffix(form, "Body")`).
pub(super) fn lower_bodies<'a>(
    lw: &mut Lowerer<'a>,
    spec_op: &SpecOp<'a>,
    offered: &BodyOffers<'a>,
    plan: &[Variant],
    type_suffix: &dyn Fn(usize, &str) -> String,
) -> Vec<Option<RequestBody>> {
    let mut bodies: Vec<Option<RequestBody>> = vec![None; offered.offers.len()];
    let Some((rb, bptr)) = &offered.body else {
        return bodies;
    };
    for (n, v) in plan.iter().enumerate() {
        let Some(q) = v.request else { continue };
        if bodies[q].is_some() {
            continue;
        }
        let offer = &offered.offers[q];
        let media = &rb.content[&offer.media_type];
        let mptr = bptr.join("content").join(&offer.media_type);
        let ty = match (offer.encoding, &media.schema) {
            (BodyEncoding::Json, Some(s)) => {
                let name = NameSource::operation(&spec_op.id, &type_suffix(n, "Body"));
                lw.use_schema(SchemaRef::of(s), &mptr.join("schema"), Dir::Request, name)
                    .ty
            }
            (BodyEncoding::Form | BodyEncoding::Multipart, Some(s)) => {
                let name = NameSource::operation(&spec_op.id, &type_suffix(n, "Body"));
                // In a multipart body a binary string is a file: bytes, not text.
                lw.binary_as_file = offer.encoding == BodyEncoding::Multipart;
                let ty = lw
                    .use_schema(SchemaRef::of(s), &mptr.join("schema"), Dir::Request, name)
                    .ty;
                lw.binary_as_file = false;
                ty
            }
            (BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart, None) => {
                TypeRef::Json
            }
            (BodyEncoding::Text, _) => TypeRef::String,
            (BodyEncoding::Binary, _) => TypeRef::Bytes,
        };
        bodies[q] = Some(RequestBody {
            media_type: offer.media_type.clone(),
            encoding: offer.encoding,
            ty,
            required: rb.required,
            description: rb.description.clone(),
            encodings: member_encodings(media),
            origin: mptr,
        });
    }
    bodies
}

/// The `encoding` of a form or multipart body, member by member.
fn member_encodings(media: &openapiv3::MediaType) -> Vec<MemberEncoding> {
    media
        .encoding
        .iter()
        .map(|(name, e)| MemberEncoding {
            name: name.clone(),
            content_type: e.content_type.clone(),
            style: e.style.as_ref().map(|s| {
                match s {
                    openapiv3::QueryStyle::Form => "form",
                    openapiv3::QueryStyle::SpaceDelimited => "spaceDelimited",
                    openapiv3::QueryStyle::PipeDelimited => "pipeDelimited",
                    openapiv3::QueryStyle::DeepObject => "deepObject",
                }
                .to_owned()
            }),
            // `openapiv3` reads a missing `explode` as `false`: without a `style` the
            // spec's default (exploded) stands, with one the value is taken as written.
            explode: e.style.as_ref().map(|_| e.explode),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(
            encoding_of("application/vnd.atlas.2023-01-01+json", true),
            Some(BodyEncoding::Json)
        );
        assert_eq!(
            encoding_of("application/json; charset=utf-8", true),
            Some(BodyEncoding::Json)
        );
        assert_eq!(
            encoding_of("application/vnd.atlas.2023-01-01+csv", true),
            Some(BodyEncoding::Text)
        );
        assert_eq!(
            encoding_of("application/vnd.atlas.2023-01-01+gzip", true),
            Some(BodyEncoding::Binary)
        );
        assert_eq!(
            encoding_of("multipart/form-data", true),
            Some(BodyEncoding::Multipart)
        );
        assert_eq!(
            encoding_of("application/x-www-form-urlencoded", true),
            Some(BodyEncoding::Form)
        );
        assert_eq!(encoding_of("multipart/mixed", true), None);
    }
}
