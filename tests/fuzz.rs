//! Mutated specs never make the generator panic. Each case starts from a real spec (the
//! project's, the upstream fragments, the odd specs), applies a few random mutations
//! (deleting, retyping, duplicating and renaming nodes; adding schema keywords; nasty
//! strings; dangling and cyclic references), and must end in either an `Ok` whose Rust
//! files parse, or an `Err` with a message.
//!
//! Overlays are fuzzed the same way: a mutated overlay (with JSONPath targets picked to
//! select everything, nothing, or the wrong kind of node) is applied to a spec.
//!
//! `FUZZ_CASES` sets the number of cases (default 400, which CI runs; try 20000 for a long
//! run) and `FUZZ_SEED` the first seed; a failure prints the seed that reproduces it.

use std::panic::{AssertUnwindSafe, catch_unwind};

use generator::{Format, Generator};
use serde_json::{Map, Value};

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NASTY: &[&str] = &[
    "",
    " ",
    "type",
    "self",
    "Self",
    "_",
    "2fa",
    "x-y",
    "a/b",
    "{",
    "}",
    "{id}",
    "/{id}",
    "/a/{b}/{b}",
    "é",
    "🦀",
    "\u{0}",
    "\n",
    "[",
    "(",
    "(?=x)",
    "(?<n>x)\\k<n>",
    "\\",
    "$ref",
    "#/components/schemas/",
    "#/",
    "#",
    "object",
    "array",
    "string",
    "integer",
    "null",
    "application/json",
    "text/plain",
    "multipart/form-data",
    "AWS",
    "r#type",
    "crate",
    "super",
    "0",
    "-1",
    "9999999999999999999999",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
];

const KEYWORDS: &[&str] = &[
    "type",
    "enum",
    "pattern",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
    "$ref",
    "items",
    "properties",
    "required",
    "nullable",
    "discriminator",
    "additionalProperties",
    "readOnly",
    "writeOnly",
    "format",
    "minLength",
    "maxLength",
    "default",
    "title",
    "description",
    "operationId",
    "in",
    "name",
    "schema",
    "content",
    "responses",
    "parameters",
    "requestBody",
    "security",
    "tags",
];

/// Every path into the document, as a list of keys and indices.
fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(Step::Key(k.clone()));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = value;
    for step in path {
        cur = match (step, cur) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(7) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.next() as i64 % 1000),
        3 => Value::from(-1.5),
        4 => Value::Array(Vec::new()),
        5 => Value::Object(Map::new()),
        _ => Value::String((*rng.pick(NASTY)).to_owned()),
    }
}

fn mutate(doc: &mut Value, rng: &mut Rng, log: &mut Vec<String>) {
    let mut all = Vec::new();
    paths(doc, &mut Vec::new(), &mut all);
    let target = rng.pick(&all).clone();
    let snapshot = get_mut(doc, &target).cloned().unwrap_or(Value::Null);
    let donor_path = rng.pick(&all).clone();
    let donor = get_mut(doc, &donor_path).cloned().unwrap_or(Value::Null);
    let Some(node) = get_mut(doc, &target) else {
        return;
    };
    match rng.below(8) {
        0 => {
            // Delete the node from its parent (or empty it at the top).
            log.push(format!("delete {target:?}"));
            if let Some((last, parent)) = target.split_last() {
                if let Some(p) = get_mut(doc, parent) {
                    match (p, last) {
                        (Value::Object(m), Step::Key(k)) => {
                            m.remove(k);
                        }
                        (Value::Array(a), Step::Index(i)) if *i < a.len() => {
                            a.remove(*i);
                        }
                        _ => {}
                    }
                }
            }
        }
        1 | 2 => {
            let v = random_scalar(rng);
            log.push(format!("set {target:?} = {v}"));
            *node = v;
        }
        3 => {
            log.push(format!("copy {donor_path:?} to {target:?}"));
            *node = donor;
        }
        4 | 5 => {
            if let Value::Object(m) = node {
                let key = (*rng.pick(KEYWORDS)).to_owned();
                let value = match rng.below(4) {
                    0 => donor,
                    1 => Value::String(format!("#/components/schemas/{}", rng.pick(NASTY))),
                    2 => Value::Array(vec![random_scalar(rng), random_scalar(rng)]),
                    _ => random_scalar(rng),
                };
                log.push(format!("add {key} = {value} at {target:?}"));
                m.insert(key, value);
            } else {
                log.push(format!("wrap {target:?}"));
                *node = Value::Array(vec![snapshot]);
            }
        }
        6 => {
            if let Value::Object(m) = node {
                if let Some(key) = m.keys().nth(rng.below(m.len())).cloned() {
                    let new_key = (*rng.pick(NASTY)).to_owned();
                    log.push(format!("rename {key:?} to {new_key:?} at {target:?}"));
                    if let Some(v) = m.remove(&key) {
                        m.insert(new_key, v);
                    }
                }
            }
        }
        _ => {
            // Point a reference somewhere odd: at itself, at a parent, at nothing.
            let text = match rng.below(3) {
                0 => format!(
                    "#/{}",
                    target
                        .iter()
                        .map(|s| match s {
                            Step::Key(k) => k.replace('~', "~0").replace('/', "~1"),
                            Step::Index(i) => i.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join("/")
                ),
                1 => "#/components/schemas".to_owned(),
                _ => "#/components/schemas/Nope".to_owned(),
            };
            log.push(format!("ref {target:?} -> {text}"));
            let mut m = Map::new();
            m.insert("$ref".to_owned(), Value::String(text));
            *node = Value::Object(m);
        }
    }
}

fn seeds() -> Vec<(String, Value)> {
    let mut files = vec![tests::root().join("spec/create-serverless-private-endpoint.yaml")];
    let odd = tests::root().join("tests/specs/odd");
    let mut odd_files: Vec<_> = std::fs::read_dir(&odd)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    odd_files.sort();
    files.extend(odd_files);
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            let value: Value = serde_yaml::from_str(&text).unwrap();
            (f.file_name().unwrap().to_string_lossy().into_owned(), value)
        })
        .collect()
}

