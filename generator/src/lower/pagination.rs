//! List operations that answer a page at a time, by Atlas's convention: the page number
//! in the query parameter `pageNum`, the page size in `itemsPerPage`, and an answer object
//! with the items in `results` and, maybe, the number of items in all in `totalCount`.
//! Such an operation's builder gets `pages()` and `items()`, which walk the pages.

use crate::model::{
    Decode, Model, Operation, Outcome, Pagination, ParamLocation, TypeKind, TypeRef,
};

/// The query parameter of the page number.
const PAGE: &str = "pageNum";
/// The query parameter of the page size.
const SIZE: &str = "itemsPerPage";
/// The member of the answer that holds the items.
const ITEMS: &str = "results";
/// The member of the answer that holds the number of items in all.
const TOTAL: &str = "totalCount";

/// Sets [`Operation::pagination`] on every operation that pages by the convention.
pub(crate) fn detect(model: &mut Model) {
    let found: Vec<Option<Pagination>> = model
        .operations
        .iter()
        .map(|op| numbered_pages(model, op))
        .collect();
    for (op, pagination) in model.operations.iter_mut().zip(found) {
        op.pagination = pagination;
    }
}

/// How `op` pages, when it is a `GET` that takes an optional integer `pageNum` in the
/// query and its one success answer is an object with an array `results`.
fn numbered_pages(model: &Model, op: &Operation) -> Option<Pagination> {
    let query = |name: &str| {
        op.params
            .iter()
            .find(|p| p.location == ParamLocation::Query && p.json_name == name)
            .filter(|p| is_integer(&p.ty) && !p.required)
    };
    // Walking pages sends the request again for each page: only a read may be sent again.
    if op.method != "GET" {
        return None;
    }
    let page = query(PAGE)?;
    let size = query(SIZE);
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
    let TypeKind::Struct(page_struct) = &model.ty(*id).kind else {
        return None;
    };
    let items = page_struct.fields.iter().find(|f| f.json_name == ITEMS)?;
    let TypeRef::Array(item) = &items.ty else {
        return None;
    };
    let total = page_struct
        .fields
        .iter()
        .find(|f| f.json_name == TOTAL && is_integer(&f.ty));
    Some(Pagination {
        page_param: page.json_name.clone(),
        size_param: size.map(|p| p.json_name.clone()),
        default_size: size.and_then(|p| p.default.as_ref()?.as_u64()),
        page: answer.clone(),
        items_field: items.name.clone(),
        items_optional: !items.required || items.nullable,
        item: (**item).clone(),
        total_field: total.map(|f| f.name.clone()),
        total_optional: total.is_some_and(|f| !f.required || f.nullable),
    })
}

fn is_integer(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::I32 | TypeRef::I64)
}
