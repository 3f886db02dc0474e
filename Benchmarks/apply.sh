#!/usr/bin/env bash
# Benchmark `bcplan apply` against the mock provider: (a) throughput at the rate limit, (b) how
# many calls batching saves, and (issue 15) at the platform maximum with the state in a file and
# in PostgreSQL side by side: (c) apply against the rate bound, (d) what recording one outcome
# costs, (e) plan.
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
# (c) max: the platform maximum (Benchmarks/generate.py --scale 1.0 --drift 0.1 --seed 1: 4,000
#     members, 1,000 partners, 10,000 assets; 861 actions), same provider settings, parallelism 8,
#     with the state in a file and in PostgreSQL (a fresh workspace per run), the two alternating
#     run by run. The bound is the committed calls / 50 per second. Target: <= 1.3 x the bound for
#     both (before issue 15: 142 s, 8.7 x).
# (d) recording: Benchmarks/RecordingBenchmark: each of the max plan's 861 outcomes recorded on its
#     own (StateRecorder.record), per backend, against writing the whole state file (what every
#     outcome cost before issue 15). Informational: reported in µs.
# (e) plan: `bcplan plan --format json` of the max Business Center with its state recorded (one
#     refresh) in a file and in PostgreSQL, RUNS_PLAN runs each (median), also with --no-refresh.
#     Target: PostgreSQL <= 1.2 x the file.
#
# PostgreSQL: $BCPLAN_TEST_DATABASE_URL when set, else a throwaway cluster (Tests/Postgres/cluster.sh)
# started here and stopped on exit. The load average is printed beside every case.
#
# Every run starts from a fresh copy of the generated files; BCPLAN_NOW comes from meta.json. After
# each run `bcplan plan --detailed-exitcode` must find nothing left to do. Wall time is the whole
# process (start-up and planning included); CPU time (user + system) and peak RSS are the
# process's own (wait4), for the median run.
#
# Environment:
#   RUNS=3               runs per case (median reported)
#   RUNS_PLAN=7          runs per backend for (e)
#   CASES="a b c d e"    which cases to run
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

CASES=${CASES:-a b c d e}
echo "==> generate apply fixtures (distinct 1,000 actions; 200 identical invitations; the platform maximum)" >&2
python3 Benchmarks/generate_apply.py --out "$OUT/apply-distinct" --kind distinct --actions 1000 --seed 1
python3 Benchmarks/generate_apply.py --out "$OUT/apply-identical" --kind identical --invitations 200 --seed 1
python3 Benchmarks/generate.py --out "$OUT/apply-max" --scale 1.0 --drift 0.1 --seed 1

RECORDING_BIN=""
if [[ " $CASES " == *" d "* ]]; then
    # shellcheck disable=SC2086
    [[ -n "${SKIP_BUILD:-}" ]] || swift build -c release --product RecordingBenchmark ${SWIFT_BUILD_FLAGS:-} >&2
    # shellcheck disable=SC2086
    RECORDING_BIN="$(swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)/RecordingBenchmark"
fi
if [[ " $CASES " == *" c "* || " $CASES " == *" d "* || " $CASES " == *" e "* ]] && [[ -z "${BCPLAN_TEST_DATABASE_URL:-}" ]]; then
    # shellcheck source=Tests/Postgres/cluster.sh
    source Tests/Postgres/cluster.sh
    trap pg_cluster_stop EXIT
    pg_cluster_start
fi

export BCPLAN_BIN OUT CASES RECORDING_BIN BCPLAN_TEST_DATABASE_URL
python3 - <<'PY'
import json, os, re, shutil, statistics, subprocess, sys, uuid
sys.path.insert(0, "Benchmarks")
import timing

bcplan = os.environ["BCPLAN_BIN"]
out = os.environ["OUT"]
runs = int(os.environ.get("RUNS", "3"))
strict = bool(os.environ.get("STRICT"))
cases = os.environ.get("CASES", "a b c d e").split()
database_url = os.environ.get("BCPLAN_TEST_DATABASE_URL", "")
MAX_RATIO_TARGET = 1.3       # (c): wall time / the rate limit's bound, both backends
PLAN_RATIO_TARGET = 1.2      # (e): plan with the state in PostgreSQL / in a file


