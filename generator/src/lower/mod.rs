//! Stage 2: lowering `openapiv3` types into the [`crate::model`].
//!
//! Split by concern: `schemas` turns schemas into type definitions, `one_of` handles
//! alternatives and discriminators, `operations` turns paths into operations that refer
//! to types by id, `security` reads security schemes. This module holds the shared
//! state (drafts of types, problems, diagnostics) and the final passes: naming, boxing of
//! recursive types, and sorting.

mod flat;
mod one_of;
mod operations;
mod refs;
mod schemas;
mod security;
mod variants;

use std::collections::{BTreeSet, HashMap};

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
        }
    }

    pub(crate) fn child_of(draft: usize, suffix: &str) -> Self {
        NameSource {
            root: Root::Draft(draft),
            suffixes: vec![names::type_name(suffix)],
        }
    }

    pub(crate) fn param(name: &str, op_id: &str) -> Self {
        Self::root(Root::Param(name.to_owned(), op_id.to_owned()))
    }

    pub(crate) fn operation(op_id: &str, suffix: &str) -> Self {
        let mut s = Self::root(Root::Operation(op_id.to_owned()));
        if !suffix.is_empty() {
            s.suffixes.push(names::type_name(suffix));
        }
        s
    }

    pub(crate) fn with(&self, suffix: &str) -> Self {
        let mut s = self.clone();
        s.suffixes.push(names::type_name(suffix));
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

    let types = name_and_sort_types(&mut lw);
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
        default_server: doc.servers.first().map(|s| s.url.clone()),
    };
    locate_diagnostics(source, &mut diagnostics);
    diagnostics.sort_by(|a, b| (&a.pointer, &a.message).cmp(&(&b.pointer, &b.message)));
    Ok(Model {
        api,
        types: types.defs,
        operations,
        modules,
        security,
        error_bodies,
        diagnostics,
    })
}

/// The final types: named, boxed where they contain themselves, sorted by name.
struct FinalTypes {
    defs: Vec<TypeDef>,
    /// Each draft's index in `defs` (merged drafts share their target's).
    new_id: Vec<usize>,
}

/// Names every draft, boxes recursive references, and sorts the types by name, numbering
/// them anew; merged drafts take their target's number.
fn name_and_sort_types(lw: &mut Lowerer<'_>) -> FinalTypes {
    let Names { names, redirect } = finalize_names(lw);
    box_recursive_types(lw);
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
            origin: draft.origin,
            title: draft.title,
            description: draft.description,
            usage: draft.usage,
            deprecated: draft.deprecated,
            kind,
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

/// Gives every draft its final, unique name, and says which drafts are the same type as
/// an earlier one. Component schemas claim first (in pointer order), then types named after
/// other types (in the order they were made; a parent is always named before its child),
/// then types named after parameters. A parameter's type that meets a type of the same name
/// and the same definition (`groupId` and `Group.id`, both 24 hex digits) becomes that type;
/// one that meets a different type takes its operation's name in front.
fn finalize_names(lw: &mut Lowerer<'_>) -> Names {
    let mut views: HashMap<&str, Vec<View>> = HashMap::new();
    for (name, view) in lw.components.keys() {
        views.entry(name.as_str()).or_default().push(*view);
    }
    let both_views: BTreeSet<&str> = views
        .iter()
        .filter(|(_, vs)| vs.contains(&View::Request) && vs.contains(&View::Response))
        .map(|(n, _)| *n)
        .collect();

    let n = lw.drafts.len();
    let mut namer = Namer {
        names: vec![None; n],
        redirect: (0..n).collect(),
        owner: HashMap::new(),
        scope: names::Scope::new(),
        diagnostics: Vec::new(),
        both_views,
    };
    let mut order: Vec<usize> = (0..n)
        .filter(|i| matches!(lw.drafts[*i].name.root, Root::Component(..)))
        .collect();
    order.sort_by(|a, b| {
        let key = |i: usize| match &lw.drafts[i].name.root {
            Root::Component(_, v) => (&lw.drafts[i].origin, *v),
            _ => (&lw.drafts[i].origin, View::Shared),
        };
        key(*a).cmp(&key(*b))
    });
    order.extend(
        (0..n).filter(|i| matches!(lw.drafts[*i].name.root, Root::Draft(_) | Root::Operation(_))),
    );
    order.extend((0..n).filter(|i| matches!(lw.drafts[*i].name.root, Root::Param(..))));
    for id in order {
        namer.name(lw, id);
    }
    // Usage of a merged type is the union of its parts.
    for id in 0..n {
        let target = namer.redirect[id];
        if target != id {
            let u = lw.drafts[id].usage;
            lw.drafts[target].usage.request |= u.request;
            lw.drafts[target].usage.response |= u.response;
        }
    }
    lw.diagnostics.extend(namer.diagnostics);
    Names {
        names: namer
            .names
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        redirect: namer.redirect,
    }
}

/// The final names of the drafts.
struct Names {
    /// Each draft's name.
    names: Vec<String>,
    /// The draft each draft is the same type as (itself, unless merged).
    redirect: Vec<usize>,
}

struct Namer<'s> {
    names: Vec<Option<String>>,
    redirect: Vec<usize>,
    /// Which draft holds each claimed name.
    owner: HashMap<String, usize>,
    scope: names::Scope,
    diagnostics: Vec<Diagnostic>,
    both_views: BTreeSet<&'s str>,
}

