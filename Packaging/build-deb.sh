#!/usr/bin/env bash
# Builds bcplan_<version>_amd64.deb and bcplan_<version>_amd64.deb.sha256 from a release build
# with the Swift runtime linked statically, so the package needs no Swift on the machine.
#
#   Packaging/build-deb.sh [--out DIR] [--allow-dirty]
#
# DIR defaults to Packaging/out (ignored by git). The binary embeds the commit it is built from
# (`bcplan --version`): `git rev-parse HEAD`, or BCPLAN_COMMIT when set (a source tree without
# git). A tree with uncommitted changes is refused unless --allow-dirty, which marks the commit
# `+dirty`. The Depends line is read off the binary (dpkg-shlibdeps), never written by hand: a new
# library the code links becomes a dependency by itself. Libraries loaded with dlopen when first
# needed (libpq for the PostgreSQL backend, libcurl for the TikTok provider) are added by name below.
# Needs: Swift 6, pkg-config, libyaml-dev, libcurl4-openssl-dev (curl.h), dpkg-dev, binutils.
set -euo pipefail
cd "$(dirname "$0")/.."

out=Packaging/out
allow_dirty=false
while (($#)); do
    case "$1" in
        --out) out=${2:?--out needs a folder}; shift 2 ;;
        --allow-dirty) allow_dirty=true; shift ;;
        *) echo "usage: Packaging/build-deb.sh [--out DIR] [--allow-dirty]" >&2; exit 64 ;;
    esac
done

fail() { echo "build-deb: $*" >&2; exit 1; }
for tool in dpkg-deb dpkg-shlibdeps readelf strip gzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (apt-get install dpkg-dev binutils)"
done

# The commit the binary names, the time every file in the package carries (reproducible), and
# the maintainer: BCPLAN_MAINTAINER, else the author of the commit the package is built from.
if [[ -n ${BCPLAN_COMMIT:-} ]]; then
    commit=$BCPLAN_COMMIT
    export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date +%s)}
    maintainer=${BCPLAN_MAINTAINER:?set BCPLAN_MAINTAINER (Name <address>) when building without git}
else
    git rev-parse --git-dir >/dev/null 2>&1 || fail "not a git checkout: set BCPLAN_COMMIT to the commit this source is"
    commit=$(git rev-parse HEAD)
    if [[ -n $(git status --porcelain) ]]; then
        $allow_dirty || fail "the tree has uncommitted changes (git status); commit them, or pass --allow-dirty"
        commit+="+dirty"
    fi
    export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
    maintainer=${BCPLAN_MAINTAINER:-$(git log -1 --format='%an <%ae>')}
fi

# The man page comes from the argument parser's own generator, which builds and asks a debug
# bcplan (no commit in it, so the debug build stays as `swift build` leaves it).
echo "==> man page (swift-argument-parser's generate-manual)"
manuals=.build/plugins/GenerateManual/outputs
rm -rf "$manuals"
env -u BCPLAN_COMMIT swift package plugin generate-manual --configuration debug \
    --date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)" --authors "the bcplan authors" >/dev/null
manual=$(find "$manuals" -name bcplan.1 -print -quit)
[[ -n $manual ]] || fail "generate-manual wrote no bcplan.1 under $manuals"

# --static-swift-stdlib links Swift's runtime and Foundation into the binary.
# --disable-local-rpath: no $ORIGIN search path in an installed binary; -z relro -z now: the
# hardening Debian's own builds apply (read-only relocations, bound at start).
echo "==> swift build -c release --static-swift-stdlib (commit $commit)"
export BCPLAN_COMMIT=$commit
swift build -c release --product bcplan --static-swift-stdlib --disable-local-rpath \
    -Xlinker -z -Xlinker relro -Xlinker -z -Xlinker now
binary="$(swift build -c release --show-bin-path)/bcplan"

version_line=$("$binary" --version)
version=${version_line%% *}
[[ $version_line == "$version (commit $commit)" ]] || fail "the binary says '$version_line', expected commit $commit"
if readelf -d "$binary" | grep -E 'NEEDED.*\[lib(swift|Foundation|dispatch|BlocksRuntime|_Foundation)'; then
    fail "the binary still links Swift's runtime dynamically (above)"
