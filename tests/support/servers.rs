//! Independent servers the generated client is tested against, started by the tests and
//! stopped by process id when a test ends: Stoplight Prism (a mock of the spec), Apache httpd
//! (HTTP Digest with `mod_auth_digest`; OAuth2 bearer tokens checked by introspection with
//! `mod_auth_openidc`), oidc-provider (the OAuth2 token and introspection endpoints), and
//! openapi-core behind a few lines of Werkzeug (`validating_server.py`: every parameter
//! style read and checked).
//!
//! Where they are not installed, the tests that need them are ignored and say why; with
//! `ATLAS_SERVER_TESTS=require` (as CI sets it) a missing server is a failure instead (see
//! [`crate::harness`]).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The variable that turns a skip into a failure.
pub const REQUIRE: &str = "ATLAS_SERVER_TESTS";

/// Where the server programs are.
#[derive(Debug, Clone)]
pub struct Tools {
    pub node: PathBuf,
    pub prism: PathBuf,
    pub oauth_script: PathBuf,
    pub apache: PathBuf,
    pub apache_modules: PathBuf,
    pub openssl: PathBuf,
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/sbin")])
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The tools, or why they are not all there.
pub fn tools() -> Result<Tools, String> {
    let servers = crate::root().join("tests/servers");
    let modules = PathBuf::from("/usr/lib/apache2/modules");
    let mut missing = Vec::new();
    let node = which("node");
    if node.is_none() {
        missing.push("node (Node.js) is not on PATH".to_owned());
    }
    let prism = servers.join("node_modules/@stoplight/prism-cli/dist/index.js");
    if !prism.is_file() || !servers.join("node_modules/oidc-provider").is_dir() {
        missing.push(
            "the npm packages are not installed (run `npm ci --prefix tests/servers`)".to_owned(),
        );
    }
    let apache = which("apache2");
    if apache.is_none() {
        missing.push("apache2 is not installed (Debian: `apt-get install apache2 libapache2-mod-auth-openidc`)".to_owned());
    }
    for module in [
        "mod_auth_digest.so",
        "mod_auth_openidc.so",
        "mod_proxy_http.so",
        "mod_headers.so",
        "mod_mpm_prefork.so",
        "mod_mpm_event.so",
    ] {
        if !modules.join(module).is_file() {
            missing.push(format!("the Apache module {module} is not installed"));
        }
    }
    let openssl = which("openssl");
    if openssl.is_none() {
        missing.push("openssl is not on PATH".to_owned());
    }
    match (node, apache, openssl) {
        (Some(node), Some(apache), Some(openssl)) if missing.is_empty() => Ok(Tools {
            node,
            prism,
            oauth_script: servers.join("oauth.mjs"),
            apache,
            apache_modules: modules,
            openssl,
        }),
        _ => Err(missing.join("; ")),
    }
}

/// The tools, for a test that declared [`crate::harness::Need::Servers`].
pub fn required_tools() -> Tools {
    tools().unwrap_or_else(|why| panic!("{why}"))
}

/// A server process; dropping it stops it by its process id.
pub struct Process {
    name: String,
    child: Child,
    log: PathBuf,
}

impl Process {
    fn spawn(name: &str, mut cmd: Command, log: PathBuf) -> Process {
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        Process {
            name: name.to_owned(),
            child,
            log,
        }
    }

