//! Hooks: code of the caller's that sees each request as it goes out and each response as
//! it comes in, to add headers, record metrics, or answer in place of the server in tests.

use std::fmt;

/// Sees each request the client sends (every attempt: a retry, an answer to a challenge)
/// and each response it gets. Register with [`ClientBuilder::hook`]; hooks run in the order
/// they were added.
///
/// ```text
/// struct Metrics;
///
/// impl Hook for Metrics {
///     fn on_request(&self, request: &mut reqwest::Request) -> Option<reqwest::Response> {
///         request.headers_mut().insert("x-trace", "on".parse().unwrap());
///         None // send it
///     }
///
///     fn on_response(&self, operation: &'static str, response: &reqwest::Response) {
///         println!("{operation}: {}", response.status());
///     }
/// }
///
/// let client = Client::builder().hook(Metrics).build()?;
/// ```
///
/// [`ClientBuilder::hook`]: super::client::ClientBuilder::hook
pub trait Hook: Send + Sync + 'static {
    /// Called before a request is sent, with the credentials already in it: it may change
    /// the request, or answer it (the response is then used as the server's, and nothing
    /// is sent). The default does nothing.
    fn on_request(&self, request: &mut reqwest::Request) -> Option<reqwest::Response> {
        let _ = request;
        None
    }

    /// Called with each response, before its body is read. The default does nothing.
    fn on_response(&self, operation: &'static str, response: &reqwest::Response) {
        let _ = (operation, response);
    }
}

/// The hooks of a client, in order.
#[derive(Clone, Default)]
pub(crate) struct Hooks(Vec<std::sync::Arc<dyn Hook>>);

impl Hooks {
    pub(crate) fn push(&mut self, hook: impl Hook) {
        self.0.push(std::sync::Arc::new(hook));
    }

    /// Runs the request hooks; the first answer one gives stops the others.
    pub(crate) fn on_request(&self, request: &mut reqwest::Request) -> Option<reqwest::Response> {
        self.0.iter().find_map(|hook| hook.on_request(request))
    }

    pub(crate) fn on_response(&self, operation: &'static str, response: &reqwest::Response) {
        for hook in &self.0 {
            hook.on_response(operation, response);
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hooks", self.0.len())
    }
}
