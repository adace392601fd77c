//! The publishing recipes of docs/examples/ (docs/publishing.md): each file
//! parses, has the steps its host needs, and the `attest` command it holds
//! builds a site, with the host's address variables filled in.

use std::fs;
use std::path::Path;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

fn example(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples")
        .join(name);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn yaml(name: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(&example(name))
        .unwrap_or_else(|e| panic!("docs/examples/{name} is not valid YAML: {e}"));
    assert_eq!(docs.len(), 1, "{name}: one document");
    docs.remove(0)
}

fn strs(y: &Yaml) -> Vec<&str> {
    y.as_vec()
        .unwrap_or_else(|| panic!("not a list: {y:?}"))
        .iter()
        .filter_map(Yaml::as_str)
        .collect()
}

/// Runs a recipe's `attest ...` line with `sh` in a new starter site, the
/// attest of this build on the PATH and `vars` set; returns the built home page.
fn run_attest_line(line: &str, vars: &[(&str, &str)]) -> String {
    assert!(line.starts_with("attest build"), "{line}");
    let tmp = tempfile::tempdir().unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_attest"));
    attest::init::init(&tmp.path().join("site"), attest::init::Template::Starter).unwrap();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(line)
        .current_dir(tmp.path().join("site"))
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .envs(vars.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`{line}` failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    fs::read_to_string(tmp.path().join("site/public/index.html")).unwrap()
}

fn canonical_of(home: &str) -> String {
    let start = home
        .find("<link rel=\"canonical\" href=\"")
        .expect("a canonical link")
        + 28;
    home[start..start + home[start..].find('"').unwrap()].to_string()
}

#[test]
fn github_pages_workflow_builds_and_deploys() {
    let w = yaml("github-pages.yml");
    assert_eq!(strs(&w["on"]["push"]["branches"]), ["main"]);
    assert_eq!(w["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(w["permissions"]["id-token"].as_str(), Some("write"));
    let build = w["jobs"]["build"]["steps"].as_vec().expect("build steps");
    let uses: Vec<&str> = build.iter().filter_map(|s| s["uses"].as_str()).collect();
    for action in [
        "actions/checkout@v4",
        "actions/configure-pages@v5",
        "actions/cache@v4",
        "actions/upload-pages-artifact@v3",
    ] {
        assert!(uses.contains(&action), "{action} missing from {uses:?}");
    }
    let upload = build
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-pages-artifact@v3"))
        .unwrap();
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    let configure = build
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/configure-pages@v5"))
        .unwrap();
    assert_eq!(configure["id"].as_str(), Some("pages"));
    let runs: Vec<&str> = build.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter().any(|r| r.starts_with(
            "cargo install --locked --git \"$ATTEST_GIT\" --rev \"$ATTEST_REV\" attest"
        )),
        "{runs:?}"
    );
    let line = runs
        .iter()
        .find(|r| r.starts_with("attest build"))
        .expect("an attest build step");
    assert!(w["env"]["ATTEST_GIT"].as_str().is_some() && w["env"]["ATTEST_REV"].as_str().is_some());
    // What GitHub substitutes before the shell sees the line.
    let line = line.replace(
        "${{ steps.pages.outputs.base_url }}",
        "https://owner.github.io/my-desk",
    );
    assert_eq!(
        canonical_of(&run_attest_line(&line, &[])),
        "https://owner.github.io/my-desk/"
    );

    let deploy = &w["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    let steps = deploy["steps"].as_vec().unwrap();
    assert!(
        steps
            .iter()
            .any(|s| s["uses"].as_str() == Some("actions/deploy-pages@v4"))
    );
}

#[test]
fn gitlab_pages_job_publishes_public() {
    let c = yaml("gitlab-ci.yml");
    let job = &c["pages"];
    assert_eq!(strs(&job["artifacts"]["paths"]), ["public"]);
    let script = strs(&job["script"]);
    assert!(script.iter().any(|l| {
        l.contains("cargo install --locked --git \"$ATTEST_GIT\" --rev \"$ATTEST_REV\" attest")
    }));
    let line = script
        .iter()
        .find(|l| l.starts_with("attest build"))
        .expect("an attest build line");
    let home = run_attest_line(line, &[("CI_PAGES_URL", "https://my-desk.gitlab.io/site")]);
    assert_eq!(canonical_of(&home), "https://my-desk.gitlab.io/site/");
}

#[test]
fn netlify_previews_build_at_their_own_address() {
    let t: toml::Table = example("netlify.toml")
        .parse()
        .expect("netlify.toml parses");
    assert_eq!(t["build"]["publish"].as_str(), Some("public"));
    let commands = [
        (
            t["build"]["command"].as_str().unwrap(),
            "URL",
            "https://my-desk.netlify.app",
        ),
        (
            t["context"]["deploy-preview"]["command"].as_str().unwrap(),
            "DEPLOY_PRIME_URL",
            "https://deploy-preview-42--my-desk.netlify.app",
        ),
        (
            t["context"]["branch-deploy"]["command"].as_str().unwrap(),
            "DEPLOY_PRIME_URL",
            "https://draft--my-desk.netlify.app",
        ),
    ];
    for (command, var, url) in commands {
        let (install, build) = command.split_once(" && ").expect("install && build");
        assert!(
            install.starts_with(
                "cargo install --locked --git \"$ATTEST_GIT\" --rev \"$ATTEST_REV\" attest"
            ),
            "{install}"
        );
        let home = run_attest_line(build, &[(var, url)]);
        assert_eq!(canonical_of(&home), format!("{url}/"));
    }
}

#[test]
fn nginx_recipe_serves_folders_and_the_404_page_under_the_subpath() {
    let conf = example("nginx.conf");
    for directive in [
        "location /fact-check/ {",
        "root /var/www;",
        "index index.html;",
        "try_files $uri $uri/ =404;",
        "error_page 404 /fact-check/404.html;",
    ] {
        assert!(conf.contains(directive), "{directive}");
    }
    assert_eq!(conf.matches('{').count(), conf.matches('}').count());
    // The subpath is the starter site's base_url's path, as the comment says.
    let config = String::from_utf8_lossy(
        attest::init::starter_files()
            .iter()
            .find(|(p, _)| *p == "config.toml")
            .unwrap()
            .1,
    )
    .into_owned();
    assert!(config.contains("base_url = \"https://example.org/fact-check\""));
}

#[test]
fn the_publishing_page_names_every_recipe() {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publishing.md"))
        .unwrap();
    for name in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples")).unwrap() {
        let name = name.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            doc.contains(&format!("(examples/{name})")),
            "docs/publishing.md does not link examples/{name}"
        );
    }
}

/// nginx, when this machine has it (CI installs it and sets
/// `ATTEST_REQUIRE_NGINX=1`, so there a missing nginx fails the test).
fn nginx() -> Option<std::path::PathBuf> {
    let found = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .map(std::path::PathBuf::from)
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("ATTEST_REQUIRE_NGINX").is_none(),
            "ATTEST_REQUIRE_NGINX is set but nginx is not installed"
        );
        eprintln!("skipped: nginx is not installed (apt-get install nginx-light)");
    }
    found
}