    /// The process's output so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `port` accepts connections; fails with the log when the process ends
    /// or `timeout` passes.
    pub fn wait_for_port(&mut self, port: u16, timeout: Duration) {
        let start = Instant::now();
        loop {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited ({status}) before listening on {port}:\n{}",
                    self.name,
                    self.log()
                );
            }
            if start.elapsed() > timeout {
                panic!(
                    "{} did not listen on {port} within {timeout:?}:\n{}",
                    self.name,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the log holds `text`.
    pub fn wait_for_log(&mut self, text: &str, timeout: Duration) {
        let start = Instant::now();
        while !self.log().contains(text) {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "{} exited ({status}) before printing {text:?}:\n{}",
                    self.name,
                    self.log()
                );
            }
            if start.elapsed() > timeout {
                panic!(
                    "{} did not print {text:?} within {timeout:?}:\n{}",
                    self.name,
                    self.log()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        // By process id: the child we started, and nothing else.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A folder for a server's files that Apache's worker user can read.
pub fn server_dir() -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("atlas-servers-")
        .tempdir()
        .expect("temp dir");
    open_up(dir.path());
    dir
}

fn open_up(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if path.is_dir() { 0o755 } else { 0o644 };
        let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
    }
}

/// The Python of `tests/servers/.venv`, with openapi-core, or why it is not there.
pub fn python() -> Result<PathBuf, String> {
    let python = crate::root().join("tests/servers/.venv/bin/python");
    if python.is_file() {
        Ok(python)
    } else {
        Err(
            "the Python packages are not installed (run `python3 -m venv tests/servers/.venv && \
             tests/servers/.venv/bin/pip install -r tests/servers/requirements.txt`)"
                .to_owned(),
        )
    }
}

/// Starts `validating_server.py` on `port`: openapi-core checks each request against `spec`
/// (a valid one is answered `204`, an invalid one `400` with what is wrong). For a test
/// that declared [`crate::harness::Need::Python`].
pub fn validating_server(dir: &Path, spec: &Path, port: u16) -> Process {
    let python = python().unwrap_or_else(|why| panic!("{why}"));
    let mut cmd = Command::new(python);
    cmd.arg(crate::root().join("tests/servers/validating_server.py"))
        .arg(spec)
        .arg(port.to_string());
    let log = dir.join(format!("validating-server-{port}.log"));
    let mut p = Process::spawn("validating_server.py", cmd, log);
    p.wait_for_port(port, Duration::from_secs(60));
    p
}

/// Starts Prism's mock of `spec` on `port`; `dynamic` makes it invent answers from the
/// schemas instead of using the examples.
pub fn prism(tools: &Tools, dir: &Path, spec: &Path, port: u16, dynamic: bool) -> Process {
    let mut cmd = Command::new(&tools.node);
    cmd.arg(&tools.prism)
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()]);
    if dynamic {
        cmd.arg("-d");
    }
    cmd.arg(spec);
    let mut p = Process::spawn("prism", cmd, dir.join(format!("prism-{port}.log")));
    p.wait_for_port(port, Duration::from_secs(60));
    p
}

/// Starts the OAuth2 server: the token endpoint over HTTP on `http_port`, the same over
/// HTTPS (a self-signed certificate) on `https_port` for introspection. Tokens live `ttl`
/// seconds.
pub fn oauth(tools: &Tools, dir: &Path, http_port: u16, https_port: u16, ttl: u64) -> Process {
    let cert = dir.join("cert.pem");
    let key = dir.join("key.pem");
    if !cert.is_file() {
        let status = Command::new(&tools.openssl)
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=127.0.0.1",
                "-keyout",
            ])
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("openssl runs");
        assert!(status.success(), "openssl could not make a certificate");
    }
    let mut cmd = Command::new(&tools.node);
    cmd.arg(&tools.oauth_script)
        .arg(http_port.to_string())
        .arg(https_port.to_string())
        .arg(&cert)
        .arg(&key)
        .env("TOKEN_TTL", ttl.to_string())
        .current_dir(crate::root().join("tests/servers"));
    let mut p = Process::spawn("oauth", cmd, dir.join(format!("oauth-{http_port}.log")));
    p.wait_for_log("ready", Duration::from_secs(30));
    p
}

/// The JSON body Atlas sends with a 401; Apache sends it too, so that the client sees an
/// Atlas-like error.
pub const UNAUTHORIZED_BODY: &str = r#"{"error":401,"errorCode":"NOT_AUTHORIZED","reason":"Unauthorized","detail":"Authentication failed."}"#;

/// How Apache serves connections.
#[derive(Debug, Clone, Copy)]
pub enum Connections {
    /// One connection at a time (the prefork MPM), closed after its answer: an idle pooled
    /// connection would hold the one process.
    OneAtATime,
    /// Many at once on `workers` threads (the event MPM; a default Debian install has 150
    /// in all), each connection kept open for `idle` after an answer (`KeepAliveTimeout`).
    /// With every worker busy, Apache closes kept-alive connections at once, whether or not
    /// a request is on its way on one.
    KeptAlive { idle: Duration, workers: u16 },
}

