#!/usr/bin/env bash
# Coverage-guided fuzzing of the config loader with libFuzzer (issue 7).
#
#   Tests/Fuzz/run.sh [RUNS] [SECONDS]      default: 200000 inputs, at most 600 s
#
# Compiles BCPlanYAML and BCPlanCore from Sources/ with `swiftc -sanitize=fuzzer,address` (the
# parser wraps libyaml through unsafe pointers: AddressSanitizer checks that use), links them with
# Tests/Fuzz/ConfigFuzzTarget.swift and Tests/BCPlanCoreTests/ConfigInvariant.swift (the same rules
# as the mutation test), then runs libFuzzer seeded with the examples, the error fixtures and the
# kept corpus (Tests/BCPlanCoreTests/Fixtures/fuzz-corpus). A crash, a broken rule, a memory
# error, an input slower than 10 s or a process above 2 GB fails the run; libFuzzer writes the
# input to Tests/Fuzz/out/artifacts (git-ignored). The last lines give the figures for
# Benchmarks/RESULTS.md.
#
# Leak detection is off: at exit LeakSanitizer reports the one-time initialisations of Swift
# `static let` globals (ConfigSchema's tables, 73 allocations), not anything per input; memory
# that grew per input would hit -rss_limit_mb instead.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-200000}
SECONDS_MAX=${2:-600}
OUT=Tests/Fuzz/out
BUILD=$OUT/build
rm -rf "$OUT/artifacts"
mkdir -p "$BUILD" "$OUT/corpus" "$OUT/artifacts"

FLAGS=(-O -g -sanitize=fuzzer,address -swift-version 6 -parse-as-library -I Sources/CYAML)
# ld.gold warns once per ASan helper symbol it cannot export; nothing to act on.
quiet() { "$@" 2>&1 | { grep -v "Cannot export local symbol" || true; }; return "${PIPESTATUS[0]}"; }
echo "==> swiftc BCPlanYAML"
quiet swiftc "${FLAGS[@]}" -module-name BCPlanYAML -emit-module -emit-module-path "$BUILD/BCPlanYAML.swiftmodule" \
    -emit-library -static -o "$BUILD/libBCPlanYAML.a" Sources/BCPlanYAML/*.swift
echo "==> swiftc BCPlanCore"
quiet swiftc "${FLAGS[@]}" -I "$BUILD" -module-name BCPlanCore -emit-module -emit-module-path "$BUILD/BCPlanCore.swiftmodule" \
    -emit-library -static -o "$BUILD/libBCPlanCore.a" $(find Sources/BCPlanCore -name '*.swift' | sort)
echo "==> swiftc config-fuzzer"
quiet swiftc "${FLAGS[@]}" -I "$BUILD" -module-name ConfigFuzz -o "$BUILD/config-fuzzer" \
    Tests/Fuzz/ConfigFuzzTarget.swift Tests/BCPlanCoreTests/ConfigInvariant.swift \
    "$BUILD/libBCPlanCore.a" "$BUILD/libBCPlanYAML.a" -lyaml

# Seeds: every example and error fixture, and the corpus kept as regression tests.
SEEDS=$OUT/seeds
rm -rf "$SEEDS"
mkdir -p "$SEEDS"
i=0
for f in examples/*/bcplan.yaml Tests/BCPlanCoreTests/Fixtures/errors/*/bcplan.yaml Tests/BCPlanCoreTests/Fixtures/fuzz-corpus/*; do
    cp "$f" "$SEEDS/seed-$i"
    i=$((i + 1))
done

echo "==> libFuzzer: $RUNS inputs at most, $SECONDS_MAX s at most"
ASAN_OPTIONS=detect_leaks=0 "$BUILD/config-fuzzer" "$OUT/corpus" "$SEEDS" \
    -runs="$RUNS" -max_total_time="$SECONDS_MAX" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 2>&1 | tee "$OUT/fuzz.log" | grep -E "^#[0-9]+ +(INITED|DONE|pulse)|ERROR|SUMMARY|stat::|Done" || true
status=${PIPESTATUS[0]}
echo "corpus: $(ls "$OUT/corpus" | wc -l) inputs kept by libFuzzer in $OUT/corpus; artifacts: $(ls "$OUT/artifacts" | wc -l)"
exit "$status"
