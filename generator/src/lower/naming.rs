//! Every type's final name, and which drafts are one type.
//!
//! Names are claimed in an order that makes them deterministic and keeps the plainest names
//! for what the spec names itself:
//!
//! 1. component schemas, in pointer order;
//! 2. types named after another type or an operation (`ClusterDescriptionStatus`,
//!    `CreateThingBody`), in the order they were made (a parent before its child);
//! 3. shared types ([`super::share`]), the largest group first: an enum with a component
//!    schema's values is that component; otherwise the group takes its concept's name
//!    (`GroupId`) when it is free, becomes the type that has it when that type is the same
//!    (`Group.id` is a `GroupId`), and otherwise takes the name of its first use;
//! 4. the other types of parameters: the parameter's name (`GroupId`), the type of that name
//!    when it is the same, or the operation's name in front (`CreateThingStatus`).
//!
//! Two names that would be the same otherwise are a diagnostic naming both pointers.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::share::Groups;
use super::{Lowerer, Root, View};
use crate::error::Diagnostic;
use crate::model::TypeKind;
use crate::names;
use crate::pointer::Pointer;

/// The final names of the drafts.
pub(super) struct Names {
    /// Each draft's name.
    pub(super) names: Vec<String>,
    /// The draft each draft is the same type as (itself, unless merged).
    pub(super) redirect: Vec<usize>,
    /// For a type made of several drafts: where each was, sorted.
    pub(super) uses: HashMap<usize, Vec<Pointer>>,
}

/// Names every draft (see the module's docs); with `share`, equal types of one concept are
/// one type.
pub(super) fn finalize_names(lw: &mut Lowerer<'_>, share: bool) -> Names {
    let n = lw.drafts.len();
    let groups = if share {
        Groups::of(lw)
    } else {
        Groups::none(n)
    };
    let mut namer = Namer {
        names: vec![None; n],
        redirect: (0..n).collect(),
        owner: HashMap::new(),
        scope: names::Scope::new(),
        diagnostics: Vec::new(),
        both_views: both_views(lw),
        groups,
    };
    for id in claim_order(lw, &namer.groups) {
        namer.name(lw, id);
    }
    for g in 0..namer.groups.list.len() {
        namer.name_group(lw, g);
    }
    for id in (0..n).filter(|i| matches!(lw.drafts[*i].name.root, Root::Param(..))) {
        namer.name(lw, id);
    }
    merge_parts(lw, &namer.redirect);
    lw.diagnostics
        .extend(std::mem::take(&mut namer.diagnostics));
    let uses = uses(lw, &namer.redirect);
    Names {
        names: namer
            .names
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        redirect: namer.redirect,
        uses,
    }
}

/// Component schemas with both a request and a response view: the request view's name gets
/// `Request`.
fn both_views<'a>(lw: &Lowerer<'a>) -> BTreeSet<String> {
    let mut views: HashMap<&str, Vec<View>> = HashMap::new();
    for (name, view) in lw.components.keys() {
        views.entry(name.as_str()).or_default().push(*view);
    }
    views
        .into_iter()
        .filter(|(_, vs)| vs.contains(&View::Request) && vs.contains(&View::Response))
        .map(|(n, _)| n.to_owned())
        .collect()
}

/// Steps 1 and 2: components in pointer order, then the types named after another type or
/// an operation, in the order they were made; drafts of a group wait for step 3.
fn claim_order(lw: &Lowerer<'_>, groups: &Groups) -> Vec<usize> {
    let n = lw.drafts.len();
    let mut order: Vec<usize> = (0..n)
        .filter(|i| {
            groups.of[*i].is_none() && matches!(lw.drafts[*i].name.root, Root::Component(..))
        })
        .collect();
    order.sort_by(|a, b| {
        let key = |i: usize| match &lw.drafts[i].name.root {
            Root::Component(_, v) => (&lw.drafts[i].origin, *v),
            _ => (&lw.drafts[i].origin, View::Shared),
        };
        key(*a).cmp(&key(*b))
    });
    order.extend((0..n).filter(|i| {
        groups.of[*i].is_none()
            && matches!(lw.drafts[*i].name.root, Root::Draft(_) | Root::Operation(_))
    }));
    order
}

/// A merged type is used in requests, or responses, where any of its parts is. It is
/// deprecated only where every part is, and keeps a title or description only where every
/// part has the same one (its docs list where it is used); a component schema keeps its own.
fn merge_parts(lw: &mut Lowerer<'_>, redirect: &[usize]) {
    for (id, &target) in redirect.iter().enumerate() {
        if target == id {
            continue;
        }
        let part = &lw.drafts[id];
        let (usage, deprecated) = (part.usage, part.deprecated);
        let (title, description) = (part.title.clone(), part.description.clone());
        let merged = &mut lw.drafts[target];
        merged.usage.request |= usage.request;
        merged.usage.response |= usage.response;
        if matches!(merged.name.root, Root::Component(..)) {
            continue;
        }
        merged.deprecated &= deprecated;
        if merged.title != title {
            merged.title = None;
        }
        if merged.description != description {
            merged.description = None;
        }
    }
}

