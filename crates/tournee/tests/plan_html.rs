//! `plan.html` opened in a real headless Chromium: every carer's round, every visit and every
//! visit left out is drawn (read back from the rendered page), and the page loads nothing.
//!
//! Needs a Chromium (`chromium`, `chromium-browser` or `google-chrome` on the PATH, or
//! `TOURNEE_CHROMIUM=/path`): skipped with a visible message without one, a failure instead
//! when `TOURNEE_REQUIRE_BROWSER=1` (set in `.ci/run`, which installs Debian's `chromium`).
//! The screenshot is kept as `target/test-artifacts/plan.png`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TOURNEE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |d| d.join(name)))
        .find(|p| p.is_file())
}

/// Runs the browser headless on `page` with `args`, killed after a minute; returns stdout.
fn run_browser(browser: &Path, profile: &Path, page: &Path, args: &[String]) -> String {
    // Into a file, not a pipe: the dumped page is larger than a pipe's buffer.
    let dump = profile.with_extension("out");
    let mut child = Process::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,2400",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(std::fs::File::create(&dump).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", browser.display()));
    let started = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("{} did not finish within 60 s", browser.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&std::fs::read(&dump).unwrap()).into_owned()
}

/// The JSON list in attribute `name` of the `#drawn` paragraph of a dumped DOM.
fn drawn(dom: &str, name: &str) -> BTreeSet<String> {
    let p = &dom[dom
        .find("id=\"drawn\"")
        .unwrap_or_else(|| panic!("no #drawn in the page"))..];
    let p = &p[..p.find('>').unwrap()];
    let key = format!("{name}=\"");
    let at = p
        .find(&key)
        .unwrap_or_else(|| panic!("#drawn has no {name}: the page's script did not run: {p}"))
        + key.len();
    let raw = &p[at..at + p[at..].find('"').unwrap()];
    let text = raw
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str::<Vec<String>>(&text)
        .unwrap()
        .into_iter()
        .collect()
}

#[test]
fn plan_html_draws_every_round_and_visit_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("TOURNEE_REQUIRE_BROWSER").as_deref() != Ok("1"),
            "no Chromium found and TOURNEE_REQUIRE_BROWSER=1 (install Debian's chromium)"
        );
        eprintln!(
            "SKIPPED plan_html_draws_every_round_and_visit_in_a_real_browser: no chromium on \
             the PATH (set TOURNEE_REQUIRE_BROWSER=1 to make this a failure)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // The default day, plus a visit nobody can do (a skill no carer has): it is left out and
    // must be drawn as such; its id needs escaping in HTML.
    let o = Command::cargo_bin("tournee")
        .unwrap()
        .args(["plan", "--iterations", "100", "--threads", "1", "--out"])
        .arg(tmp.path().join("first"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let day_path = tmp.path().join("first/day.json");
    let mut day: Value =
        serde_json::from_str(&std::fs::read_to_string(&day_path).unwrap()).unwrap();
    let mut odd = day["visits"][0].clone();
    odd["id"] = "wound <care> & \"Rosa\"".into();
    odd["skills"] = serde_json::json!(["stoma"]);
    day["visits"].as_array_mut().unwrap().push(odd);
    std::fs::write(&day_path, day.to_string()).unwrap();
    let out = tmp.path().join("plan");
    let o = Command::cargo_bin("tournee")
        .unwrap()
        .args(["plan", "--iterations", "100", "--threads", "1", "--day"])
        .arg(&day_path)
        .arg("--osm")
        .arg(tmp.path().join("first/rural.osm.pbf"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let plan: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("plan.json")).unwrap()).unwrap();
    let page = out.join("plan.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: nothing fetched from anywhere.
    for needle in ["src=", "<link", "url(http", "@import", "href=\"http"] {
        assert!(
            !html.contains(needle),
            "plan.html loads something: {needle}"
        );
    }

    let rounds: BTreeSet<String> = plan["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["visits"].as_u64().unwrap() > 0)
        .map(|r| r["carer"].as_str().unwrap().to_string())
        .collect();
    let visits: BTreeSet<String> = plan["rounds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["stops"].as_array().unwrap())
        .filter(|s| s["kind"] == "visit")
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let left: BTreeSet<String> = plan["unassigned"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["visit"].as_str().unwrap().to_string())
        .collect();
    assert!(
        rounds.len() >= 5 && visits.len() == 46,
        "{rounds:?} {visits:?}"
    );
    assert_eq!(
        left,
        BTreeSet::from(["wound <care> & \"Rosa\"".to_string()])
    );

    let dom = run_browser(
        &browser,
        &tmp.path().join("profile-dom"),
        &page,
        &["--dump-dom".to_string()],
    );
    assert_eq!(
        drawn(&dom, "data-rounds"),
        rounds,
        "rounds drawn on the map"
    );
    assert_eq!(
        drawn(&dom, "data-visits"),
        visits,
        "visits drawn on the map"
    );
    assert_eq!(
        drawn(&dom, "data-bars"),
        visits,
        "visits drawn on the timeline"
    );
    assert_eq!(
        drawn(&dom, "data-left-out"),
        left,
        "visits left out on the map"
    );
    assert!(dom.contains("wound &lt;care&gt; &amp;"), "left-out table");

    let artefacts = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/test-artifacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    let shot = artefacts.join("plan.png");
    std::fs::remove_file(&shot).ok();
    run_browser(
        &browser,
        &tmp.path().join("profile-shot"),
        &page,
        &[format!("--screenshot={}", shot.display())],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot: {e}"));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 50_000,
        "{} bytes",
        png.len()
    );
    eprintln!("screenshot of plan.html: {}", shot.display());
}