/// A running nginx, ended when dropped (on every path, a failed assertion too).
struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request (nginx compresses only for 1.1): the status, the head and the body.
fn http_get(port: u16, path: &str, headers: &str) -> (u16, String, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n{headers}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head[9..12].parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

#[test]
fn nginx_recipe_really_serves_the_site_under_its_subpath() {
    let Some(nginx) = nginx() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    attest::init::init(&site, attest::init::Template::Starter).unwrap();
    // Built where the recipe's comment says: /var/www/fact-check, here under tmp.
    let www = tmp.path().join("www");
    let out = www.join("fact-check");
    let mut options = attest::build::BuildOptions::new(&site);
    options.output_dir = Some(out.clone());
    let report = attest::build::build(&options);
    assert!(report.succeeded);
    let recipe =
        example("nginx.conf").replace("root /var/www;", &format!("root {};", www.display()));
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let t = tmp.path().display();
    let conf = format!(
        "daemon off; master_process off; pid {t}/nginx.pid; error_log {t}/error.log;\n\
         events {{}}\n\
         http {{\n  access_log off;\n  client_body_temp_path {t}/body; proxy_temp_path {t}/proxy;\n  \
         fastcgi_temp_path {t}/fastcgi; uwsgi_temp_path {t}/uwsgi; scgi_temp_path {t}/scgi;\n  \
         types {{ text/html html; text/css css; text/javascript js; application/json json; \
         application/ld+json jsonld; application/xml xml; }}\n  \
         server {{\n    listen 127.0.0.1:{port};\n{recipe}\n  }}\n}}\n"
    );
    fs::write(tmp.path().join("nginx.conf"), conf).unwrap();
    let server = Nginx(
        Command::new(nginx)
            .arg("-p")
            .arg(tmp.path())
            .arg("-c")
            .arg(tmp.path().join("nginx.conf"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let start = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(10),
            "nginx did not start: {}",
            fs::read_to_string(tmp.path().join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let (status, _, home) = http_get(port, "/fact-check/", "");
    assert_eq!(status, 200);
    assert_eq!(home, fs::read(out.join("index.html")).unwrap());
    // Every claim page at its folder address; the address without its slash redirects.
    let claims: Vec<String> = fs::read_dir(out.join("claims"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().join("index.html").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!claims.is_empty());
    for slug in &claims {
        let (status, _, _) = http_get(port, &format!("/fact-check/claims/{slug}/"), "");
        assert_eq!(status, 200, "{slug}");
    }
    let (status, head, _) = http_get(port, &format!("/fact-check/claims/{}", claims[0]), "");
    assert_eq!(status, 301, "{head}");
    // A missing page is the site's own 404 page; hidden files are not served.
    let (status, _, body) = http_get(port, "/fact-check/no-such-claim/", "");
    assert_eq!(status, 404);
    assert_eq!(body, fs::read(out.join("404.html")).unwrap());
    assert!(out.join(".attest-output").exists());
    let (status, _, _) = http_get(port, "/fact-check/.attest-output", "");
    assert_eq!(status, 404);
    // The data files go compressed.
    let (status, head, _) = http_get(port, "/fact-check/claims.json", "Accept-Encoding: gzip\r\n");
    assert_eq!(status, 200);
    assert!(
        head.to_ascii_lowercase().contains("content-encoding: gzip"),
        "{head}"
    );
    drop(server);
}