/// Where the drafts of each merged type were, for its docs.
fn uses(lw: &Lowerer<'_>, redirect: &[usize]) -> HashMap<usize, Vec<Pointer>> {
    let mut by_target: BTreeMap<usize, BTreeSet<&Pointer>> = BTreeMap::new();
    for (id, &target) in redirect.iter().enumerate() {
        if target != id {
            let set = by_target.entry(target).or_default();
            set.insert(&lw.drafts[id].origin);
            set.insert(&lw.drafts[target].origin);
        }
    }
    by_target
        .into_iter()
        .filter(|(_, set)| set.len() > 1)
        .map(|(target, set)| (target, set.into_iter().cloned().collect()))
        .collect()
}

struct Namer {
    names: Vec<Option<String>>,
    redirect: Vec<usize>,
    /// Which draft holds each claimed name.
    owner: HashMap<String, usize>,
    scope: names::Scope,
    diagnostics: Vec<Diagnostic>,
    both_views: BTreeSet<String>,
    groups: Groups,
}

impl Namer {
    /// A draft's name: its group's, or its own (claimed on first asking).
    fn name(&mut self, lw: &Lowerer<'_>, id: usize) -> String {
        if let Some(name) = &self.names[id] {
            return name.clone();
        }
        if let Some(g) = self.groups.of[id] {
            self.name_group(lw, g);
            return self.names[id].clone().unwrap_or_default();
        }
        let draft = &lw.drafts[id];
        if let Root::Param(param, op) = &draft.name.root {
            let plain = names::type_name(param) + &draft.name.suffixes.concat();
            match self.owner.get(&plain) {
                Some(&other) if same_definition(lw, other, id) => {
                    self.redirect[id] = self.redirect[other];
                    self.names[id] = Some(plain.clone());
                    return plain;
                }
                Some(_) => {
                    let candidate = names::type_name(op) + &plain;
                    return self.claim(lw, id, &candidate);
                }
                None => return self.claim(lw, id, &plain),
            }
        }
        let candidate = self.contextual(lw, id);
        self.claim(lw, id, &candidate)
    }

    /// The name of where a draft is: its component's, or its parent's or operation's with
    /// what it is of them after it.
    fn contextual(&mut self, lw: &Lowerer<'_>, id: usize) -> String {
        let draft = &lw.drafts[id];
        let suffix: String = draft.name.suffixes.concat();
        match &draft.name.root {
            Root::Component(name, view) => {
                let mut c = names::type_name(name);
                if *view == View::Request && self.both_views.contains(name) {
                    c.push_str("Request");
                }
                c + &suffix
            }
            Root::Draft(parent) => self.name(lw, *parent) + &suffix,
            Root::Operation(op) => names::type_name(op) + &suffix,
            Root::Param(param, _) => names::type_name(param) + &suffix,
        }
    }

    fn claim(&mut self, lw: &Lowerer<'_>, id: usize, candidate: &str) -> String {
        let origin = &lw.drafts[id].origin;
        let name = self
            .scope
            .claim(candidate, origin, "type name", &mut self.diagnostics);
        self.owner.insert(name.clone(), id);
        self.names[id] = Some(name.clone());
        name
    }

    /// Names a group once: every member gets its name and becomes one type.
    fn name_group(&mut self, lw: &Lowerer<'_>, g: usize) {
        let group = &self.groups.list[g];
        let leader = group.members[0];
        if self.names[leader].is_some() {
            return;
        }
        let (members, component, preferred) = (
            group.members.clone(),
            group.component,
            group.preferred.clone(),
        );
        let (name, target) = match (component, preferred) {
            (Some(c), _) => (self.name(lw, c), self.redirect[c]),
            (None, Some(p)) => match self.owner.get(&p) {
                None if !self.scope.contains(&p) => (self.claim(lw, leader, &p), leader),
                Some(&other) if same_definition(lw, other, leader) => (p, self.redirect[other]),
                _ => self.name_after_first_use(lw, leader),
            },
            (None, None) => self.name_after_first_use(lw, leader),
        };
        for m in members {
            self.names[m] = Some(name.clone());
            self.redirect[m] = target;
        }
    }

    /// A group whose concept's name is taken by another type: it takes the name of its
    /// first use. A parameter's own name is the concept's, so the operation's goes before
    /// it, as for a parameter alone whose name is taken.
    fn name_after_first_use(&mut self, lw: &Lowerer<'_>, leader: usize) -> (String, usize) {
        let draft = &lw.drafts[leader];
        let candidate = match &draft.name.root {
            Root::Param(param, op) => {
                names::type_name(op) + &names::type_name(param) + &draft.name.suffixes.concat()
            }
            _ => self.contextual(lw, leader),
        };
        (self.claim(lw, leader, &candidate), leader)
    }
}

/// Whether two drafts define the same enum or validated string.
pub(super) fn same_definition(lw: &Lowerer<'_>, a: usize, b: usize) -> bool {
    match (&lw.drafts[a].kind, &lw.drafts[b].kind) {
        (Some(TypeKind::Constrained(x)), Some(TypeKind::Constrained(y))) => x == y,
        (Some(TypeKind::Enum(x)), Some(TypeKind::Enum(y))) => {
            x.repr == y.repr
                && x.catch_all.is_some() == y.catch_all.is_some()
                && x.variants.len() == y.variants.len()
                && x.variants
                    .iter()
                    .zip(&y.variants)
                    .all(|(p, q)| p.value == q.value && p.name == q.name)
        }
        _ => false,
    }
}