def load():
    return "load average %.2f %.2f %.2f" % os.getloadavg()
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
for case in [c for c, letter in (("distinct", "a"), ("identical", "b")) if letter in cases]:
    meta = meta_of(case)
    samples = [apply_once(case, meta) for _ in range(runs)]
    for s in samples:
        errors += ["%s: %s" % (case, p) for p in s["problems"]]
    seconds = statistics.median(s["seconds"] for s in samples)
    rss = max(s["rss"] for s in samples)
    mid = sorted(samples, key=lambda s: s["seconds"])[len(samples) // 2]
    results[case] = (meta, samples, seconds, rss, mid)

def report_ab():
    if "distinct" not in results or "identical" not in results:
        return
    print("\n(a)/(b) %s" % load())
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


report_ab()


# ---------------------------------------------------------------------------- (c) the maximum, two backends

def max_copy(backend, number):
    """A fresh copy of the max fixture with the mock's latency and rate limit, its state in
    `backend` (PostgreSQL: a workspace of its own)."""
    src = os.path.join(out, "apply-max")
    dst = os.path.join(out, "apply-max-%s-run" % backend)
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    shutil.copy(os.path.join(src, "bcplan.mock.json"), dst)
    with open(os.path.join(src, "bcplan.yaml"), encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"(\n  caller: [^\n]*)", r"\1\n  latency_ms: 20\n  requests_per_second: 50", text, count=1)
    if backend == "postgres":
        workspace = "bench-max-%d-%s" % (number, uuid.uuid4().hex[:8])
        text = text.replace("\nstate: bcplan.state.json\n",
                            '\nstate: {backend: postgres, url_env: BCPLAN_DATABASE_URL, workspace: "%s"}\n' % workspace)
    with open(os.path.join(dst, "bcplan.yaml"), "w", encoding="utf-8") as f:
        f.write(text)
    return dst


def max_env():
    env = dict(os.environ, BCPLAN_NOW="2026-11-01T00:00:00Z", NO_COLOR="1")
    env["BCPLAN_DATABASE_URL"] = database_url
    return env


def apply_max(backend, number):
    directory = max_copy(backend, number)
    cfg = os.path.join(directory, "bcplan.yaml")
    env = max_env()
    loads = os.getloadavg()[0]
    try:
        m = timing.measure([bcplan, "apply", "--auto-approve", "-c", cfg, "--parallelism", "8"], env=env)
    except timing.CommandFailed as e:
        print("error: bcplan apply failed (max, %s)\n%s" % (backend, e), file=sys.stderr)
        sys.exit(1)
    summary = [SUMMARY.search(text) for _, text in m["lines"]]
    summary = [x for x in summary if x]
    done, calls = int(summary[-1].group(2)), int(summary[-1].group(3))
    committed = len(journal(directory))
    plan = subprocess.run([bcplan, "plan", "-c", cfg, "--detailed-exitcode"], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True)
    if plan.returncode != 0:
        errors.append("max %s: after apply, plan --detailed-exitcode exited %d" % (backend, plan.returncode))
    if done != 861:
        errors.append("max %s: %d actions done, expected 861" % (backend, done))
    return {"seconds": m["seconds"], "cpu": m["cpu_seconds"], "rss": m["peak_rss_mb"], "done": done,
            "calls": committed, "attempts": calls, "bound": committed / 50.0, "load": loads}


if "c" in cases:
    runs_max = {"file": [], "postgres": []}
    print("\n(c) the platform maximum, state in a file and in PostgreSQL (%s)" % load())
    for number in range(runs):
        for backend in ("file", "postgres"):
            runs_max[backend].append(apply_max(backend, number))
    table = []
    for backend in ("file", "postgres"):
        samples_c = runs_max[backend]
        mid = sorted(samples_c, key=lambda x: x["seconds"])[len(samples_c) // 2]
        ratio = mid["seconds"] / mid["bound"]
        ok = ratio <= MAX_RATIO_TARGET
        if not ok:
            misses.append("max %s: %.2f s is %.3fx the %.1f s bound > %.1fx" % (backend, mid["seconds"], ratio, mid["bound"], MAX_RATIO_TARGET))
        table.append([backend, "%d" % mid["done"], "%d" % mid["calls"], "%.2f" % mid["seconds"], "%.1f" % mid["cpu"],
                      "%.2f" % mid["bound"], "%.3fx" % ratio, "ok" if ok else "OVER", "%.1f" % mid["rss"],
                      ", ".join("%.2f" % x["seconds"] for x in samples_c), ", ".join("%.2f" % x["load"] for x in samples_c)])
    print("bcplan apply --auto-approve --parallelism 8 at the platform maximum, mock latency_ms 20, "
          "requests_per_second 50 (median of %d runs each, the backends alternating, whole process)" % runs)
    print(timing.format_table(
        ["state", "actions", "calls", "wall s", "CPU s", "bound s", "ratio", "<=1.3x", "peak RSS MB", "runs s",
         "load (1 min) at start"], table))
    print("(c) %s" % load())

# ---------------------------------------------------------------------------- (d) one outcome

if "d" in cases:
    print("\n(d) recording one outcome at the platform maximum (%s)" % load())
    recording = subprocess.run([os.environ["RECORDING_BIN"], os.path.join(out, "apply-max", "bcplan.yaml")],
                               env=max_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if recording.returncode != 0:
        errors.append("recording benchmark exited %d: %s" % (recording.returncode, recording.stderr[-500:]))
    print(recording.stdout.rstrip())
    print("(d) %s" % load())

# ---------------------------------------------------------------------------- (e) plan

if "e" in cases:
    runs_plan = int(os.environ.get("RUNS_PLAN", "7"))
    print("\n(e) plan of the platform maximum with its state recorded (%s)" % load())
    env = max_env()
    table, medians = [], {}
    for backend in ("file", "postgres"):
        directory = max_copy(backend, 0)
        cfg = os.path.join(directory, "bcplan.yaml")
        refreshed = subprocess.run([bcplan, "refresh", "-c", cfg], env=env, stdin=subprocess.DEVNULL, capture_output=True)
        if refreshed.returncode != 0:
            errors.append("plan %s: refresh exited %d: %s" % (backend, refreshed.returncode, refreshed.stderr[-300:]))
            continue
        for flags in ([], ["--no-refresh"]):
            t = timing.time_command([bcplan, "plan", "--format", "json", "-c", cfg] + flags, runs=runs_plan, warmup=1,
                                    env=env)
            medians[(backend, bool(flags))] = t["median_ms"]
            table.append([backend, " ".join(["plan --format json"] + flags), "%.1f" % t["median_ms"],
                          "%.1f-%.1f" % (t["min_ms"], t["max_ms"])])
    for row in table:
        refresh = "--no-refresh" in row[1]
        row.append("%.2fx" % (medians[(row[0], refresh)] / medians[("file", refresh)]))
    ratio = medians[("postgres", False)] / medians[("file", False)]
    if ratio > PLAN_RATIO_TARGET:
        misses.append("plan: PostgreSQL %.2fx the file > %.1fx" % (ratio, PLAN_RATIO_TARGET))
    print("bcplan plan of the platform maximum, state recorded by one refresh (median of %d runs)" % runs_plan)
    print(timing.format_table(["state", "command", "median ms", "range ms", "vs file"], table))
    print("(e) PostgreSQL / file, with the refresh: %.2fx (target <= %.1fx: %s); %s"
          % (ratio, PLAN_RATIO_TARGET, "ok" if ratio <= PLAN_RATIO_TARGET else "OVER", load()))

if errors:
    print("error: " + "; ".join(sorted(set(errors))), file=sys.stderr)
    sys.exit(1)
if misses:
    print("targets missed: " + "; ".join(misses), file=sys.stderr)
    if strict:
        sys.exit(1)
PY
