//! Stage 2: lowering `openapiv3` types into the [`crate::model`].
//!
//! Split by concern: `schemas` turns schemas into type definitions, `one_of` handles
//! alternatives and discriminators, `operations` turns paths into operations that refer
//! to types by id, `security` reads security schemes. This module holds the shared
//! state (drafts of types, problems, diagnostics) and the final passes: naming, boxing of
//! recursive types, and sorting.

mod features;
mod flat;
mod naming;
mod one_of;
mod operations;
mod pagination;
mod recursion;
mod refs;
mod schemas;
mod security;
mod share;
mod variants;

use std::collections::HashMap;

use openapiv3::OpenAPI;

use crate::error::{Diagnostic, DiagnosticKind, Error, Problem, ProblemKind, Result};
use crate::model::{Additional, ApiInfo, Model, TypeDef, TypeId, TypeKind, TypeRef, Usage};
use crate::names;
use crate::parse::Source;
use crate::pointer::Pointer;

pub use operations::Selection;

/// Which way a schema is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dir {
    Request,
    Response,
}

/// Which view of a component schema a type is. A schema with `readOnly` or `writeOnly`
/// properties (directly or in what it contains) has a request view without the read-only
/// ones and a response view without the write-only ones; other schemas have one shared type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum View {
    Shared,
    Request,
    Response,
}

/// Where a type's name comes from; resolved to text once every type is known.
#[derive(Debug, Clone)]
pub(crate) struct NameSource {
    root: Root,
    suffixes: Vec<String>,
    /// For the type of a property or parameter (or of its items): the name of what it is
    /// (`GroupId`, `RolesItem`). Equal types of the same concept are one type (see
    /// [`share`]).
    concept: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) enum Root {
    /// A component schema in one of its views.
    Component(String, View),
    /// Another type's final name.
    Draft(usize),
    /// An operation parameter's name, and the first operation that has it.
    Param(String, String),
    /// An operation's id.
    Operation(String),
}

impl NameSource {
    pub(crate) fn root(root: Root) -> Self {
        NameSource {
            root,
            suffixes: Vec::new(),
            concept: None,
        }
    }

    pub(crate) fn child_of(draft: usize, suffix: &str) -> Self {
        NameSource {
            root: Root::Draft(draft),
            suffixes: vec![names::type_name(suffix)],
            concept: None,
        }
    }

    /// The type of property `name` of the type `owner`. An `id` is the id of its owner,
    /// not a concept of its own: it is named after its owner and shared with nothing.
    pub(crate) fn property(owner: usize, name: &str) -> Self {
        let mut s = Self::child_of(owner, name);
        s.concept = Some(s.suffixes[0].clone()).filter(|c| c != "Id");
        s
    }

    /// The type of property `name` of a component schema, in one of its views.
    pub(crate) fn component_property(component: &str, view: View, name: &str) -> Self {
        let mut s = Self::root(Root::Component(component.to_owned(), view));
        s.suffixes.push(names::type_name(name));
        s.concept = Some(s.suffixes[0].clone()).filter(|c| c != "Id");
        s
    }

    pub(crate) fn param(name: &str, op_id: &str) -> Self {
        let mut s = Self::root(Root::Param(name.to_owned(), op_id.to_owned()));
        s.concept = Some(names::type_name(name));
        s
    }

    pub(crate) fn operation(op_id: &str, suffix: &str) -> Self {
        let mut s = Self::root(Root::Operation(op_id.to_owned()));
        if !suffix.is_empty() {
            s.suffixes.push(names::type_name(suffix));
        }
        s
    }

    /// A parameter of an operation, named after the operation because another parameter
    /// of the same name has another schema.
    pub(crate) fn param_of_operation(op_id: &str, name: &str) -> Self {
        let mut s = Self::operation(op_id, name);
        s.concept = Some(names::type_name(name));
        s
    }

    pub(crate) fn with(&self, suffix: &str) -> Self {
        let mut s = self.clone();
        let suffix = names::type_name(suffix);
        if let Some(c) = &mut s.concept {
            c.push_str(&suffix);
        }
        s.suffixes.push(suffix);
        s
    }
}

/// A type under construction.
#[derive(Debug)]
pub(crate) struct Draft {
    name: NameSource,
    origin: Pointer,
    title: Option<String>,
    description: Option<String>,
    deprecated: bool,
    usage: Usage,
    kind: Option<TypeKind>,
}

