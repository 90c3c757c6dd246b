//! Recursive types: a reference that would make a type contain itself is boxed.

use super::Lowerer;
use crate::model::{TypeKind, TypeRef};

/// Puts a `Box` on every reference that would make a type contain itself: references
/// inside one strongly connected component of the "contains directly" graph. Lists and
/// maps already add indirection.
pub(super) fn box_recursive_types(lw: &mut Lowerer<'_>) {
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
