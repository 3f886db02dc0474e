#!/usr/bin/env bash
# Installs the Debian package on a bare Debian 12 (bookworm) root without Swift, in a chroot, and
# runs what a new user would: the README's example plan (output compared with the README) and
# `bcplan validate` of every example. Prints the figures: package size, install time, ldd.
#
#   Packaging/clean-machine-test.sh [--commit ID] [DEB]
#
# DEB defaults to the one package in Packaging/out (Packaging/build-deb.sh). --commit: the commit
# `bcplan --version` must name. The root comes from Packaging/debian-root.sh (debootstrap once,
# cached in Packaging/cache; a fresh copy every run): root and network access to Debian's mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

expected_commit=""
deb=""
while (($#)); do
    case "$1" in
        --commit) expected_commit=${2:?--commit needs a commit id}; shift 2 ;;
        -*) echo "usage: Packaging/clean-machine-test.sh [--commit ID] [DEB]" >&2; exit 64 ;;
        *) deb=$1; shift ;;
    esac
done

fail() { echo "clean-machine-test: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || fail "needs root (debootstrap, chroot and mount)"
for tool in debootstrap chroot mount mountpoint dpkg-deb; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install debootstrap)"
done
source Packaging/debian-root.sh
deb=$(package_under_test "$deb")
work=$(mktemp -d /tmp/bcplan-clean-machine.XXXXXX)
trap 'remove_debian_roots; [[ -d $root ]] || rm -rf "$work"' EXIT
root="$work/root"
new_debian_root "$root"
in_root() { in_debian_root "$root" "$@"; }

echo "==> the machine: $(in_root cat /etc/debian_version), $(in_root dpkg-query -f '.\n' -W | wc -l) packages"
if in_root sh -c 'command -v swift swiftc' >/dev/null; then fail "the root has Swift"; fi
swift_files=$(find "$root" -path "$root/proc" -prune -o -name 'libswift*' -print | head -3)
[[ -z $swift_files ]] || fail "the root has Swift's runtime: $swift_files"
echo "no Swift: no swift or swiftc on PATH, no libswift* file"

package=$(basename "$deb")
cp "$deb" "$root/tmp/$package"
mkdir -p "$root/root/bcplan"
cp -r README.md examples "$root/root/bcplan/"

echo "==> apt-get update"
start=$(now)
in_root apt-get update -qq
update_seconds=$(seconds "$start" "$(now)")

echo "==> apt-get install ./$package"
start=$(now)
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "/tmp/$package" > "$work/install.log" 2>&1 \
    || { cat "$work/install.log" >&2; fail "apt-get install failed (log above)"; }
install_seconds=$(seconds "$start" "$(now)")
awk '/^The following NEW packages/ { f = 1; print; next } f && /^  / { print; next } { f = 0 }
     /^[0-9]+ upgraded|^Need to get|^After this operation/' "$work/install.log"

echo "==> ldd /usr/bin/bcplan"
ldd_output=$(in_root ldd /usr/bin/bcplan)
echo "$ldd_output"
if grep -q 'libswift\|not found' <<<"$ldd_output"; then fail "the installed binary needs Swift's runtime or a missing library"; fi

echo "==> bcplan --version"
version_line=$(in_root bcplan --version)
echo "$version_line"
if [[ -n $expected_commit && $version_line != *"(commit $expected_commit)" ]]; then
    fail "bcplan --version should name commit $expected_commit"
fi

echo "==> installed files"
in_root dpkg -L bcplan | grep -E '^/usr/(bin/|share/(man|bash-completion|zsh|fish)/.*bcplan)'

# The README's example: the command in backquotes in "### A plan" and the block after it.
readme_command=$(awk '/^### A plan/ { f = 1 } f && /^`BCPLAN_NOW=/ { print; exit }' README.md | cut -d'`' -f2)
[[ $readme_command == "BCPLAN_NOW="*" bcplan plan "* ]] || fail "no example plan command in README.md's '### A plan'"
awk '/^### A plan/ { f = 1 } f && /^```/ { n++; if (n == 2) exit; next } f && n == 1' README.md > "$work/readme-plan.txt"
echo "==> $readme_command   (in the chroot)"
in_root sh -c "cd /root/bcplan && $readme_command" > "$work/plan.txt" 2>&1 || fail "the README's plan failed: $(cat "$work/plan.txt")"
cat "$work/plan.txt"
diff -u "$work/readme-plan.txt" "$work/plan.txt" || fail "the plan differs from README.md's (diff above: README, then the chroot)"
echo "(identical to the README's output)"

echo "==> bcplan validate, every example"
for config in examples/*/bcplan.yaml examples/gitops/business-centers; do
    echo "\$ bcplan validate -c $config"
    in_root sh -c "cd /root/bcplan && bcplan validate -c $config" || fail "validate -c $config failed in the chroot"
done

# libcurl is not linked but loaded at the TikTok provider's first request: that it loads in the
# chroot shows as the answer of a closed port (no server on 127.0.0.1:9), not a load error.
echo "==> bcplan plan with provider kind tiktok (libcurl loaded when first used)"
mkdir -p "$root/root/tiktok"
printf 'version: 1\nbusiness_center:\n  id: "7000000000000000001"\n  name: Libcurl Check\nprovider:\n  kind: tiktok\n' \
    > "$root/root/tiktok/bcplan.yaml"
tiktok_error=$(in_root sh -c 'cd /root/tiktok && BCPLAN_TIKTOK_TOKEN=clean-machine-token \
    BCPLAN_TIKTOK_BASE_URL=http://127.0.0.1:9/open_api/v1.3 bcplan plan' 2>&1) && fail "plan against a closed port succeeded"
echo "$tiktok_error"
[[ $tiktok_error == "error: cannot reach the TikTok API at http://127.0.0.1:9/open_api/v1.3: could not connect to the server" ]] \
    || fail "the TikTok provider did not get as far as connecting (above)"

echo "==> apt-get purge bcplan"
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q bcplan > "$work/purge.log" 2>&1 \
    || { cat "$work/purge.log" >&2; fail "apt-get purge failed"; }
left=$(in_root dpkg -L bcplan 2>/dev/null || true)
[[ ! -e $root/usr/bin/bcplan && -z $left ]] || fail "purge left files behind"
echo "removed: no /usr/bin/bcplan, dpkg knows no file of bcplan"

echo "==> figures"
echo "package:      $package, $(stat -c %s "$deb") bytes ($(awk -v b="$(stat -c %s "$deb")" 'BEGIN { printf "%.1f", b / 1048576 }') MiB)"
echo "installed:    $(dpkg-deb -f "$deb" Installed-Size) KiB (Installed-Size)"
echo "depends:      $(dpkg-deb -f "$deb" Depends)"
echo "apt-get update: $update_seconds s; apt-get install: $install_seconds s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
