#!/usr/bin/env bash
# Benchmark `bcplan plan -c DIR` over many Business Centers in one run against planning them one
# by one (one `bcplan plan -c FILE` process each, one after the other).
#
#   Benchmarks/plan_many.sh
#
# Input: 200 Business Centers of 200 members each (5 admins, 50 partners, 500 assets; 10 % drift
# against their mock stores), from Benchmarks/generate_many.py (seed 1), in one directory.
# Every command prints JSON: the directory run `{"format_version": 1, "plans": [...]}`, each single
# run its plan; the script checks that the directory's plans are exactly the single plans.
#
# Target: the directory run <= 0.6x the sum of the single runs (on 2 cores). Beside it, as for one
# Business Center (plan.sh), the runs against one bare libyaml event pass over all the configs in
# one process (bare_parse FILE...), measured in the same rounds.
#
# Environment:
#   RUNS=5               timed rounds (median reported; a round of single runs is COUNT processes)
#   WARMUP=1             untimed rounds
#   COUNT=200 MEMBERS=200  the directory generated
#   JOBS=                --jobs for the directory run (default: bcplan's, the number of cores)
#   SKIP_BUILD=1         do not run `swift build` (use the existing release binary)
#   BCPLAN_BIN=path      benchmark this binary instead of the release build
#   SWIFT_BUILD_FLAGS=…  extra flags for swift build (e.g. --scratch-path .build-bench)
#   STRICT=1             also fail when the target is missed
#
# Generated inputs go to Benchmarks/out/many/ (gitignored).
# Exit status: nonzero when the build fails, a plan fails, or the directory's plans differ from the
# single plans; with STRICT=1 also when the target is missed.
set -euo pipefail

# shellcheck source=Benchmarks/common.sh
source "$(dirname "$0")/common.sh"

COUNT="${COUNT:-200}"
MEMBERS="${MEMBERS:-200}"
echo "==> generate $COUNT Business Centers of $MEMBERS members (drift 0.1)" >&2
python3 Benchmarks/generate_many.py --out "$OUT/many" --count "$COUNT" --members "$MEMBERS" --drift 0.1 --seed 1

export BCPLAN_BIN OUT
exec python3 - <<'PY'
import glob, json, os, resource, statistics, sys, time
sys.path.insert(0, "Benchmarks")
import timing

bcplan = os.environ["BCPLAN_BIN"]
directory = os.path.join(os.environ["OUT"], "many")
runs = int(os.environ.get("RUNS", "5"))
warmup = int(os.environ.get("WARMUP", "1"))
jobs = os.environ.get("JOBS")
strict = bool(os.environ.get("STRICT"))
TARGET = 0.6   # directory run / sum of single runs
BARE_TARGET = 6.0   # directory run / bare pass over the same configs

with open(os.path.join(directory, "meta.json"), encoding="utf-8") as f:
    meta = json.load(f)
env = dict(os.environ, BCPLAN_NOW=meta["bcplan_now"])
configs = sorted(glob.glob(os.path.join(directory, "bc-*.yaml")))
directory_cmd = [bcplan, "plan", "-c", directory, "--format", "json"] + (["--jobs", jobs] if jobs else [])
serial_cmd = [bcplan, "plan", "-c", directory, "--format", "json", "--jobs", "1"]
single_cmds = [[bcplan, "plan", "-c", c, "--format", "json"] for c in configs]

# Correctness first: the directory's plans are the single plans, in config order.
try:
    _, out, _ = timing.run_capture(directory_cmd, env=env)
    together = json.loads(out)
    alone = [json.loads(timing.run_capture(cmd, env=env)[1]) for cmd in single_cmds]
except (timing.CommandFailed, ValueError) as e:
    print("error: a plan failed or printed no JSON: %s" % e, file=sys.stderr)
    sys.exit(1)
if together.get("format_version") != 1 or together.get("failures") != [] or together.get("plans") != alone:
    print("error: the directory run's plans differ from planning each config alone", file=sys.stderr)
    sys.exit(1)
actions = sum(len(p["actions"]) for p in alone)


def timed(cmds):
    """Run cmds one after the other; (wall ms, CPU ms of the children: user + system)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for cmd in cmds:
        timing.run_once(cmd, env=env)
    wall = (time.perf_counter() - start) * 1000.0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000.0
    return wall, cpu


def median_of(cmds):
    for _ in range(warmup):
        timed(cmds)
    samples = [timed(cmds) for _ in range(runs)]
    return (statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples),
            [w for w, _ in samples])


# Each kind's rounds back to back, one by one first (the slowest).
bare_cmd = [os.path.join(os.environ["OUT"], "bare_parse")] + configs
load_before = os.getloadavg()[0]
sum_ms, sum_cpu, singles = median_of(single_cmds)
serial_ms, serial_cpu, _ = median_of([serial_cmd])
dir_ms, dir_cpu, dir_samples = median_of([directory_cmd])
bare_ms, bare_cpu, _ = median_of([bare_cmd])
load_after = os.getloadavg()[0]
rss_dir = timing.peak_rss_mb(directory_cmd, env=env)
ratio = dir_ms / sum_ms
ok = ratio <= TARGET

print("bcplan plan over %d Business Centers of %d members (%d actions in all), median of %d rounds, %d cores,"
      " load average %.1f before and %.1f after" % (len(configs), meta["members_each"], actions, runs,
                                                    os.cpu_count(), load_before, load_after))
print(timing.format_table(
    ["run", "wall ms", "vs one by one", "vs bare pass", "CPU ms", "CPU vs bare", "peak RSS MB"],
    [["one by one (%d processes)" % len(configs), "%.0f" % sum_ms, "1.00x", "%.2fx" % (sum_ms / bare_ms),
      "%.0f" % sum_cpu, "%.2fx" % (sum_cpu / bare_cpu), "-"],
     ["plan -c DIR --jobs 1", "%.0f" % serial_ms, "%.2fx" % (serial_ms / sum_ms), "%.2fx" % (serial_ms / bare_ms),
      "%.0f" % serial_cpu, "%.2fx" % (serial_cpu / bare_cpu), "-"],
     ["plan -c DIR%s" % (" --jobs " + jobs if jobs else ""), "%.0f" % dir_ms, "%.2fx" % ratio,
      "%.2fx" % (dir_ms / bare_ms), "%.0f" % dir_cpu, "%.2fx" % (dir_cpu / bare_cpu), "%.1f" % rss_dir],
     ["bare pass over the %d configs (1 process)" % len(configs), "%.0f" % bare_ms, "-", "1.00x",
      "%.0f" % bare_cpu, "1.00x", "-"]]))
print("one by one, per Business Center: %.1f ms wall, %.1f ms CPU (round samples: %s)"
      % (sum_ms / len(configs), sum_cpu / len(configs), ", ".join("%.0f" % s for s in singles)))
print("directory run samples: %s" % ", ".join("%.0f" % s for s in dir_samples))
print("target: directory run <= %.1fx one by one: %s" % (TARGET, "ok" if ok else "MISSED"))
print("target: directory run <= %.0fx the bare pass (issue 17): %.2fx, %s; --jobs 1: %.2fx"
      % (BARE_TARGET, dir_ms / bare_ms, "ok" if dir_ms / bare_ms <= BARE_TARGET else "MISSED", serial_ms / bare_ms))
if not ok:
    print("target missed: %.2fx > %.1fx" % (ratio, TARGET), file=sys.stderr)
    if strict:
        sys.exit(1)
PY
