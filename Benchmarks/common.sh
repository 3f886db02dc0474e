# Shared by the benchmark scripts (sourced, not run): builds the release binary unless BCPLAN_BIN
# names one, and compiles the bare libyaml baseline. Sets OUT and BCPLAN_BIN.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OUT=Benchmarks/out
mkdir -p "$OUT"

# shellcheck disable=SC2086
if [[ -z "${BCPLAN_BIN:-}" ]]; then
    if [[ -z "${SKIP_BUILD:-}" ]]; then
        echo "==> swift build -c release --product bcplan ${SWIFT_BUILD_FLAGS:-}" >&2
        swift build -c release --product bcplan ${SWIFT_BUILD_FLAGS:-} >&2
    fi
    BCPLAN_BIN="$(swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)/bcplan"
fi
if [[ ! -x "$BCPLAN_BIN" ]]; then
    echo "error: $BCPLAN_BIN is not an executable" >&2
    exit 1
fi

echo "==> cc bare_parse.c" >&2
# shellcheck disable=SC2046
cc -O2 -o "$OUT/bare_parse" Benchmarks/bare_parse.c $(pkg-config --cflags --libs yaml-0.1)