/// A number from the environment, or `default`.
fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn mutated_specs_never_panic() {
    let (cases, first_seed) = (env_or("FUZZ_CASES", 400), env_or("FUZZ_SEED", 1));
    let seeds = seeds();
    let (mut generated, mut rejected) = (0u64, 0u64);
    let mut failures = Vec::new();
    for case in 0..cases {
        let seed = first_seed + case;
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (name, base) = rng.pick(&seeds).clone();
        let mut doc = base;
        let mut log = Vec::new();
        for _ in 0..1 + rng.below(4) {
            mutate(&mut doc, &mut rng, &mut log);
        }
        let (text, format) = if rng.below(2) == 0 {
            (serde_json::to_string(&doc).unwrap(), Format::Json)
        } else {
            (serde_yaml::to_string(&doc).unwrap(), Format::Yaml)
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            Generator::from_text("fuzz", text.clone(), Some(format)).generate()
        }));
        match outcome {
            Err(_) => failures.push(format!("seed {seed} ({name}): panicked after {log:?}")),
            Ok(Err(e)) => {
                rejected += 1;
                if e.to_string().trim().is_empty() {
                    failures.push(format!(
                        "seed {seed} ({name}): an error without a message after {log:?}"
                    ));
                }
            }
            Ok(Ok(output)) => {
                generated += 1;
                for (path, contents) in &output.files {
                    if path.ends_with(".rs") {
                        if let Err(e) = syn::parse_file(contents) {
                            failures.push(format!(
                                "seed {seed} ({name}): {path} is not Rust ({e}) after {log:?}"
                            ));
                        }
                    }
                }
            }
        }
    }
    println!(
        "fuzz: {cases} cases from seed {first_seed}: {generated} generated, {rejected} rejected with a message, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Targets that select everything, nothing, or what an update cannot merge into.
const TARGETS: &[&str] = &[
    "$",
    "$..*",
    "$[*]",
    "$..[?@]",
    "$..[?@.type == 'string']",
    "$.paths[*][*].parameters[-1]",
    "$..[::-1]",
    "$..[?length(@) > 1]",
    "$..['$ref']",
    "$.info.title",
    "$.nothing",
    "$[",
    "",
];

fn overlay_seeds() -> Vec<(String, Value)> {
    let overlays = tests::root().join("tests/specs/overlays");
    [
        tests::root().join("spec/atlas-fixes.overlay.yaml"),
        overlays.join("fixes.overlay.yaml"),
        overlays.join("later.overlay.yaml"),
    ]
    .into_iter()
    .map(|f| {
        let value: Value = serde_yaml::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        (f.file_name().unwrap().to_string_lossy().into_owned(), value)
    })
    .collect()
}

#[test]
fn mutated_overlays_never_panic() {
    let (cases, first_seed) = (env_or("FUZZ_CASES", 400), env_or("FUZZ_SEED", 1));
    let specs = [
        tests::root().join("spec/create-serverless-private-endpoint.yaml"),
        tests::root().join("tests/specs/overlays/pets.yaml"),
    ];
    let overlays = overlay_seeds();
    let (mut generated, mut rejected) = (0u64, 0u64);
    let mut failures = Vec::new();
    for case in 0..cases {
        let seed = first_seed + case;
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let spec = rng.pick(&specs).clone();
        let (name, mut overlay) = rng.pick(&overlays).clone();
        let mut log = Vec::new();
        for _ in 0..rng.below(4) {
            mutate(&mut overlay, &mut rng, &mut log);
        }
        if let Some(actions) = overlay.get_mut("actions").and_then(Value::as_array_mut) {
            if !actions.is_empty() && rng.below(2) == 0 {
                let target = *rng.pick(TARGETS);
                let index = rng.below(actions.len());
                if let Some(action) = actions[index].as_object_mut() {
                    action.insert("target".to_owned(), Value::String(target.to_owned()));
                    log.push(format!("target of action {index} := {target:?}"));
                }
            }
        }
        let text = serde_yaml::to_string(&overlay).unwrap();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            Generator::from_path(&spec)
                .overlay_text("fuzz.overlay.yaml", text.clone())
                .generate()
        }));
        match outcome {
            Err(_) => failures.push(format!("seed {seed} ({name}): panicked after {log:?}")),
            Ok(Err(e)) if e.to_string().trim().is_empty() => failures.push(format!(
                "seed {seed} ({name}): an error without a message after {log:?}"
            )),
            Ok(Err(_)) => rejected += 1,
            Ok(Ok(output)) => {
                generated += 1;
                for (path, contents) in output.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
                    if let Err(e) = syn::parse_file(contents) {
                        failures.push(format!(
                            "seed {seed} ({name}): {path} is not Rust ({e}) after {log:?}"
                        ));
                    }
                }
            }
        }
    }
    println!(
        "overlay fuzz: {cases} cases from seed {first_seed}: {generated} generated, {rejected} rejected with a message, {} failed",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
