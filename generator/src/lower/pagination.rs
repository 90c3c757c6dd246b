//! List operations that answer a page at a time. Three conventions are recognised; an
//! operation that follows one gets `pages()` and `items()` on its builder, which walk the
//! pages. Only reads are walked unless the convention is set: a walk sends the request
//! again for each page.
//!
//! - **Numbered pages** (Atlas's): the page number in the query parameter `pageNum`, the
//!   page size in `itemsPerPage`, and an answer object with the items in `results` and,
//!   maybe, the number of items in all in `totalCount`.
//! - **Cursors**: a query parameter that takes a cursor (`cursor`, `page_token`, …) and an
//!   answer object with the next one (`next_cursor`, `nextPageToken`, …) beside one array
//!   of items.
//! - **Links** (RFC 8288, GitHub's): a success answer that documents a `Link` header, and
//!   is an array of items or an object with one array.
//!
//! The spec's `x-pagination` (or [`Generator::paging`](crate::Generator::paging)) sets the
//! convention and its names instead, or (`false`, [`Generator::unpaged`](crate::Generator::unpaged))
//! turns the walk off.

use crate::error::{Diagnostic, DiagnosticKind};
use crate::lower::Selection;
use crate::model::{
    Convention, Decode, Field, Model, Operation, Outcome, Pagination, Paging, PagingRule, Param,
    ParamLocation, ResponseArm, Statuses, StructDef, TypeKind, TypeRef,
};

/// The query parameter of the page number.
const PAGE: &str = "pageNum";
/// The query parameter of the page size.
const SIZE: &str = "itemsPerPage";
/// The member of a numbered page that holds the items.
const ITEMS: &str = "results";
/// The member of a numbered page that holds the number of items in all.
const TOTAL: &str = "totalCount";
/// Query parameters that take a cursor.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "starting_after",
];
/// Members of a page that hold the cursor of the next one.
const NEXT_CURSORS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
];

/// Sets [`Operation::pagination`] on every operation that follows a convention, detected or
/// set, and notes each as an `info` diagnostic; a set convention that does not fit the
/// operation is a note, and the operation is not walked.
pub(crate) fn detect(model: &mut Model, selection: &Selection) {
    let found: Vec<Result<Option<Pagination>, String>> = model
        .operations
        .iter()
        .map(|op| match rule(op, selection) {
            PagingRule::Off => Ok(None),
            PagingRule::Detect => Ok(detected(model, op)),
            PagingRule::Set(paging) => set(model, op, &paging).map(Some),
        })
        .collect();
    for (op, found) in model.operations.iter_mut().zip(found) {
        let set = matches!(rule(op, selection), PagingRule::Set(_));
        let (kind, message) = match &found {
            Ok(Some(p)) => (
                DiagnosticKind::Info,
                format!(
                    "`{}` answers a page at a time ({}{}): its builder has `pages()` and \
                     `items()` (`x-pagination: false` turns that off)",
                    op.id,
                    describe(p),
                    if set { ", as set" } else { "" }
                ),
            ),
            Ok(None) => continue,
            Err(why) => (
                DiagnosticKind::Note,
                format!(
                    "`{}`: the pagination set does not fit: {why}; its pages are not walked",
                    op.id
                ),
            ),
        };
        let set_by_spec = api_rule(op, selection).is_none() && op.paging_rule != PagingRule::Detect;
        let pointer = match set_by_spec {
            true => op.origin.join("x-pagination"),
            false => op.origin.clone(),
        };
        model.diagnostics.push(Diagnostic {
            kind,
            file: None,
            pointer: pointer.as_str().to_owned(),
            location: None,
            message,
        });
        op.pagination = found.ok().flatten();
    }
}

/// The rule for one operation: the generator's API's, else the spec's.
fn rule(op: &Operation, selection: &Selection) -> PagingRule {
    api_rule(op, selection).unwrap_or_else(|| op.paging_rule.clone())
}

/// The rule the generator's API gives an operation, if any (a convention set last wins).
fn api_rule(op: &Operation, selection: &Selection) -> Option<PagingRule> {
    if let Some((_, paging)) = selection.paging.iter().rev().find(|(id, _)| *id == op.id) {
        return Some(PagingRule::Set(paging.clone()));
    }
    selection
        .unpaged
        .contains(&op.id)
        .then_some(PagingRule::Off)
}

/// The convention of a pagination, in words.
fn describe(p: &Pagination) -> String {
    let name = |n: &Option<String>| n.as_deref().unwrap_or("?").to_owned();
    let items = match &p.items_field {
        Some(field) => format!("items in `{field}`"),
        None => "the answer is the items".to_owned(),
    };
    match p.convention {
        Convention::Numbered => format!("page numbers in `{}`, {items}", name(&p.page_param)),
        Convention::Cursor => format!(
            "cursors in `{}`, the next one in `{}`, {items}",
            name(&p.cursor_param),
            name(&p.cursor_field),
        ),
        Convention::Link => format!("the next page in the `Link` header, {items}"),
    }
}