/// The state shared by all lowering passes.
pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    drafts: Vec<Draft>,
    components: HashMap<(String, View), usize>,
    /// Component schemas that need separate request and response views.
    split: HashMap<String, bool>,
    /// Types made for parameters, by (parameter name, schema signature).
    param_types: HashMap<(String, String), crate::model::TypeRef>,
    /// Which signature owns a parameter's plain name.
    param_names: HashMap<String, String>,
    /// Component schemas that are an alternative of exactly one one-of schema with
    /// properties of its own: that schema's name.
    alt_parent: HashMap<String, String>,
    /// Types of one-of schemas' own properties, shared with alternatives that repeat them.
    shared: HashMap<(String, String, View), schemas::Use>,
    /// Drafts that are the common-properties struct of a one-of component: its name.
    common_of: HashMap<usize, String>,
    /// Each distinct `pattern` checked so far: whether it compiles under the `u` flag, or
    /// the message of why it does not compile at all. Real specs repeat the same few.
    patterns: HashMap<&'a str, std::result::Result<bool, String>>,
    problems: Vec<Problem>,
    diagnostics: Vec<Diagnostic>,
    /// Whether a binary string is a file (while a multipart body's schema is lowered).
    pub(crate) binary_as_file: bool,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI) -> Self {
        let mut lowerer = Lowerer {
            doc,
            drafts: Vec::new(),
            components: HashMap::new(),
            split: HashMap::new(),
            param_types: HashMap::new(),
            param_names: HashMap::new(),
            alt_parent: HashMap::new(),
            shared: HashMap::new(),
            common_of: HashMap::new(),
            patterns: HashMap::new(),
            problems: Vec::new(),
            diagnostics: Vec::new(),
            binary_as_file: false,
        };
        lowerer.split = schemas::compute_split(doc);
        lowerer.alt_parent = one_of::alternative_parents(doc);
        lowerer
    }

    pub(crate) fn problem(&mut self, kind: ProblemKind, pointer: &Pointer, message: String) {
        self.problems.push(Problem {
            kind,
            pointer: pointer.as_str().to_owned(),
            location: None,
            message,
        });
    }

    pub(crate) fn diagnostic(&mut self, kind: DiagnosticKind, pointer: &Pointer, message: String) {
        self.diagnostics.push(Diagnostic {
            file: None,
            kind,
            pointer: pointer.as_str().to_owned(),
            location: None,
            message,
        });
    }

    pub(crate) fn new_draft(
        &mut self,
        name: NameSource,
        origin: Pointer,
        data: &openapiv3::SchemaData,
        dir: Dir,
    ) -> usize {
        let mut usage = Usage::default();
        match dir {
            Dir::Request => usage.request = true,
            Dir::Response => usage.response = true,
        }
        self.drafts.push(Draft {
            name,
            origin,
            title: data.title.clone(),
            description: data.description.clone(),
            deprecated: data.deprecated,
            usage,
            kind: None,
        });
        self.drafts.len() - 1
    }

    pub(crate) fn set_kind(&mut self, id: usize, kind: TypeKind) {
        self.drafts[id].kind = Some(kind);
    }

    /// The view of a component schema that a use in `dir` gets.
    pub(crate) fn view_of(&self, component: &str, dir: Dir) -> View {
        if self.split.get(component).copied().unwrap_or(false) {
            match dir {
                Dir::Request => View::Request,
                Dir::Response => View::Response,
            }
        } else {
            View::Shared
        }
    }

    pub(crate) fn mark_usage(&mut self, id: usize, dir: Dir) {
        match dir {
            Dir::Request => self.drafts[id].usage.request = true,
            Dir::Response => self.drafts[id].usage.response = true,
        }
    }
}

/// Lowers the selected operations of a parsed spec, and every type they use, into a model.
/// Problems the parse stage found are reported together with the ones found here.
pub(crate) fn lower(
    parsed: &crate::parse::Parsed,
    source: &Source,
    selection: &Selection,
    share_types: bool,
) -> Result<Model> {
    let doc = &parsed.doc;
    let mut lw = Lowerer::new(doc);
    lw.problems.extend(parsed.problems.iter().cloned());
    let security = security::lower_security(&mut lw);
    let operations::Operations {
        mut drafts,
        modules,
        mut builders,
    } = operations::lower_operations(&mut lw, selection, &security)?;
    if !lw.problems.is_empty() {
        return Err(spec_error(source, lw.problems));
    }

    let mut types = name_and_sort_types(&mut lw, share_types);
    one_of::settle_one_of_facts(&mut types.defs);
    for draft in &mut drafts {
        remap_operation(draft, &types.new_id);
    }
    drafts.sort_by(|a, b| (&a.op.module, &a.op.name).cmp(&(&b.op.module, &b.op.name)));
    let mut diagnostics = std::mem::take(&mut lw.diagnostics);
    let (operations, error_bodies) =
        operations::finish(drafts, &types.defs, &mut builders, &mut diagnostics);

    let info = &doc.info;
    let api = ApiInfo {
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        source_name: source.name.clone(),
        overlays: Vec::new(),
        spec_files: Vec::new(),
        default_server: doc.servers.first().map(|s| s.url.clone()),
    };
    let mut model = Model {
        api,
        types: types.defs,
        operations,
        modules,
        security,
        error_bodies,
        diagnostics,
    };
    pagination::detect(&mut model, selection);
    features::assign(&mut model);
    locate_diagnostics(source, &mut model.diagnostics);
    model
        .diagnostics
        .sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    Ok(model)
}

