//! Which modules (tags) reach each type, so that a crate can compile only the tags a user
//! turns on: each module is a Cargo feature, and a type is compiled when a module that
//! reaches it is (through a parameter, a body, an answer, a documented error, or another
//! type that reaches it).

use std::collections::BTreeSet;

use crate::model::{Additional, Decode, Model, Outcome, TypeId, TypeKind, TypeRef};

/// Sets [`TypeDef::modules`](crate::model::TypeDef::modules) and
/// [`ErrorBodyVariant::modules`](crate::model::ErrorBodyVariant::modules).
pub(crate) fn assign(model: &mut Model) {
    let mut reached: Vec<BTreeSet<String>> = vec![BTreeSet::new(); model.types.len()];
    let mut error_modules: Vec<BTreeSet<String>> =
        vec![BTreeSet::new(); model.error_bodies.typed.len()];
    for op in &model.operations {
        let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
        roots.extend(op.body.as_ref().map(|b| &b.ty));
        let mut stack: Vec<TypeId> = Vec::new();
        for arm in &op.arms {
            if let Decode::Json(ty) = &arm.decode {
                roots.push(ty);
            }
            if let Outcome::TypedError { body } = arm.outcome {
                error_modules[body].insert(op.module.clone());
                stack.push(model.error_bodies.typed[body].ty);
            }
        }
        stack.extend(roots.into_iter().flat_map(named));
        while let Some(id) = stack.pop() {
            if reached[id.0].insert(op.module.clone()) {
                stack.extend(references(model, id));
            }
        }
    }
    for (def, modules) in model.types.iter_mut().zip(reached) {
        def.modules = modules.into_iter().collect();
    }
    for (variant, modules) in model.error_bodies.typed.iter_mut().zip(error_modules) {
        variant.modules = modules.into_iter().collect();
    }
}

/// The named types a type refers to directly.
fn references(model: &Model, id: TypeId) -> Vec<TypeId> {
    match &model.ty(id).kind {
        TypeKind::Struct(s) => {
            let mut ids: Vec<TypeId> = s.fields.iter().flat_map(|f| named(&f.ty)).collect();
            if let Additional::Typed { ty, .. } = &s.additional {
                ids.extend(named(ty));
            }
            ids
        }
        TypeKind::OneOf(o) => o
            .variants
            .iter()
            .flat_map(|v| named(&v.ty))
            .chain(o.common)
            .collect(),
        TypeKind::Alias(target) => named(target),
        TypeKind::Enum(_) | TypeKind::Constrained(_) => Vec::new(),
    }
}

/// The named types inside a type reference.
fn named(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) | TypeRef::Boxed(id) => vec![*id],
        TypeRef::Array(inner) | TypeRef::Nullable(inner) | TypeRef::Map(inner) => named(inner),
        _ => Vec::new(),
    }
}
