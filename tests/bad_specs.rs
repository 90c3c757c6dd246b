//! Invalid specs are test inputs too: each file of `specs/invalid` must fail to generate
//! with a message that says what is wrong and where (a JSON pointer, and the line and
//! column where the format gives them), never with a panic. The messages are snapshotted.
//!
//! Each file of `specs/repaired` breaks a rule in a way real specs often do and that has
//! one safe reading: it generates, with a located `repaired` diagnostic that says what was
//! done, and fails under `strict`.

use generator::{Error, Generator};

#[test]
fn every_invalid_spec_fails_with_a_located_message() {
    insta::glob!("specs/invalid/*", |path| {
        let result = std::panic::catch_unwind(|| Generator::from_path(path).generate());
        let outcome = match result {
            Err(_) => panic!("{}: the generator panicked", path.display()),
            Ok(Ok(_)) => panic!("{}: generated, but the spec is invalid", path.display()),
            Ok(Err(e)) => e,
        };
        let message = outcome.to_string();
        match &outcome {
            Error::Spec { problems, .. } => {
                assert!(!problems.is_empty());
                for p in problems {
                    assert!(p.pointer.starts_with('#'), "{message}");
                    assert!(p.location.is_some(), "no line for {}: {message}", p.pointer);
                }
            }
            Error::Parse {
                location, pointer, ..
            } => {
                assert!(location.is_some() || pointer.is_some(), "{message}");
            }
            other => panic!("{}: unexpected kind of error: {other:?}", path.display()),
        }
        insta::assert_snapshot!(message);
    });
}

/// Every problem of a spec is reported in one run, not one per run.
#[test]
fn problems_are_collected_not_stopped_at() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("specs/invalid");
    let err = Generator::from_path(dir.join("many-problems.yaml"))
        .generate()
        .unwrap_err();
    let Error::Spec { problems, .. } = &err else {
        panic!("{err:?}")
    };
    let text = err.to_string();
    assert!(problems.len() >= 5, "{text}");
    for needle in [
        "Missing",
        "(unclosed",
        "`enum` is empty",
        "operationId `getA`",
        "no path parameter `id`",
    ] {
        assert!(text.contains(needle), "{needle} not reported:\n{text}");
    }
}

#[test]
fn repairable_specs_generate_with_a_located_diagnostic_and_fail_when_strict() {
    insta::glob!("specs/repaired/*", |path| {
        let output = match std::panic::catch_unwind(|| Generator::from_path(path).generate()) {
            Err(_) => panic!("{}: the generator panicked", path.display()),
            Ok(Err(e)) => panic!("{}: not repaired: {e}", path.display()),
            Ok(Ok(output)) => output,
        };
        assert!(!output.diagnostics.is_empty(), "{}", path.display());
        for d in &output.diagnostics {
            assert_eq!(d.kind, generator::DiagnosticKind::Repaired, "{d}");
            assert!(d.pointer.starts_with('#'), "{d}");
            assert!(d.location.is_some(), "no line: {d}");
        }
        let listed: Vec<String> = output.diagnostics.iter().map(|d| d.to_string()).collect();
        insta::assert_snapshot!(listed.join("\n"));

        let strict = Generator::from_path(path).strict(true).generate();
        match strict {
            Err(Error::Strict { diagnostics, .. }) => {
                assert_eq!(diagnostics, output.diagnostics)
            }
            other => panic!("{}: strict run gave {other:?}", path.display()),
        }
    });
}