impl Namer<'_> {
    fn name(&mut self, lw: &Lowerer<'_>, id: usize) -> String {
        if let Some(name) = &self.names[id] {
            return name.clone();
        }
        let draft = &lw.drafts[id];
        let suffix: String = draft.name.suffixes.concat();
        let candidate = match &draft.name.root {
            Root::Component(name, view) => {
                let mut c = names::type_name(name);
                if *view == View::Request && self.both_views.contains(name.as_str()) {
                    c.push_str("Request");
                }
                c + &suffix
            }
            Root::Draft(parent) => self.name(lw, *parent) + &suffix,
            Root::Operation(op) => names::type_name(op) + &suffix,
            Root::Param(param, op) => {
                let plain = names::type_name(param) + &suffix;
                match self.owner.get(&plain) {
                    Some(&other) if same_definition(lw, other, id) => {
                        self.redirect[id] = self.redirect[other];
                        self.names[id] = Some(plain.clone());
                        return plain;
                    }
                    Some(_) => names::type_name(op) + &names::type_name(param) + &suffix,
                    None => plain,
                }
            }
        };
        let name = self.scope.claim(
            &candidate,
            &draft.origin,
            "type name",
            &mut self.diagnostics,
        );
        self.owner.insert(name.clone(), id);
        self.names[id] = Some(name.clone());
        name
    }
}

/// Whether two drafts define the same enum or validated string.
fn same_definition(lw: &Lowerer<'_>, a: usize, b: usize) -> bool {
    match (&lw.drafts[a].kind, &lw.drafts[b].kind) {
        (Some(TypeKind::Constrained(x)), Some(TypeKind::Constrained(y))) => x == y,
        (Some(TypeKind::Enum(x)), Some(TypeKind::Enum(y))) => {
            x.catch_all == y.catch_all
                && x.variants.len() == y.variants.len()
                && x.variants
                    .iter()
                    .zip(&y.variants)
                    .all(|(p, q)| p.value == q.value && p.name == q.name)
        }
        _ => false,
    }
}

/// Puts a `Box` on every reference that would make a type contain itself: references
/// inside one strongly connected component of the "contains directly" graph. Lists and
/// maps already add indirection.
fn box_recursive_types(lw: &mut Lowerer<'_>) {
    let n = lw.drafts.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, d) in lw.drafts.iter().enumerate() {
        if let Some(kind) = &d.kind {
            for_each_direct(kind, |t| edges[i].push(t));
        }
    }
    let scc = tarjan(&edges);
    for i in 0..n {
        let Some(kind) = lw.drafts[i].kind.as_mut() else {
            continue;
        };
        let mine = scc[i];
        let boxer = |t: &mut TypeRef| {
            if let TypeRef::Named(id) = *t {
                if scc[id.0] == mine {
                    *t = TypeRef::Boxed(id);
                }
            }
        };
        match kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| boxer(&mut f.ty)),
            TypeKind::OneOf(o) => o.variants.iter_mut().for_each(|v| boxer(&mut v.ty)),
            TypeKind::Alias(_) | TypeKind::Enum(_) | TypeKind::Constrained(_) => {}
        }
    }
}

fn for_each_direct(kind: &TypeKind, mut f: impl FnMut(usize)) {
    let mut direct = |t: &TypeRef| {
        if let TypeRef::Named(id) = t {
            f(id.0);
        }
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().for_each(|x| direct(&x.ty)),
        TypeKind::OneOf(o) => o.variants.iter().for_each(|v| direct(&v.ty)),
        TypeKind::Alias(t) => direct(t),
        TypeKind::Enum(_) | TypeKind::Constrained(_) => {}
    }
}

/// Strongly connected components (iterative Tarjan); returns a component number per node.
fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for start in 0..n {
        if index[start] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((v, ei)) = work.pop() {
            if ei == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if ei < edges[v].len() {
                work.push((v, ei + 1));
                let w = edges[v][ei];
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            // All edges done: propagate to the parent and maybe close a component.
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    // A node alone in its component is only recursive with a self-edge; give other
    // singletons a unique number that no edge can share.
    let mut sizes = vec![0usize; next_comp];
    for c in &comp {
        sizes[*c] += 1;
    }
    (0..n)
        .map(|v| {
            if sizes[comp[v]] == 1 && !edges[v].contains(&v) {
                usize::MAX - v
            } else {
                comp[v]
            }
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::tarjan;

    #[test]
    fn tarjan_finds_cycles_and_self_loops() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let c = tarjan(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[3], c[0]);
        assert_ne!(c[4], c[0]);
        assert_ne!(c[4], c[3]);
    }
}