/// The convention an operation follows, if any, as the spec shows it.
fn detected(model: &Model, op: &Operation) -> Option<Pagination> {
    if op.method != "GET" {
        return None;
    }
    let answer = page_arm(op)?;
    let page = json_type(answer)?;
    let page_struct = struct_of(model, page);
    let found = page_struct
        .and_then(|s| numbered(op, page, s).or_else(|| cursor(op, page, s)))
        .or_else(|| linked(answer, page, page_struct))?;
    Some(Pagination {
        variant: variant_of(answer),
        ..found
    })
}

/// The convention set for an operation, checked against it: each name it gives must be a
/// parameter or member of the right kind.
fn set(model: &Model, op: &Operation, paging: &Paging) -> Result<Pagination, String> {
    let answer = page_arm(op).ok_or("it has no single success answer, nor a `200`")?;
    let found = set_in(model, op, answer, paging)?;
    Ok(Pagination {
        variant: variant_of(answer),
        ..found
    })
}

fn set_in(
    model: &Model,
    op: &Operation,
    answer: &ResponseArm,
    paging: &Paging,
) -> Result<Pagination, String> {
    let page = json_type(answer).ok_or("its success answer is not JSON")?;
    let page_struct = struct_of(model, page);
    let object = || page_struct.ok_or_else(|| "its answer is not an object".to_owned());
    match paging {
        Paging::Numbered {
            page: number,
            size,
            items,
            total,
        } => {
            let page_struct = object()?;
            let number = query(op, number, "an integer", is_integer)?;
            let size = size
                .as_deref()
                .map(|size| query(op, size, "an integer", is_integer))
                .transpose()?;
            let (items, item) = array_member(page_struct, items)?;
            let total = total
                .as_deref()
                .map(|total| typed_member(page_struct, total, "an integer", is_integer))
                .transpose()?;
            Ok(numbered_walk(page, number, size, items, item, total))
        }
        Paging::Cursor { param, next, items } => {
            let page_struct = object()?;
            let param = query(op, param, "a string", is_string)?;
            let next = typed_member(page_struct, next, "a string", is_string)?;
            let (items, item) = array_member(page_struct, items)?;
            Ok(Pagination {
                cursor_param: Some(param.json_name.clone()),
                ..walk(Convention::Cursor, page, Some(items), item, Some(next))
            })
        }
        Paging::Link { items } => link_walk(page, page_struct, items.as_deref()),
    }
}

/// The success arm that answers a page: the one success arm, or among several (GitHub's
/// lists answer `304 Not Modified` too) the `200`.
fn page_arm(op: &Operation) -> Option<&ResponseArm> {
    let mut successes = op
        .arms
        .iter()
        .filter(|a| matches!(a.outcome, Outcome::Success { .. }));
    match (successes.next(), successes.next()) {
        (Some(arm), None) => Some(arm),
        (Some(_), Some(_)) => op.arms.iter().find(|a| {
            matches!(a.outcome, Outcome::Success { .. })
                && matches!(&a.statuses, Statuses::Codes { codes } if codes == &[200])
        }),
        _ => None,
    }
}

/// The variant of the operation's response enum that holds a page, when it has one.
fn variant_of(arm: &ResponseArm) -> Option<String> {
    match &arm.outcome {
        Outcome::Success { variant } => variant.clone(),
        _ => None,
    }
}

/// The type of a JSON answer.
fn json_type(arm: &ResponseArm) -> Option<&TypeRef> {
    match &arm.decode {
        Decode::Json(ty) => Some(ty),
        _ => None,
    }
}

/// The struct a type names, when it names one.
fn struct_of<'m>(model: &'m Model, ty: &TypeRef) -> Option<&'m StructDef> {
    let TypeRef::Named(id) = ty else {
        return None;
    };
    match &model.ty(*id).kind {
        TypeKind::Struct(page) => Some(page),
        _ => None,
    }
}

/// An optional query parameter of `op` named `name`.
fn optional_query<'o>(op: &'o Operation, name: &str) -> Option<&'o Param> {
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.json_name == name && !p.required)
}

/// The query parameter a set convention names, of the kind it needs.
fn query<'o>(
    op: &'o Operation,
    name: &str,
    kind: &str,
    fits: fn(&TypeRef) -> bool,
) -> Result<&'o Param, String> {
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.json_name == name && fits(&p.ty))
        .ok_or_else(|| format!("it has no query parameter `{name}` that takes {kind}"))
}

fn numbered(op: &Operation, page: &TypeRef, page_struct: &StructDef) -> Option<Pagination> {
    let number = optional_query(op, PAGE).filter(|p| is_integer(&p.ty))?;
    let size = optional_query(op, SIZE).filter(|p| is_integer(&p.ty));
    let (items, item) = array_member(page_struct, ITEMS).ok()?;
    let total = member(page_struct, TOTAL).filter(|f| is_integer(&f.ty));
    Some(numbered_walk(page, number, size, items, item, total))
}

