#!/usr/bin/env bash
# Runs the shell steps of the GitOps setup action (examples/gitops/.github/actions/setup-bcplan)
# on bare Debian 12 roots as a GitHub runner would, with the package as the release download:
#   1. a cache miss: check the inputs, download (checksum first), install; bcplan runs;
#   2. a cache hit on a new machine, given only what the miss left in the cache: install with
#      apt-get and apt made to fail, so any use of them fails the test; bcplan runs;
#   3. a download whose SHA-256 differs: refused before apt-get or dpkg is called.
#
#   Packaging/setup-action-test.sh [DEB]
#
# DEB defaults to the one package in Packaging/out. Roots come from Packaging/debian-root.sh.
# `sudo` is a stand-in that runs the command (the test runs as root); `curl` one that checks the
# URL against the action's release scheme and copies DEB. Needs python3 with yaml (as the tests).
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "setup-action-test: $*" >&2; exit 1; }
source Packaging/debian-root.sh
deb=$(package_under_test "${1:-}")
version=$(dpkg-deb --field "$deb" Version)
sha256=$(sha256sum "$deb" | cut -d' ' -f1)
repository=acme/bcplan
work=$(mktemp -d /tmp/bcplan-setup-action.XXXXXX)
# Never delete through a root whose /proc could not be unmounted.
trap 'remove_debian_roots; [[ -d $work/miss || -d $work/hit ]] || rm -rf "$work"' EXIT

# The action's shell steps, each as the file GitHub runs with `bash --noprofile --norc -eo pipefail`.
mkdir "$work/steps"
python3 - examples/gitops/.github/actions/setup-bcplan/action.yml "$work/steps" <<'PYTHON'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
wanted = {"inputs": "Check the inputs and name the cache", "download": "Download the package and the libraries it needs",
          "install": "Install bcplan"}
steps = {step.get("name"): step for step in action["runs"]["steps"]}
for file, name in wanted.items():
    run = steps[name]["run"]
    if "${{" in run:
        sys.exit(f"step '{name}' uses an expression in its script; pass it through env")
    open(f"{sys.argv[2]}/{file}.sh", "w").write(run)
PYTHON

# runner ROOT: a fresh root set up as a GitHub runner: stand-ins on PATH, the release to download.
runner() {
    local root=$1
    new_debian_root "$root"
    mkdir -p "$root/opt/stand-ins" "$root/opt/release" "$root/opt/steps" "$root/runner/temp" "$root/runner/files"
    cp "$work/steps/"*.sh "$root/opt/steps/"
    cp "$deb" "$root/opt/release/"
    cat > "$root/opt/stand-ins/sudo" <<'EOF'
#!/bin/sh
echo "sudo $*" >> /runner/files/calls
exec "$@"
EOF
    cat > "$root/opt/stand-ins/curl" <<EOF
#!/bin/bash
# curl -fsSL --retry 3 -o FILE URL, as the action calls it.
echo "curl \$*" >> /runner/files/calls
[[ \$4 == -o ]] || exit 2
[[ \$6 == "https://github.com/$repository/releases/download/v$version/bcplan_${version}_amd64.deb" ]] || { echo "curl: 404 \$6" >&2; exit 22; }
cp /opt/release/$(basename "$deb") "\$5"
EOF
    chmod +x "$root/opt/stand-ins/"*
}

# step ROOT NAME [VAR=VALUE...]: runs one step of the action in ROOT with the runner's environment.
step() {
    local root=$1 name=$2
    shift 2
    chroot "$root" /usr/bin/env -i PATH=/opt/stand-ins:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        RUNNER_TEMP=/runner/temp RUNNER_OS=Linux RUNNER_ARCH=X64 ImageOS=debian12 ImageVersion=test \
        GITHUB_OUTPUT=/runner/files/output GITHUB_PATH=/runner/files/path \
        REPOSITORY=$repository VERSION="$version" SHA256="$sha256" FROM_SOURCE=false REF= MODE=package "$@" \
        bash --noprofile --norc -eo pipefail "/opt/steps/$name.sh"
}
output() { sed -n "s/^$2=//p" "$1/runner/files/output" | tail -n 1; }

echo "==> 1. cache miss"
miss="$work/miss"
runner "$miss"
step "$miss" inputs
[[ $(output "$miss" mode) == package ]] || fail "the inputs step chose mode '$(output "$miss" mode)'"
key=$(output "$miss" key)
echo "cache key: $key"
start=$(now)
step "$miss" download > "$work/download.log" 2>&1 || { cat "$work/download.log" >&2; fail "the download step failed"; }
step "$miss" install > "$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "the install step failed"; }
miss_seconds=$(seconds "$start" "$(now)")
tail -n 1 "$work/install.log"
grep -q '^sudo apt-get update' "$miss/runner/files/calls" || fail "the miss did not update apt's lists"
cached=$(ls "$miss/runner/temp/bcplan/deps" | wc -l)
echo "cached: the package and the $cached packages it needs that the runner lacked ($(du -sh "$miss/runner/temp/bcplan" | cut -f1))"
mkdir "$work/cache"
cp -a "$miss/runner/temp/bcplan" "$work/cache/"

echo "==> 2. cache hit on a new machine, apt-get and apt failing"
hit="$work/hit"
runner "$hit"
for tool in apt-get apt; do
    printf '#!/bin/sh\necho "%s must not run on a cache hit: $*" >&2\nexit 100\n' "$tool" > "$hit/opt/stand-ins/$tool"
    chmod +x "$hit/opt/stand-ins/$tool"
done
step "$hit" inputs
[[ $(output "$hit" key) == "$key" ]] || fail "a second runner computes another cache key: $(output "$hit" key)"
cp -a "$work/cache/bcplan" "$hit/runner/temp/"
start=$(now)
step "$hit" install > "$work/hit.log" 2>&1 || { cat "$work/hit.log" >&2; fail "the install step failed on a cache hit"; }
hit_seconds=$(seconds "$start" "$(now)")
tail -n 1 "$work/hit.log"
if grep -E 'apt-get|apt ' "$hit/runner/files/calls"; then fail "the cache hit called apt (above)"; fi
echo "calls on the hit: $(cut -d' ' -f1-3 "$hit/runner/files/calls" | paste -sd';')"

echo "==> 3. a download with another SHA-256"
rm -rf "$hit/runner/temp/bcplan" && : > "$hit/runner/files/calls"
if step "$hit" download SHA256="$(printf '0%.0s' {1..64})" > "$work/bad.log" 2>&1; then
    fail "a package with another checksum was accepted"
fi
grep -q 'FAILED' "$work/bad.log" || { cat "$work/bad.log" >&2; fail "the refusal does not come from the checksum"; }
if grep -q '^sudo' "$hit/runner/files/calls"; then fail "something ran as root before the checksum was checked"; fi
echo "refused: $(grep -m 1 FAILED "$work/bad.log"), nothing installed"

echo "==> figures"
echo "setup on a miss (download, apt-get update, install): $miss_seconds s; on a hit (dpkg only): $hit_seconds s"