fi
# libcurl is loaded when the TikTok provider first sends a request; linked, every run would pay
# for mapping it and its ~30 libraries at start-up.
if readelf -d "$binary" | grep -E 'NEEDED.*\[lib(curl|FoundationNetworking)'; then
    fail "the binary links libcurl (above); it must load it with dlopen (Sources/CCurlOnDemand)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
umask 022
root="$work/debian/bcplan"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/man/man1" "$root/usr/share/doc/bcplan" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d"
install -m 0755 "$binary" "$root/usr/bin/bcplan"
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$root/usr/bin/bcplan"

# Debian's places for completions (as dh_bash-completion and the zsh and fish packages use them).
# A bash completion is sourced, not run: no #! line.
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' > "$root/usr/share/bash-completion/completions/bcplan"
"$binary" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_bcplan"
"$binary" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/bcplan.fish"

# The generator leaves blank lines between paragraphs, which mdoc warns about; .Pp is mdoc's break.
sed 's/^$/.Pp/' "$manual" | gzip -9n > "$root/usr/share/man/man1/bcplan.1.gz"

{
    echo "bcplan ($version) unstable; urgency=medium"
    echo
    echo "  * Built from commit $commit."
    echo "  * CHANGELOG.md in the source lists the changes."
    echo
    echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$root/usr/share/doc/bcplan/changelog.gz"
cat > "$root/usr/share/doc/bcplan/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: bcplan
Comment: The bcplan source states no licence; until it does, all rights are reserved by its
 authors. The binary contains the Swift runtime and Foundation (Apache-2.0 with Runtime Library
 Exception) and swift-argument-parser (Apache-2.0).

Files: *
Copyright: $(date -u -d "@$SOURCE_DATE_EPOCH" +%Y) the bcplan authors
License: none-stated
 No licence has been granted.
EOF

# Depends: what the binary links, as dpkg-shlibdeps maps each library to its Debian package.
printf 'Source: bcplan\n\nPackage: bcplan\nArchitecture: amd64\n' > "$work/debian/control"
depends=$(cd "$work" && dpkg-shlibdeps -O -edebian/bcplan/usr/bin/bcplan)
depends=${depends#shlibs:Depends=}
[[ -n $depends ]] || fail "dpkg-shlibdeps found no dependencies"
# Loaded with dlopen, so dpkg-shlibdeps cannot see them: libpq.so.5 (Sources/CLibPQ) when the
# PostgreSQL state backend connects.
depends+=", libpq5"
# libcurl.so.4 (Sources/CCurlOnDemand) when the TikTok provider sends its first request; 7.85 for
# CURLOPT_PROTOCOLS_STR.
depends+=", libcurl4 (>= 7.85.0)"

cat > "$root/DEBIAN/control" <<EOF
Package: bcplan
Version: $version
Architecture: amd64
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: admin
Priority: optional
Description: access management as code for TikTok Business Center
 bcplan reads the members, partner Business Centers and asset shares a TikTok
 Business Center should have from a YAML file under version control, tells
 where the file is wrong, plans the smallest safely ordered set of changes
 against the recorded state and the live Business Center, and applies it
 through TikTok's API for Business or a simulated Business Center.
EOF
(cd "$root" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum > DEBIAN/md5sums)
find "$root" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p "$out"
deb="bcplan_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/$deb" >/dev/null
(cd "$out" && sha256sum "$deb" > "$deb.sha256")

echo "==> $out/$deb"
echo "version:   $version_line"
echo "depends:   $depends"
echo "size:      $(stat -c %s "$out/$deb") bytes; installed $(du -sk --exclude=DEBIAN "$root" | cut -f1) KiB"
echo "sha256:    $(cut -d' ' -f1 "$out/$deb.sha256")"
if command -v lintian >/dev/null 2>&1; then
    echo "==> lintian"
    lintian --fail-on error --info "$out/$deb"
fi
