//! Regression guard for coding quality: runs the built `parley eval --baseline
//! quality/baseline.json` on the seed gold document and the dev suite from `../shared` and
//! fails when any suite's F1 falls below its recorded figure. Also pins the command's exit
//! codes. Not a place to tune the coder: read `docs/quality.md` for what is measured.

use std::path::PathBuf;
use std::process::Command;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed gold, the dev suite and the development articles, or `None` (with a message) when `../shared` is absent.
fn shared_gold() -> Option<Vec<PathBuf>> {
    let shared = std::env::var_os("PARLEY_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared"));
    let mut gold = vec![
        shared.join("examples/istanbul-talks.gold.json"),
        shared.join("eval/plover-gsr.dev.jsonl"),
    ];
    // the development articles, each a suite of its own in the baseline
    let mut articles: Vec<PathBuf> = std::fs::read_dir(shared.join("eval/articles"))
        .map(|d| {
            d.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
                .collect()
        })
        .unwrap_or_default();
    articles.sort();
    gold.extend(articles);
    match gold.iter().find(|p| !p.is_file()) {
        Some(missing) => {
            eprintln!(
                "skipped: {} not found (set PARLEY_SHARED)",
                missing.display()
            );
            None
        }
        None => Some(gold),
    }
}

fn parley() -> Command {
    Command::new(env!("CARGO_BIN_EXE_parley"))
}

#[test]
fn f1_does_not_fall_below_the_baseline() {
    let Some(gold) = shared_gold() else { return };
    let baseline = workspace().join("quality/baseline.json");
    let text = std::fs::read_to_string(&baseline).expect("quality/baseline.json is checked in");
    let v: serde_json::Value = serde_json::from_str(&text).expect("baseline is JSON");
    for name in ["istanbul-talks.gold.json", "plover-gsr.dev.jsonl"] {
        assert!(
            v["suites"][name]["f1"].is_number(),
            "the baseline must record F1 for {name}"
        );
    }
    let out = parley()
        .arg("eval")
        .arg("--baseline")
        .arg(&baseline)
        .args(&gold)
        .output()
        .expect("run parley eval");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "parley eval reports a quality regression (exit {:?}):\n{stderr}\n{stdout}",
        out.status.code()
    );
    assert!(stdout.contains("F1"), "{stdout}");
}

#[test]
fn json_report_and_regression_exit_code() {
    let Some(gold) = shared_gold() else { return };
    let dir = std::env::temp_dir().join(format!("parley-quality-guard-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let empty = dir.join("none.jsonl");
    std::fs::write(&empty, "").expect("write empty events");

    let out = parley()
        .args(["eval", "--format", "json", "--events"])
        .arg(&empty)
        .args(&gold[..2])
        .output()
        .expect("run parley eval");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(v["suites"].as_array().map(Vec::len), Some(2));
    assert_eq!(v["suites"][0]["scores"]["counts"]["gold_required"], 13);
    assert_eq!(v["overall"]["counts"]["coded"], 0);

    // A baseline above what is measured must fail with exit code 1 and name the suite.
    let high = dir.join("high.json");
    std::fs::write(
        &high,
        r#"{"suites":{"istanbul-talks.gold.json":{"precision":1,"recall":1,"f1":0.5}}}"#,
    )
    .expect("write baseline");
    let out = parley()
        .args(["eval", "--events"])
        .arg(&empty)
        .arg("--baseline")
        .arg(&high)
        .args(&gold)
        .output()
        .expect("run parley eval");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("REGRESSION: istanbul-talks.gold.json"),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_gold_is_a_clear_error() {
    let out = parley()
        .args(["eval", "/nonexistent/gold.jsonl"])
        .output()
        .expect("run parley eval");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("/nonexistent/gold.jsonl") && stderr.contains("cannot read"),
        "{stderr}"
    );
}