/// Starts Apache httpd on `port` in the foreground as one process (`-X`), serving
/// `connections` so, with `modules` loaded and `body` as the rest of its configuration.
/// `{dir}` in `body` is its folder.
pub fn apache(
    tools: &Tools,
    dir: &Path,
    port: u16,
    connections: Connections,
    modules: &[&str],
    body: &str,
) -> Process {
    let errors = dir.join("errors");
    std::fs::create_dir_all(&errors).expect("errors folder");
    std::fs::write(errors.join("401.json"), UNAUTHORIZED_BODY).expect("error document");
    // The access log: status, client port (one per connection), request line, credentials.
    let mut conf = format!(
        "ServerRoot {dir}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nPidFile {dir}/httpd-{port}.pid\n\
         DefaultRuntimeDir {dir}\nErrorLog {dir}/error-{port}.log\nLogLevel warn\n\
         LogFormat \"%>s %{{remote}}p %r %{{X-Client-Authorization}}i\" auth\nCustomLog {dir}/access-{port}.log auth\n",
        dir = dir.display()
    );
    let mpm = match connections {
        Connections::OneAtATime => {
            conf.push_str("KeepAlive Off\n");
            "mpm_prefork"
        }
        Connections::KeptAlive { idle, workers } => {
            conf.push_str(&format!(
                "KeepAlive On\nKeepAliveTimeout {}ms\nMaxKeepAliveRequests 100\n\
                 ThreadLimit {workers}\nThreadsPerChild {workers}\n",
                idle.as_millis()
            ));
            "mpm_event"
        }
    };
    let base = [
        mpm,
        "authz_core",
        "authz_user",
        "authn_core",
        "proxy",
        "proxy_http",
        "alias",
        "mime",
    ];
    for m in base.iter().chain(modules) {
        conf.push_str(&format!(
            "LoadModule {m}_module {}/mod_{m}.so\n",
            tools.apache_modules.display()
        ));
    }
    if std::env::var("USER").is_ok_and(|u| u == "root") || is_root() {
        conf.push_str("User www-data\nGroup www-data\n");
    }
    conf.push_str(&format!(
        "TypesConfig /etc/mime.types\nAlias /errors {errors}\n<Directory {errors}>\n  Require all granted\n</Directory>\n\
         ErrorDocument 401 /errors/401.json\n",
        errors = errors.display()
    ));
    conf.push_str(&body.replace("{dir}", &dir.display().to_string()));
    let path = dir.join(format!("httpd-{port}.conf"));
    std::fs::write(&path, conf).expect("config");
    for entry in std::fs::read_dir(dir).expect("dir").flatten() {
        open_up(&entry.path());
    }
    open_up(&errors.join("401.json"));
    let mut cmd = Command::new(&tools.apache);
    cmd.arg("-f").arg(&path).arg("-X");
    let mut p = Process::spawn("apache", cmd, dir.join(format!("apache-{port}.log")));
    p.wait_for_port(port, Duration::from_secs(30));
    p
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// The lines of Apache's access log for `port`: status, the client's port, request line, and
/// the `Authorization` header the client sent (a configuration that replaces the header copies it
/// to `X-Client-Authorization` first).
pub fn apache_access(dir: &Path, port: u16) -> Vec<String> {
    std::fs::read_to_string(dir.join(format!("access-{port}.log")))
        .unwrap_or_default()
        .lines()
        // Apache escapes quotes in its log.
        .map(|l| l.replace("\\\"", "\""))
        .collect()
}

/// Apache's access log once it has at least `lines` lines (it writes a line after the
/// answer has gone out, so a client can be faster than the log).
pub fn apache_access_lines(dir: &Path, port: u16, lines: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let log = apache_access(dir, port);
        if log.len() >= lines || start.elapsed() > Duration::from_secs(10) {
            return log;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Apache's access log from line `from` on, once it has stopped growing (it writes a line
/// after the answer has gone out, and a burst's last lines come a little after its calls
/// return).
pub fn apache_access_settled(dir: &Path, port: u16, from: usize) -> Vec<String> {
    let start = Instant::now();
    let mut seen = apache_access(dir, port).len();
    let mut since = Instant::now();
    while since.elapsed() < Duration::from_millis(300) && start.elapsed() < Duration::from_secs(10)
    {
        std::thread::sleep(Duration::from_millis(50));
        let now = apache_access(dir, port).len();
        if now != seen {
            (seen, since) = (now, Instant::now());
        }
    }
    let mut log = apache_access(dir, port);
    log.split_off(from.min(log.len()))
}

/// One request and its answer, as the recording proxy saw them.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub request_line: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Exchange {
    /// A response header, by name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A proxy in front of a server that records every exchange and can add a `Prefer` header
/// (Prism's way to pick an example or a status). Prism checks that a request meets the spec's
/// security requirement and accepts any bearer token, so a request that comes without
/// credentials gets `Authorization: Bearer from-the-proxy`: the proxy stands in for the
/// authentication layer (the Apache tests put the real one in front). One request per
/// connection.
pub struct Proxy {
    pub port: u16,
    prefer: Arc<Mutex<Option<String>>>,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Starts a proxy to `127.0.0.1:upstream`. Needs a running tokio runtime.
    pub async fn start(upstream: u16) -> Proxy {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let prefer: Arc<Mutex<Option<String>>> = Arc::default();
        let exchanges: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        let (p, e) = (prefer.clone(), exchanges.clone());
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (p, e) = (p.clone(), e.clone());
                tokio::spawn(async move {
                    let _ = relay(stream, upstream, p, e).await;
                });
            }
        });
        Proxy {
            port,
            prefer,
            exchanges,
            task,
        }
    }

    /// Sets (or clears) the `Prefer` header added to requests.
    pub fn prefer(&self, value: Option<&str>) {
        *self.prefer.lock().unwrap() = value.map(str::to_owned);
    }

    /// Every exchange so far.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges.lock().unwrap().clone()
    }

    /// Forgets the exchanges so far.
    pub fn clear(&self) {
        self.exchanges.lock().unwrap().clear();
    }
}

