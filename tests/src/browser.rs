//! A real headless Chromium (through chromedriver) looking at the trunk-built page, served on
//! loopback by a small static server that records every request it receives.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// The built page.
pub fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist");
    assert!(
        dist.join("index.html").exists() && dist.join("etcdtls-web_bg.wasm").exists(),
        "web/dist is not built: run scripts/web.sh (scripts/test.sh does it before the tests)"
    );
    dist
}

/// Serves `web/dist` on 127.0.0.1 and remembers every path asked for.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Every request's method and path, in order.
    pub requests: Arc<Mutex<Vec<String>>>,
    server: Arc<tiny_http::Server>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl Server {
    /// Starts serving.
    pub fn start() -> Server {
        Server::with_pages(&[])
    }

    /// Starts serving `web/dist` and, beside it, `pages` (a path such as `/docs.html` and its
    /// HTML): a site that uses the built files.
    pub fn with_pages(pages: &[(&str, String)]) -> Server {
        let root = dist();
        let pages: std::collections::HashMap<String, Vec<u8>> = pages
            .iter()
            .map(|(path, html)| (path.trim_start_matches('/').to_string(), html.clone().into_bytes()))
            .collect();
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
        let base = format!("http://{}", server.server_addr().to_ip().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (server.clone(), requests.clone());
        let thread = std::thread::spawn(move || {
            for req in s.incoming_requests() {
                let path = req.url().split(['?', '#']).next().unwrap_or("/").to_string();
                r.lock().unwrap().push(format!("{} {}", req.method(), req.url()));
                let rel = if path == "/" {
                    "index.html".to_string()
                } else {
                    path.trim_start_matches('/').to_string()
                };
                let file = root.join(&rel);
                let bytes = match pages.get(&rel) {
                    Some(page) => Ok(page.clone()),
                    None => std::fs::read(&file),
                };
                let response = match bytes {
                    Ok(bytes) if !rel.contains("..") => {
                        let mime = match file.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript",
                            Some("wasm") => "application/wasm",
                            Some("css") => "text/css",
                            _ => "application/octet-stream",
                        };
                        tiny_http::Response::from_data(bytes)
                            .with_header(tiny_http::Header::from_bytes("Content-Type", mime).unwrap())
                            .boxed()
                    }
                    _ => tiny_http::Response::from_string("not found")
                        .with_status_code(404)
                        .boxed(),
                };
                let _ = req.respond(response);
            }
        });
        Server {
            base,
            requests,
            server,
            thread: Some(thread),
        }
    }

    /// How many requests so far.
    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// One browser at a time in this process. On a busy two-core machine, several Chromiums
/// starting at once (the test harness runs tests in parallel threads) starve each other until
/// chromedriver gives up on one ("Connection reset by peer" on the first run of the suite). The
/// tests still run in parallel up to the point where they need a browser.
static ONE_BROWSER: Mutex<()> = Mutex::new(());

/// How many times a session is asked for before the test fails, and the first pause between
/// attempts (doubled each time).
const SESSION_ATTEMPTS: u32 = 5;
const FIRST_BACKOFF: Duration = Duration::from_millis(500);

/// chromedriver, stopped on drop. While it lives, it holds the process's one browser slot.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    /// Its URL.
    pub url: String,
    port: u16,
    profile: tempfile::TempDir,
    _slot: MutexGuard<'static, ()>,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it says it is ready for sessions
    /// (its `/status`), not merely until its port accepts connections.
    pub fn start() -> Driver {
        // A test that failed while holding the slot poisons it; the slot itself is still good.
        let slot = ONE_BROWSER.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        // Its own process group, which the Chromium it starts joins: dropping the driver ends
        // them all, even when a test failed before it closed its session.
        let child = Command::new("chromedriver")
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is not installed: run scripts/setup.sh (Debian: chromium-driver)");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            port,
            profile: tempfile::tempdir().unwrap(),
            _slot: slot,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !driver.ready() {
            assert!(Instant::now() < deadline, "chromedriver did not become ready in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    /// Whether chromedriver answers `GET /status` with `"ready": true`. (chromedriver keeps
    /// the connection open whatever the request says, so the answer is read until its JSON body
    /// is complete, not until the connection closes.)
    fn ready(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let request = format!(
            "GET /status HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        );
        if stream.write_all(request.as_bytes()).is_err() {
            return false;
        }
        let mut response = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => return false,
                Ok(n) => response.extend_from_slice(&chunk[..n]),
            }
            let text = String::from_utf8_lossy(&response);
            if let Some((_, body)) = text.split_once("\r\n\r\n")
                && let Ok(status) = serde_json::from_str::<Value>(body)
            {
                return status["value"]["ready"] == json!(true);
            }
        }
    }

    /// A headless Chromium session with the flags that keep it off the network. A session that
    /// cannot be opened is asked for again, after a growing pause and with a fresh profile, a
    /// few times before the test fails with every attempt's error.
    pub async fn session(&self, extra: &[&str]) -> Client {
        let mut failures = Vec::new();
        let mut pause = FIRST_BACKOFF;
        for attempt in 1..=SESSION_ATTEMPTS {
            match self.try_session(extra).await {
                Ok(client) => return client,
                Err(e) => failures.push(format!("attempt {attempt}: {e}")),
            }
            if attempt < SESSION_ATTEMPTS {
                tokio::time::sleep(pause).await;
                pause *= 2;
            }
        }
        panic!("no Chromium session:\n{}", failures.join("\n"));
    }

    async fn try_session(&self, extra: &[&str]) -> Result<Client, fantoccini::error::NewSessionError> {
        let mut args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,1600".into(),
            // Every session (and every retry) gets its own, new profile directory.
            format!(
                "--user-data-dir={}",
                self.profile.path().join(format!("p{}", profile_number())).display()
            ),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": chromium(), "args": args }
        });
        let caps: serde_json::Map<String, Value> = caps.as_object().unwrap().clone();
        ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
    }
}

