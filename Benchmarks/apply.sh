#!/usr/bin/env bash
# Benchmark `bcplan apply` against the mock provider: (a) throughput at the rate limit, (b) how
# many calls batching saves.
#
#   Benchmarks/apply.sh
#
# (a) distinct: 1,000 actions of which no two can share a call (assigns, unassigns, finance-role
#     updates, invitations each with its own grants, shares of distinct type and permission;
#     Benchmarks/generate_apply.py --kind distinct), against a mock with requests_per_second: 50
#     and latency_ms: 20, `apply --auto-approve --parallelism 8`. The rate limit alone needs
#     1000 / 50 = 20 s. Target: wall time <= 1.15 x 20 s = 23 s, and exactly 1,000 provider calls
#     (the summary line's count, and the mock's journal lines).
# (b) identical: 200 invitations with identical parameters (--kind identical), same provider
#     settings. Target: 4 invite calls in the journal (batches of 50).
#
# Every run starts from a fresh copy of the generated files; BCPLAN_NOW comes from meta.json. After
# each run `bcplan plan --detailed-exitcode` must find nothing left to do. Wall time is the whole
# process (start-up and planning included); CPU time (user + system) and peak RSS are the
# process's own (wait4), for the median run.
#
# Environment:
#   RUNS=3               runs per case (median reported)
#   SKIP_BUILD=1         do not run `swift build` (use the existing release binary)
#   BCPLAN_BIN=path      benchmark this binary instead of the release build
#   SWIFT_BUILD_FLAGS=…  extra flags for swift build (e.g. --scratch-path .build-bench)
#   STRICT=1             also fail when a target is missed
#
# Generated inputs and run folders go to Benchmarks/out/ (gitignored).
# Exit status: nonzero when the build fails, an apply fails or leaves work undone, or the call
# counts are not what the fixture guarantees; with STRICT=1 also when a target is missed.
set -euo pipefail

# shellcheck source=Benchmarks/common.sh
source "$(dirname "$0")/common.sh"

echo "==> generate apply fixtures (distinct 1,000 actions; 200 identical invitations)" >&2
python3 Benchmarks/generate_apply.py --out "$OUT/apply-distinct" --kind distinct --actions 1000 --seed 1
python3 Benchmarks/generate_apply.py --out "$OUT/apply-identical" --kind identical --invitations 200 --seed 1

export BCPLAN_BIN OUT
exec python3 - <<'PY'
import json, os, re, shutil, statistics, subprocess, sys
sys.path.insert(0, "Benchmarks")
import timing

bcplan = os.environ["BCPLAN_BIN"]
out = os.environ["OUT"]
runs = int(os.environ.get("RUNS", "3"))
strict = bool(os.environ.get("STRICT"))
PARALLELISM = 8
RATIO_TARGET = 1.15          # wall time / the rate limit's bound
INVITE_CALLS_TARGET = 4      # (b): 200 identical invitations in batches of 50
SUMMARY = re.compile(r"Apply (complete|incomplete): (\d+) done.*\((\d+) provider calls?\)")
PROGRESS = re.compile(r"^\[\s*(\d+)/(\d+)\] ")


def fresh_copy(case):
    src = os.path.join(out, "apply-" + case)
    dst = os.path.join(out, "apply-%s-run" % case)

    def setup():
        shutil.rmtree(dst, ignore_errors=True)
        os.makedirs(dst)
        for name in ("bcplan.yaml", "bcplan.mock.json"):
            shutil.copy(os.path.join(src, name), dst)
    return dst, setup