async fn read_head(stream: &mut tokio::net::TcpStream) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await? == 0 {
            break;
        }
        head.push(byte[0]);
    }
    Ok(head)
}

async fn relay(
    mut client: tokio::net::TcpStream,
    upstream: u16,
    prefer: Arc<Mutex<Option<String>>>,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
) -> std::io::Result<()> {
    let head = String::from_utf8_lossy(&read_head(&mut client).await?).into_owned();
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let request_line = lines.next().unwrap_or_default().to_owned();
    let mut out = format!("{request_line}\r\n");
    let mut length = 0usize;
    let mut authorized = false;
    for line in lines {
        let lower = line.to_ascii_lowercase();
        authorized |= lower.starts_with("authorization:");
        if lower.starts_with("connection:") || lower.starts_with("prefer:") {
            continue;
        }
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    if let Some(p) = prefer.lock().unwrap().clone() {
        out.push_str(&format!("Prefer: {p}\r\n"));
    }
    if !authorized {
        out.push_str("Authorization: Bearer from-the-proxy\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut body = vec![0u8; length];
    client.read_exact(&mut body).await?;
    let mut server = tokio::net::TcpStream::connect(("127.0.0.1", upstream)).await?;
    server.write_all(out.as_bytes()).await?;
    server.write_all(&body).await?;
    let mut answer = Vec::new();
    server.read_to_end(&mut answer).await?;
    // Record what came back before the client has it: a test reads the exchanges as soon
    // as its request returns.
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
        .unwrap_or(answer.len());
    let head = String::from_utf8_lossy(&answer[..split]).into_owned();
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let raw = answer[split..].to_vec();
    let body = if chunked { dechunk(&raw) } else { raw };
    exchanges.lock().unwrap().push(Exchange {
        request_line,
        status,
        headers,
        body,
    });
    client.write_all(&closing(&answer, split)).await?;
    client.shutdown().await?;
    Ok(())
}

/// The answer with `Connection: close` in its head (and no `Keep-Alive`): the proxy takes
/// one request per connection, and a client must not send another on it (Prism leaves the
/// header out of some answers, a `204` among them).
fn closing(answer: &[u8], head_end: usize) -> Vec<u8> {
    let head = String::from_utf8_lossy(&answer[..head_end]);
    let mut out = String::new();
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let lower = line.to_ascii_lowercase();
        if !lower.starts_with("connection:") && !lower.starts_with("keep-alive:") {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&answer[head_end..]);
    bytes
}

fn dechunk(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(i) = rest.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&rest[..i]).trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < i + 2 + size {
            break;
        }
        out.extend_from_slice(&rest[i + 2..i + 2 + size]);
        rest = &rest[(i + 4 + size).min(rest.len())..];
    }
    out
}