/// A number no other profile directory of this process has.
fn profile_number() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

fn chromium() -> String {
    for c in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(c).exists() {
            return c.into();
        }
    }
    panic!("Chromium is not installed: run scripts/setup.sh (Debian: chromium)");
}

impl Drop for Driver {
    fn drop(&mut self) {
        if let Ok(pid) = i32::try_from(self.child.id()) {
            let _ = nix::sys::signal::killpg(nix::unistd::Pid::from_raw(pid), nix::sys::signal::Signal::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits until `script` (a JS expression) is truthy, and returns its value.
pub async fn wait_for(client: &Client, script: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let v = run_js(client, &format!("return ({script});")).await;
        if !(v.is_null() || v == Value::Bool(false) || v == json!(0) || v == json!("")) {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for: {script}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens the page and waits until the module has loaded and locked connections down.
pub async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_for(client, "document.documentElement.dataset.ready === 'true'").await;
}

/// Sets the text area as if the user pasted `text`.
pub async fn paste(client: &Client, text: &str) {
    client
        .execute(
            "const t = document.getElementById('paste'); t.value = arguments[0]; t.dispatchEvent(new InputEvent('input', {bubbles: true}));",
            vec![json!(text)],
        )
        .await
        .unwrap();
}

/// Drops files (name, text) on the input area with a real DataTransfer and drop event.
pub async fn drop_files(client: &Client, files: &[(&str, &str)]) {
    let list: Vec<Value> = files.iter().map(|(n, t)| json!([n, t])).collect();
    client
        .execute(
            "const dt = new DataTransfer();
             for (const [name, text] of arguments[0]) dt.items.add(new File([text], name));
             const zone = document.querySelector('section.input');
             zone.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
             zone.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));",
            vec![json!(list)],
        )
        .await
        .unwrap();
}

/// Runs `script` (which `return`s its answer) in the page.
pub async fn run_js(client: &Client, script: &str) -> Value {
    client.execute(script, vec![]).await.unwrap()
}

/// `(data-kind, data-role, heading)` of every card.
pub async fn cards(client: &Client) -> Vec<(String, String, String)> {
    let v = run_js(
        client,
        "return [...document.querySelectorAll('article.card[data-kind]')].map(c => [c.dataset.kind, c.dataset.role, c.querySelector('h3').textContent]);",
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c[0].as_str().unwrap().into(),
                c[1].as_str().unwrap().into(),
                c[2].as_str().unwrap().into(),
            )
        })
        .collect()
}

/// The `data-finding` ids on the page.
pub async fn findings(client: &Client) -> Vec<String> {
    let v = run_js(
        client,
        "return [...document.querySelectorAll('[data-finding]')].map(f => f.dataset.finding);",
    )
    .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}