fn numbered_walk(
    page: &TypeRef,
    number: &Param,
    size: Option<&Param>,
    items: &Field,
    item: &TypeRef,
    total: Option<&Field>,
) -> Pagination {
    Pagination {
        page_param: Some(number.json_name.clone()),
        size_param: size.map(|p| p.json_name.clone()),
        default_size: size.and_then(|p| p.default.as_ref()?.as_u64()),
        total_field: total.map(|f| f.name.clone()),
        total_optional: total.is_some_and(optional),
        ..walk(Convention::Numbered, page, Some(items), item, None)
    }
}

fn cursor(op: &Operation, page: &TypeRef, page_struct: &StructDef) -> Option<Pagination> {
    let param = CURSOR_PARAMS
        .iter()
        .find_map(|name| optional_query(op, name).filter(|p| is_string(&p.ty)))?;
    let next = NEXT_CURSORS
        .iter()
        .find_map(|name| member(page_struct, name).filter(|f| is_string(&f.ty)))?;
    let (items, item) = only_array(page_struct)?;
    Some(Pagination {
        cursor_param: Some(param.json_name.clone()),
        ..walk(Convention::Cursor, page, Some(items), item, Some(next))
    })
}

/// Links, when the success answer documents a `Link` header.
fn linked(
    answer: &ResponseArm,
    page: &TypeRef,
    page_struct: Option<&StructDef>,
) -> Option<Pagination> {
    if !answer.headers.iter().any(|name| name == "link") {
        return None;
    }
    link_walk(page, page_struct, None).ok()
}

/// A walk by links: the items in the member named, or else the page itself when it is an
/// array, or else the page's one array member.
fn link_walk(
    page: &TypeRef,
    page_struct: Option<&StructDef>,
    items: Option<&str>,
) -> Result<Pagination, String> {
    let (items, item) = match (items, page, page_struct) {
        (Some(name), _, Some(page_struct)) => {
            let (items, item) = array_member(page_struct, name)?;
            (Some(items), item)
        }
        (Some(_), _, None) => return Err("its answer is not an object".to_owned()),
        (None, TypeRef::Array(item), _) => (None, &**item),
        (None, _, Some(page_struct)) => {
            let (items, item) = only_array(page_struct)
                .ok_or("its answer has no one array member to take the items from")?;
            (Some(items), item)
        }
        (None, _, None) => return Err("its answer is neither an array nor an object".to_owned()),
    };
    Ok(walk(Convention::Link, page, items, item, None))
}

/// The page's one array member and its item type, when it has exactly one.
fn only_array(page_struct: &StructDef) -> Option<(&Field, &TypeRef)> {
    let mut arrays = page_struct.fields.iter().filter_map(|f| match &f.ty {
        TypeRef::Array(item) => Some((f, &**item)),
        _ => None,
    });
    match (arrays.next(), arrays.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// The array member named `name` and its item type.
fn array_member<'s>(
    page_struct: &'s StructDef,
    name: &str,
) -> Result<(&'s Field, &'s TypeRef), String> {
    match member(page_struct, name).map(|f| (f, &f.ty)) {
        Some((field, TypeRef::Array(item))) => Ok((field, item)),
        _ => Err(format!("its answer has no array member `{name}`")),
    }
}

/// The member named `name`, of the kind a set convention needs.
fn typed_member<'s>(
    page_struct: &'s StructDef,
    name: &str,
    kind: &str,
    fits: fn(&TypeRef) -> bool,
) -> Result<&'s Field, String> {
    member(page_struct, name)
        .filter(|f| fits(&f.ty))
        .ok_or_else(|| format!("its answer has no member `{name}` that is {kind}"))
}

/// What every convention has: the page and its items (and, for cursors, the next cursor).
fn walk(
    convention: Convention,
    page: &TypeRef,
    items: Option<&Field>,
    item: &TypeRef,
    next: Option<&Field>,
) -> Pagination {
    Pagination {
        convention,
        page_param: None,
        cursor_param: None,
        cursor_field: next.map(|f| f.name.clone()),
        cursor_optional: next.is_some_and(optional),
        size_param: None,
        default_size: None,
        page: page.clone(),
        items_field: items.map(|f| f.name.clone()),
        items_optional: items.is_some_and(optional),
        item: item.clone(),
        total_field: None,
        total_optional: false,
        variant: None,
    }
}

fn member<'s>(page: &'s StructDef, name: &str) -> Option<&'s Field> {
    page.fields.iter().find(|f| f.json_name == name)
}

/// Whether a field is an `Option` in Rust.
fn optional(field: &Field) -> bool {
    !field.required || field.nullable
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64)
}

fn is_string(ty: &TypeRef) -> bool {
    *ty == TypeRef::String
}
