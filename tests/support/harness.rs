//! The harness of the test files whose tests need what a fresh clone may not have: the full
//! Atlas spec, the test servers, the public specs. They run through `libtest-mimic`, so
//! that a test whose needs are missing shows as *ignored* in cargo's own summary (its
//! reason printed before the run), not as passed. With the need's variable set to `require`
//! (as `.ci/run` sets them all), such a test runs and fails instead, saying what is missing.

use std::path::PathBuf;

use libtest_mimic::{Arguments, Trial};

/// Something a test needs that a fresh clone may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The full Atlas Administration API spec: the file `ATLAS_SPEC` names.
    AtlasSpec,
    /// Node.js with the npm packages of `tests/servers`, and Apache httpd with its modules.
    Servers,
    /// Python with the packages of `tests/servers/requirements.txt` (openapi-core), in
    /// `tests/servers/.venv`.
    Python,
    /// The npm packages of `tests/public-specs`.
    PublicSpecs,
}

impl Need {
    /// The variable that, set to `require`, turns a missing need into a failure.
    fn require_variable(self) -> &'static str {
        match self {
            Need::AtlasSpec => "ATLAS_SPEC_TESTS",
            Need::Servers | Need::Python => crate::servers::REQUIRE,
            Need::PublicSpecs => "PUBLIC_SPECS",
        }
    }

    /// A short name, shown beside an ignored test.
    fn label(self) -> &'static str {
        match self {
            Need::AtlasSpec => "needs ATLAS_SPEC",
            Need::Servers => "needs test servers",
            Need::Python => "needs openapi-core",
            Need::PublicSpecs => "needs public specs",
        }
    }

    /// Why the need is not met, when it is not.
    fn missing(self) -> Option<String> {
        match self {
            Need::AtlasSpec => crate::atlas_spec().err(),
            Need::Servers => crate::servers::tools().err(),
            Need::Python => crate::servers::python().err(),
            Need::PublicSpecs => crate::public_specs().err(),
        }
    }

    fn required(self) -> bool {
        std::env::var(self.require_variable()).is_ok_and(|v| v == "require")
    }
}

/// The tests of one test file.
#[derive(Default)]
pub struct Suite {
    trials: Vec<Trial>,
    /// The tests ignored, by the reason why.
    ignored: std::collections::BTreeMap<String, Vec<String>>,
}

impl Suite {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a test that needs `needs`. When one is missing, the test is ignored with its
    /// reason, or, where the need is required, it fails with that reason.
    pub fn test(&mut self, name: &str, needs: &[Need], test: fn()) -> &mut Self {
        let missing: Vec<(Need, String)> = needs
            .iter()
            .filter_map(|n| n.missing().map(|why| (*n, why)))
            .collect();
        let trial = match missing.first() {
            None => Trial::test(name, move || {
                test();
                Ok(())
            }),
            Some(_) if missing.iter().any(|(n, _)| n.required()) => {
                let why = reasons(&missing, false);
                Trial::test(name, move || Err(format!("required, but {why}").into()))
            }
            Some((need, _)) => {
                let why = reasons(&missing, true);
                self.ignored.entry(why).or_default().push(name.to_owned());
                Trial::test(name, || Ok(()))
                    .with_ignored_flag(true)
                    .with_kind(need.label())
            }
        };
        self.trials.push(trial);
        self
    }

    /// Runs the tests as `cargo test` asked, and exits.
    pub fn run(self) -> ! {
        for (why, names) in &self.ignored {
            eprintln!("ignored: {}\n  because {why}", names.join(", "));
        }
        libtest_mimic::run(&Arguments::from_args(), self.trials).exit()
    }
}

/// Why needs are missing; with `hint`, how to make that a failure.
fn reasons(missing: &[(Need, String)], hint: bool) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|(n, why)| match hint {
            true => format!(
                "{why} ({}=require makes this a failure)",
                n.require_variable()
            ),
            false => why.clone(),
        })
        .collect();
    parts.join("; ")
}

/// Runs an async test on a multi-threaded runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// The full Atlas spec, as a test that declared [`Need::AtlasSpec`] finds it.
pub fn atlas_spec_path() -> PathBuf {
    crate::atlas_spec().unwrap_or_else(|why| panic!("{why}"))
}