def journal(directory):
    with open(os.path.join(directory, "bcplan.mock.requests.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def apply_once(case, meta):
    directory, setup = fresh_copy(case)
    cfg = os.path.join(directory, "bcplan.yaml")
    env = dict(os.environ, BCPLAN_NOW=meta["bcplan_now"], NO_COLOR="1")
    cmd = [bcplan, "apply", "--auto-approve", "-c", cfg, "--parallelism", str(PARALLELISM)]
    try:
        m = timing.measure(cmd, env=env, setup=setup)
    except timing.CommandFailed as e:
        print("error: bcplan apply failed (%s)\n%s" % (case, e), file=sys.stderr)
        sys.exit(1)
    summary = [SUMMARY.search(text) for _, text in m["lines"]]
    summary = [s for s in summary if s]
    if not summary:
        print("error: no summary line from bcplan apply (%s)" % case, file=sys.stderr)
        sys.exit(1)
    done, calls = int(summary[-1].group(2)), int(summary[-1].group(3))
    outcomes = [t for t, text in m["lines"] if PROGRESS.match(text)]
    lines = journal(directory)
    plan = subprocess.run([bcplan, "plan", "-c", cfg, "--detailed-exitcode"], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True)
    if plan.returncode != 0:
        print("error: after apply (%s), plan --detailed-exitcode exited %d" % (case, plan.returncode),
              file=sys.stderr)
        sys.exit(1)
    expected = meta["expected"]
    problems = []
    if done != expected["actions"]:
        problems.append("%d actions done, expected %d" % (done, expected["actions"]))
    if len(lines) != expected["calls"]:
        problems.append("%d journal lines, expected %d calls" % (len(lines), expected["calls"]))
    if calls != len(lines):
        problems.append("the summary counts %d provider calls, the journal %d (rejected or retried attempts)"
                        % (calls, len(lines)))
    return {"seconds": m["seconds"], "cpu": m["cpu_seconds"], "rss": m["peak_rss_mb"], "done": done, "calls": calls,
            "journal": len(lines), "invite_calls": sum(1 for l in lines if l.get("call") == "invite"),
            "first": outcomes[0] if outcomes else None, "last": outcomes[-1] if outcomes else None,
            "problems": problems}


def meta_of(case):
    with open(os.path.join(out, "apply-" + case, "meta.json"), encoding="utf-8") as f:
        return json.load(f)


rows, misses, errors = [], [], []
results = {}
for case in ("distinct", "identical"):
    meta = meta_of(case)
    samples = [apply_once(case, meta) for _ in range(runs)]
    for s in samples:
        errors += ["%s: %s" % (case, p) for p in s["problems"]]
    seconds = statistics.median(s["seconds"] for s in samples)
    rss = max(s["rss"] for s in samples)
    mid = sorted(samples, key=lambda s: s["seconds"])[len(samples) // 2]
    results[case] = (meta, samples, seconds, rss, mid)

meta, samples, seconds, rss, mid = results["distinct"]
bound = meta["expected"]["calls"] / meta["requests_per_second"]
ratio = seconds / bound
ratio_ok = ratio <= RATIO_TARGET
if not ratio_ok:
    misses.append("distinct: %.2f s is %.3fx the %.0f s bound > %.2fx" % (seconds, ratio, bound, RATIO_TARGET))
steady = (mid["done"] - 1) / (mid["last"] - mid["first"]) if mid["last"] and mid["last"] > mid["first"] else 0
rows.append(["(a) distinct", "%d" % mid["done"], "%d" % mid["calls"], "%d" % mid["journal"],
             "%.2f" % seconds, "%.1f" % mid["cpu"], "%.0f" % bound, "%.3fx" % ratio, "ok" if ratio_ok else "OVER",
             "%.1f" % rss])

meta_b, samples_b, seconds_b, rss_b, mid_b = results["identical"]
invite_calls = max(s["invite_calls"] for s in samples_b)
calls_ok = invite_calls <= INVITE_CALLS_TARGET
if not calls_ok:
    misses.append("identical: %d invite calls > %d" % (invite_calls, INVITE_CALLS_TARGET))
rows.append(["(b) identical", "%d" % mid_b["done"], "%d" % mid_b["calls"], "%d" % mid_b["journal"],
             "%.2f" % seconds_b, "%.1f" % mid_b["cpu"], "-", "-", "-", "%.1f" % rss_b])

print("bcplan apply --auto-approve --parallelism %d, mock latency_ms %d, requests_per_second %g "
      "(median of %d runs, whole process)" % (PARALLELISM, meta["latency_ms"], meta["requests_per_second"], runs))
print(timing.format_table(
    ["case", "actions", "calls", "journal", "wall s", "CPU s", "bound s", "ratio", "<=1.15x", "peak RSS MB"],
    rows))
print("(a) runs: %s s; median run: first outcome at %.2f s, last at %.2f s, steady %.1f calls/s "
      "(limit %g), exit at %.2f s"
      % (", ".join("%.2f" % s["seconds"] for s in samples), mid["first"], mid["last"], steady,
         meta["requests_per_second"], mid["seconds"]))
print("(b) invite calls in the journal: %d for %d invitations (target <= %d: %s); runs: %s s"
      % (invite_calls, mid_b["done"], INVITE_CALLS_TARGET, "ok" if calls_ok else "OVER",
         ", ".join("%.2f" % s["seconds"] for s in samples_b)))
if errors:
    print("error: " + "; ".join(sorted(set(errors))), file=sys.stderr)
    sys.exit(1)
if misses:
    print("targets missed: " + "; ".join(misses), file=sys.stderr)
    if strict:
        sys.exit(1)
PY
