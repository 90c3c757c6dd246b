//! List operations that answer a page at a time. Two conventions are recognised; an
//! operation that follows one gets `pages()` and `items()` on its builder, which walk the
//! pages. Only reads are walked: a walk sends the request again for each page.
//!
//! - **Numbered pages** (Atlas's): the page number in the query parameter `pageNum`, the
//!   page size in `itemsPerPage`, and an answer object with the items in `results` and,
//!   maybe, the number of items in all in `totalCount`.
//! - **Cursors**: a query parameter that takes a cursor (`cursor`, `page_token`, …) and an
//!   answer object with the next one (`next_cursor`, `nextPageToken`, …) beside one array
//!   of items.

use crate::error::{Diagnostic, DiagnosticKind};
use crate::model::{
    Convention, Decode, Field, Model, Operation, Outcome, Pagination, Param, ParamLocation,
    StructDef, TypeKind, TypeRef,
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

/// Sets [`Operation::pagination`] on every operation that follows a convention, but those
/// whose `x-pagination` is `false` or whose id is in `unpaged`, and notes each as an `info`
/// diagnostic.
pub(crate) fn detect(model: &mut Model, unpaged: &[String]) {
    let found: Vec<Option<Pagination>> = model
        .operations
        .iter()
        .map(|op| {
            let off = op.paging_off || unpaged.contains(&op.id);
            pagination(model, op).filter(|_| !off)
        })
        .collect();
    for (op, pagination) in model.operations.iter_mut().zip(found) {
        if let Some(p) = &pagination {
            model.diagnostics.push(Diagnostic {
                kind: DiagnosticKind::Info,
                file: None,
                pointer: op.origin.as_str().to_owned(),
                location: None,
                message: format!(
                    "`{}` answers a page at a time ({}): its builder has `pages()` and \
                     `items()` (`x-pagination: false` turns that off)",
                    op.id,
                    describe(p)
                ),
            });
        }
        op.pagination = pagination;
    }
}

/// The convention of a pagination, in words.
fn describe(p: &Pagination) -> String {
    let name = |n: &Option<String>| n.as_deref().unwrap_or("?").to_owned();
    match p.convention {
        Convention::Numbered => format!(
            "page numbers in `{}`, items in `{}`",
            name(&p.page_param),
            p.items_field
        ),
        Convention::Cursor => format!(
            "cursors in `{}`, the next one in `{}`, items in `{}`",
            name(&p.cursor_param),
            name(&p.cursor_field),
            p.items_field
        ),
    }
}

fn pagination(model: &Model, op: &Operation) -> Option<Pagination> {
    if op.method != "GET" {
        return None;
    }
    let (page, page_struct) = one_success_object(model, op)?;
    numbered(op, page, page_struct).or_else(|| cursor(op, page, page_struct))
}

/// The type of the one success answer, when it is an object.
fn one_success_object<'m>(
    model: &'m Model,
    op: &'m Operation,
) -> Option<(&'m TypeRef, &'m StructDef)> {
    let mut successes = op
        .arms
        .iter()
        .filter(|a| matches!(a.outcome, Outcome::Success { .. }));
    let (Some(arm), None) = (successes.next(), successes.next()) else {
        return None;
    };
    let Decode::Json(answer @ TypeRef::Named(id)) = &arm.decode else {
        return None;
    };
    match &model.ty(*id).kind {
        TypeKind::Struct(page) => Some((answer, page)),
        _ => None,
    }
}

/// An optional query parameter of `op` named `name`.
fn optional_query<'o>(op: &'o Operation, name: &str) -> Option<&'o Param> {
    op.params
        .iter()
        .find(|p| p.location == ParamLocation::Query && p.json_name == name && !p.required)
}

fn numbered(op: &Operation, page: &TypeRef, page_struct: &StructDef) -> Option<Pagination> {
    let page_param = optional_query(op, PAGE).filter(|p| is_integer(&p.ty))?;
    let size = optional_query(op, SIZE).filter(|p| is_integer(&p.ty));
    let items = member(page_struct, ITEMS)?;
    let item = array_item(items)?;
    let total = member(page_struct, TOTAL).filter(|f| is_integer(&f.ty));
    Some(Pagination {
        convention: Convention::Numbered,
        page_param: Some(page_param.json_name.clone()),
        size_param: size.map(|p| p.json_name.clone()),
        default_size: size.and_then(|p| p.default.as_ref()?.as_u64()),
        total_field: total.map(|f| f.name.clone()),
        total_optional: total.is_some_and(optional),
        ..walk(page, items, item, None)
    })
}

fn cursor(op: &Operation, page: &TypeRef, page_struct: &StructDef) -> Option<Pagination> {
    let param = CURSOR_PARAMS
        .iter()
        .find_map(|name| optional_query(op, name).filter(|p| p.ty == TypeRef::String))?;
    let next = NEXT_CURSORS
        .iter()
        .find_map(|name| member(page_struct, name).filter(|f| f.ty == TypeRef::String))?;
    let mut arrays = page_struct
        .fields
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::Array(_)));
    let (Some(items), None) = (arrays.next(), arrays.next()) else {
        return None;
    };
    let item = array_item(items)?;
    Some(Pagination {
        convention: Convention::Cursor,
        cursor_param: Some(param.json_name.clone()),
        ..walk(page, items, item, Some(next))
    })
}

/// The item type of an array field.
fn array_item(field: &Field) -> Option<&TypeRef> {
    match &field.ty {
        TypeRef::Array(item) => Some(item),
        _ => None,
    }
}

/// What every convention has: the page and its items (and, for cursors, the next cursor).
fn walk(page: &TypeRef, items: &Field, item: &TypeRef, next: Option<&Field>) -> Pagination {
    Pagination {
        convention: Convention::Numbered,
        page_param: None,
        cursor_param: None,
        cursor_field: next.map(|f| f.name.clone()),
        cursor_optional: next.is_some_and(optional),
        size_param: None,
        default_size: None,
        page: page.clone(),
        items_field: items.name.clone(),
        items_optional: optional(items),
        item: item.clone(),
        total_field: None,
        total_optional: false,
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
