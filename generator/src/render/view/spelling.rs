//! How the model's types are spelled in Rust, from the module the code is in.

use crate::model::{EnumRepr, Model, TypeKind, TypeRef};

/// Prelude names that code in `types` writes unqualified unless a schema takes one.
const TYPES_PRELUDE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box",
];

/// How a path is spelled from a module at some depth below the crate root.
#[derive(Clone, Copy)]
pub(crate) struct Spelling {
    /// `""` inside `types`, `types::` in an operations module, `super::types::` in a
    /// child of the root.
    types_prefix: &'static str,
    /// Whether `Option`, `String`, `Vec` and `Box` are written as the prelude names them:
    /// where no spec-named item can shadow them.
    prelude: bool,
    /// The path to the runtime module.
    runtime_prefix: &'static str,
}

impl Spelling {
    /// Inside the `types` module, where the spec's schemas may take any name: prelude names
    /// only when no schema takes one of them.
    pub(crate) fn types(model: &Model) -> Spelling {
        let taken = model
            .types
            .iter()
            .any(|t| TYPES_PRELUDE.contains(&t.name.as_str()));
        Spelling {
            types_prefix: "",
            prelude: !taken,
            runtime_prefix: "super::runtime::",
        }
    }

    /// One module below the root (`spec`), which names no spec type unqualified.
    pub(crate) const ROOT_CHILD: Spelling = Spelling {
        types_prefix: "super::types::",
        prelude: true,
        runtime_prefix: "super::runtime::",
    };

    /// Two modules below the root (`operations::x`), which import `types` and whose own
    /// items (request builders) never take a prelude name.
    pub(crate) const OPERATIONS: Spelling = Spelling {
        types_prefix: "types::",
        prelude: true,
        runtime_prefix: "super::super::runtime::",
    };

    pub(crate) fn std(self, short: &'static str, full: &'static str) -> &'static str {
        if self.prelude { short } else { full }
    }

    /// The Rust spelling of a type reference.
    pub(crate) fn rust_type(self, model: &Model, t: &TypeRef) -> String {
        let string = self.std("String", "::std::string::String");
        match t {
            TypeRef::Named(id) => format!("{}{}", self.types_prefix, model.ty(*id).name),
            TypeRef::Boxed(id) => format!(
                "{}<{}{}>",
                self.std("Box", "::std::boxed::Box"),
                self.types_prefix,
                model.ty(*id).name
            ),
            TypeRef::String => string.to_owned(),
            TypeRef::Boolean => "bool".to_owned(),
            TypeRef::I32 => "i32".to_owned(),
            TypeRef::I64 => "i64".to_owned(),
            TypeRef::F32 => "f32".to_owned(),
            TypeRef::F64 => "f64".to_owned(),
            TypeRef::Json => "::serde_json::Value".to_owned(),
            TypeRef::JsonObject => format!("::serde_json::Map<{string}, ::serde_json::Value>"),
            TypeRef::Bytes => format!("{}<u8>", self.std("Vec", "::std::vec::Vec")),
            TypeRef::File => format!("{}multipart::File", self.runtime_prefix),
            TypeRef::Array(inner) => format!(
                "{}<{}>",
                self.std("Vec", "::std::vec::Vec"),
                self.rust_type(model, inner)
            ),
            TypeRef::Nullable(inner) => format!(
                "{}<{}>",
                self.std("Option", "::std::option::Option"),
                self.rust_type(model, inner)
            ),
            TypeRef::Map(inner) => format!(
                "::std::collections::BTreeMap<{string}, {}>",
                self.rust_type(model, inner)
            ),
        }
    }
}

/// How `types` spells the standard library's names it uses.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct StdNames {
    /// `Option` or `::std::option::Option`.
    pub option: &'static str,
    /// `Some` or `::std::option::Option::Some`.
    pub some: &'static str,
    /// `None` or `::std::option::Option::None`.
    pub none: &'static str,
    /// `Result` or `::std::result::Result`.
    pub result: &'static str,
    /// `Ok` or `::std::result::Result::Ok`.
    pub ok: &'static str,
    /// `Err` or `::std::result::Result::Err`.
    pub err: &'static str,
    /// `String` or `::std::string::String`.
    pub string: &'static str,
}

impl StdNames {
    pub(crate) fn new(sp: Spelling) -> Self {
        StdNames {
            option: sp.std("Option", "::std::option::Option"),
            some: sp.std("Some", "::std::option::Option::Some"),
            none: sp.std("None", "::std::option::Option::None"),
            result: sp.std("Result", "::std::result::Result"),
            ok: sp.std("Ok", "::std::result::Result::Ok"),
            err: sp.std("Err", "::std::result::Result::Err"),
            string: sp.std("String", "::std::string::String"),
        }
    }
}

/// An expression giving `&str` for a value of type `t` in the variable `var`, which holds a
/// reference (`Held::Borrowed`) or the value itself (`Held::Owned`).
pub(crate) fn text_expr(model: &Model, t: &TypeRef, var: &str, held: Held) -> String {
    match t {
        TypeRef::String => match held {
            Held::Borrowed => var.to_owned(),
            Held::Owned => format!("&{var}"),
        },
        TypeRef::Named(id) => match &model.ty(*id).kind {
            TypeKind::Constrained(_) => format!("{var}.as_str()"),
            TypeKind::Enum(e) if e.repr == EnumRepr::String => format!("{var}.as_str()"),
            TypeKind::Alias(inner) => text_expr(model, inner, var, held),
            _ => format!("&{var}.to_string()"),
        },
        _ => format!("&{var}.to_string()"),
    }
}

/// How a variable holds a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Held {
    /// A reference to it.
    Borrowed,
    /// The value itself.
    Owned,
}