/// The final types: named, boxed where they contain themselves, sorted by name.
struct FinalTypes {
    defs: Vec<TypeDef>,
    /// Each draft's index in `defs` (merged drafts share their target's).
    new_id: Vec<usize>,
}

/// Names every draft (sharing equal types of one concept, with `share`), boxes recursive
/// references, and sorts the types by name, numbering them anew; merged drafts take their
/// target's number.
fn name_and_sort_types(lw: &mut Lowerer<'_>, share: bool) -> FinalTypes {
    let naming::Names {
        names,
        redirect,
        mut uses,
    } = naming::finalize_names(lw, share);
    recursion::box_recursive_types(lw);
    let mut order: Vec<usize> = (0..lw.drafts.len())
        .filter(|i| redirect[*i] == *i)
        .collect();
    order.sort_by(|a, b| names[*a].cmp(&names[*b]));
    let mut new_id = vec![0usize; lw.drafts.len()];
    for (new, old) in order.iter().enumerate() {
        new_id[*old] = new;
    }
    for old in 0..lw.drafts.len() {
        new_id[old] = new_id[redirect[old]];
    }
    let mut slots: Vec<Option<Draft>> = std::mem::take(&mut lw.drafts)
        .into_iter()
        .map(Some)
        .collect();
    let mut defs = Vec::with_capacity(order.len());
    for old in &order {
        let Some(draft) = slots[*old].take() else {
            continue;
        };
        let Some(mut kind) = draft.kind else {
            // Only reachable after a problem, and problems end the run before this.
            continue;
        };
        remap_kind(&mut kind, &new_id);
        defs.push(TypeDef {
            name: names[*old].clone(),
            uses: uses.remove(old).unwrap_or_default(),
            origin: draft.origin,
            title: draft.title,
            description: draft.description,
            usage: draft.usage,
            deprecated: draft.deprecated,
            kind,
            modules: Vec::new(),
        });
    }
    FinalTypes { defs, new_id }
}

/// Points an operation's type references at the final types.
fn remap_operation(draft: &mut operations::OperationDraft, new_id: &[usize]) {
    for p in &mut draft.op.params {
        remap(&mut p.ty, new_id);
    }
    if let Some(b) = &mut draft.op.body {
        remap(&mut b.ty, new_id);
    }
    for c in draft.responses.iter_mut().flat_map(|r| &mut r.content) {
        if let Some(t) = &mut c.ty {
            remap(t, new_id);
        }
    }
}

/// Builds the error for a list of problems, with lines and columns filled in.
pub(crate) fn spec_error(source: &Source, mut problems: Vec<Problem>) -> Error {
    let pointers: Vec<&str> = problems
        .iter()
        .filter(|p| p.location.is_none())
        .map(|p| p.pointer.as_str())
        .collect();
    if !pointers.is_empty() {
        let found = source.locate(&pointers);
        for p in problems.iter_mut().filter(|p| p.location.is_none()) {
            p.location = found.get(&p.pointer).copied();
        }
    }
    problems.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    problems.dedup();
    Error::Spec {
        source_name: source.name.clone(),
        problems,
    }
}

fn locate_diagnostics(source: &Source, diagnostics: &mut [Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let pointers: Vec<&str> = diagnostics.iter().map(|d| d.pointer.as_str()).collect();
    let found = source.locate(&pointers);
    for d in diagnostics.iter_mut() {
        d.location = found.get(&d.pointer).copied();
    }
}

fn remap(t: &mut TypeRef, new_id: &[usize]) {
    match t {
        TypeRef::Named(id) | TypeRef::Boxed(id) => *id = TypeId(new_id[id.0]),
        TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            remap(inner, new_id)
        }
        _ => {}
    }
}

fn remap_kind(kind: &mut TypeKind, new_id: &[usize]) {
    match kind {
        TypeKind::Struct(s) => {
            for f in &mut s.fields {
                remap(&mut f.ty, new_id);
            }
            if let Additional::Typed { ty, .. } = &mut s.additional {
                remap(ty, new_id);
            }
        }
        TypeKind::OneOf(o) => {
            for v in &mut o.variants {
                remap(&mut v.ty, new_id);
            }
            if let Some(c) = &mut o.common {
                *c = TypeId(new_id[c.0]);
            }
        }
        TypeKind::Alias(t) => remap(t, new_id),
        TypeKind::Enum(_) | TypeKind::Constrained(_) => {}
    }
}
