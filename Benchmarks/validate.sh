#!/usr/bin/env bash
# Benchmark `bcplan validate` against a bare libyaml event pass over the same file.
#
#   Benchmarks/validate.sh
#
# Environment:
#   RUNS=7               timed runs per command (median reported); WARMUP=1 untimed runs
#   SKIP_BUILD=1         do not run `swift build` (use the existing release binary)
#   BCPLAN_BIN=path      benchmark this binary instead of the release build
#   SWIFT_BUILD_FLAGS=…  extra flags for swift build (e.g. --scratch-path .build-bench)
#   STRICT=1             also fail when the ratio exceeds the 4x target
#
# Generated inputs and the baseline binary go to Benchmarks/out/ (gitignored).
# Exit status: nonzero when the build fails or `bcplan validate` fails on a generated file.
set -euo pipefail

# shellcheck source=Benchmarks/common.sh
source "$(dirname "$0")/common.sh"

echo "==> generate max and quarter configs" >&2
python3 Benchmarks/generate.py --out "$OUT/max" --scale 1.0 --seed 1
python3 Benchmarks/generate.py --out "$OUT/quarter" --scale 0.25 --seed 1

export BCPLAN_BIN OUT
exec python3 - <<'PY'
import os, sys
sys.path.insert(0, "Benchmarks")
import timing

bcplan = os.environ["BCPLAN_BIN"]
out = os.environ["OUT"]
runs = int(os.environ.get("RUNS", "7"))
warmup = int(os.environ.get("WARMUP", "1"))
strict = bool(os.environ.get("STRICT"))
target = 4.0

rows, over = [], []
for name in ("max", "quarter"):
    cfg = os.path.join(out, name, "bcplan.yaml")
    validate = [bcplan, "validate", "-c", cfg]
    bare = [os.path.join(out, "bare_parse"), cfg]
    try:
        # correctness first: the generated file must validate
        timing.run_once(validate)
        t_validate = timing.time_command(validate, runs=runs, warmup=warmup)
        rss_validate = timing.peak_rss_mb(validate)
    except timing.CommandFailed as e:
        print("error: bcplan validate failed on %s\n%s" % (cfg, e), file=sys.stderr)
        sys.exit(1)
    t_bare = timing.time_command(bare, runs=runs, warmup=warmup)
    rss_bare = timing.peak_rss_mb(bare)
    ratio = t_validate["median_ms"] / t_bare["median_ms"]
    if ratio > target:
        over.append(name)
    rows.append([name, "%.2f MB" % (os.path.getsize(cfg) / 1e6),
                 "%.1f" % t_bare["median_ms"], "%.1f" % t_validate["median_ms"],
                 "%.2fx" % ratio, "ok" if ratio <= target else "OVER",
                 "%.1f" % rss_bare, "%.1f" % rss_validate])

print("bcplan validate vs bare libyaml event pass (median of %d runs, whole process)" % runs)
print(timing.format_table(
    ["config", "size", "bare ms", "validate ms", "ratio", "<=4x", "bare RSS MB", "validate RSS MB"],
    rows))
if over:
    print("ratio above the %.0fx target for: %s" % (target, ", ".join(over)), file=sys.stderr)
    if strict:
        sys.exit(1)
PY
