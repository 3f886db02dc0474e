#!/usr/bin/env bash
# Benchmark `bcplan plan --format json` against a bare libyaml event pass over the same file.
#
#   Benchmarks/plan.sh
#
# Inputs: the max config (scale 1.0) and a quarter one (scale 0.25), both with 10 % drift
# against their mock store (Benchmarks/generate.py, seed 1). `bcplan plan` runs with the mock
# provider (refreshing from DIR/bcplan.mock.json) and BCPLAN_NOW taken from DIR/meta.json, so
# pending invitations are young (waiting, not due for a resend).
#
# Targets: plan <= 6x the bare pass, peak RSS <= 120 MB, max/quarter plan time <= 4.4x.
#
# Environment:
#   RUNS=7               timed runs per command (median reported); WARMUP=1 untimed runs
#   SKIP_BUILD=1         do not run `swift build` (use the existing release binary)
#   BCPLAN_BIN=path      benchmark this binary instead of the release build
#   SWIFT_BUILD_FLAGS=…  extra flags for swift build (e.g. --scratch-path .build-bench)
#   STRICT=1             also fail when a target is missed
#
# Generated inputs and the baseline binary go to Benchmarks/out/ (gitignored).
# Exit status: nonzero when the build fails or `bcplan plan` fails (or prints no valid JSON
# plan) on a generated config; with STRICT=1 also when a target is missed.
set -euo pipefail

# shellcheck source=Benchmarks/common.sh
source "$(dirname "$0")/common.sh"

echo "==> generate max and quarter configs (drift 0.1)" >&2
python3 Benchmarks/generate.py --out "$OUT/plan-max" --scale 1.0 --drift 0.1 --seed 1
python3 Benchmarks/generate.py --out "$OUT/plan-quarter" --scale 0.25 --drift 0.1 --seed 1

export BCPLAN_BIN OUT
exec python3 - <<'PY'
import json, os, sys
sys.path.insert(0, "Benchmarks")
import timing

bcplan = os.environ["BCPLAN_BIN"]
out = os.environ["OUT"]
runs = int(os.environ.get("RUNS", "7"))
warmup = int(os.environ.get("WARMUP", "1"))
strict = bool(os.environ.get("STRICT"))
RATIO_TARGET = 6.0       # plan / bare pass
RSS_TARGET = 120.0       # MB, plan peak RSS
SCALING_TARGET = 4.4     # plan time, max / quarter
DEFAULT_NOW = "2026-11-21T12:00:00Z"
# files a plan must not depend on: reset before every run (plan writes nothing, but be sure)
STATE_FILES = ("bcplan.state.json", "bcplan.state.json.journal", ".bcplan/bcplan.state.json.lock")


def bcplan_now(directory):
    try:
        with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
            return json.load(f).get("bcplan_now") or DEFAULT_NOW
    except (OSError, ValueError):
        return DEFAULT_NOW


def reset_state(directory):
    def setup():
        for name in STATE_FILES:
            try:
                os.remove(os.path.join(directory, name))
            except FileNotFoundError:
                pass
    return setup


def check_plan(cmd, env, setup):
    """Run plan once, keeping stdout; return the parsed JSON plan or exit 1."""
    try:
        _, stdout, _ = timing.run_capture(cmd, env=env, setup=setup)
    except timing.CommandFailed as e:
        print("error: bcplan plan failed\n%s" % e, file=sys.stderr)
        sys.exit(1)
    try:
        plan = json.loads(stdout)
        if not isinstance(plan, dict) or not isinstance(plan.get("actions"), list):
            raise ValueError("no \"actions\" list")
    except ValueError as e:
        head = stdout[:500].decode("utf-8", "replace")
        print("error: bcplan plan printed no valid JSON plan (%s): %s\n%s" % (
            e, " ".join(cmd), head), file=sys.stderr)
        sys.exit(1)
    return plan


rows, misses, results = [], [], {}
for name in ("max", "quarter"):
    directory = os.path.join(out, "plan-" + name)
    cfg = os.path.join(directory, "bcplan.yaml")
    env = dict(os.environ, BCPLAN_NOW=bcplan_now(directory))
    setup = reset_state(directory)
    plan_cmd = [bcplan, "plan", "-c", cfg, "--format", "json"]
    bare = [os.path.join(out, "bare_parse"), cfg]

    # correctness first: plan must succeed and print a JSON plan
    plan = check_plan(plan_cmd, env, setup)
    try:
        t_plan = timing.time_command(plan_cmd, runs=runs, warmup=warmup, env=env, setup=setup)
        rss_plan = timing.peak_rss_mb(plan_cmd, env=env, setup=setup)
    except timing.CommandFailed as e:
        print("error: bcplan plan failed on %s\n%s" % (cfg, e), file=sys.stderr)
        sys.exit(1)
    t_bare = timing.time_command(bare, runs=runs, warmup=warmup)

    ratio = t_plan["median_ms"] / t_bare["median_ms"]
    ratio_ok, rss_ok = ratio <= RATIO_TARGET, rss_plan <= RSS_TARGET
    if not ratio_ok:
        misses.append("%s: plan/bare %.2fx > %.0fx" % (name, ratio, RATIO_TARGET))
    if not rss_ok:
        misses.append("%s: peak RSS %.1f MB > %.0f MB" % (name, rss_plan, RSS_TARGET))
    results[name] = {"plan": plan, "t_plan": t_plan}
    rows.append([name, "%.2f MB" % (os.path.getsize(cfg) / 1e6),
                 "%.1f" % t_bare["median_ms"], "%.1f" % t_plan["median_ms"],
                 "%.2fx" % ratio, "ok" if ratio_ok else "OVER",
                 "%.1f" % rss_plan, "ok" if rss_ok else "OVER",
                 "%d" % len(plan["actions"])])

scaling = results["max"]["t_plan"]["median_ms"] / results["quarter"]["t_plan"]["median_ms"]
scaling_ok = scaling <= SCALING_TARGET
if not scaling_ok:
    misses.append("scaling max/quarter %.2fx > %.1fx" % (scaling, SCALING_TARGET))

print("bcplan plan --format json vs bare libyaml event pass (median of %d runs, whole process)"
      % runs)
print(timing.format_table(
    ["config", "size", "bare ms", "plan ms", "ratio", "<=6x", "plan RSS MB", "<=120MB",
     "actions"], rows))
print("scaling (plan ms, max / quarter): %.2fx (target <= %.1fx: %s)"
      % (scaling, SCALING_TARGET, "ok" if scaling_ok else "OVER"))
max_plan = results["max"]["plan"]
print("max plan: %d actions; summary %s" % (
    len(max_plan["actions"]),
    json.dumps(max_plan.get("summary"), sort_keys=True, separators=(", ", ": "))))
if misses:
    print("targets missed: " + "; ".join(misses), file=sys.stderr)
    if strict:
        sys.exit(1)
PY
