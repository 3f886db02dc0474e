# Sourced by the Packaging tests (run from the repository's root): the package under test, a
# timer, and fresh Debian 12 (bookworm) roots without Swift for chroot. The bare root is made once with `debootstrap --variant=minbase`
# and kept as a tar in Packaging/cache (ignored by git); each root is a new copy of it, so every
# test starts from the same untouched machine. Needs root, debootstrap and network access to
# Debian's mirror (DEBIAN_MIRROR, default http://deb.debian.org/debian).

debian_root_cache=Packaging/cache/bookworm-minbase.tar
debian_mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
debian_roots=()

debian_root_fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

# package_under_test [DEB]: DEB, or the one package Packaging/build-deb.sh left in Packaging/out.
package_under_test() {
    local deb=${1:-} debs
    if [[ -z $deb ]]; then
        debs=(Packaging/out/bcplan_*_amd64.deb)
        [[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] \
            || debian_root_fail "expected one package in Packaging/out, found $(ls Packaging/out/bcplan_*_amd64.deb 2>/dev/null | wc -l); name it"
        deb=${debs[0]}
    fi
    [[ -f $deb ]] || debian_root_fail "no package at $deb"
    echo "$deb"
}

now() { date +%s.%N; }
# seconds START END: the time between two `now`s, to a tenth of a second.
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Makes the cached tar unless it exists; prints how long debootstrap took.
make_debian_root_cache() {
    [[ -f $debian_root_cache ]] && return 0
    [[ $(id -u) -eq 0 ]] || debian_root_fail "needs root (debootstrap, chroot and mount)"
    command -v debootstrap >/dev/null 2>&1 || debian_root_fail "debootstrap is missing (apt-get install debootstrap)"
    local scratch start
    scratch=$(mktemp -d /tmp/bcplan-debootstrap.XXXXXX)
    echo "==> debootstrap --variant=minbase bookworm (once; kept in $debian_root_cache)"
    start=$(date +%s)
    debootstrap --variant=minbase bookworm "$scratch/root" "$debian_mirror" > "$scratch/log" 2>&1 \
        || { tail -20 "$scratch/log" >&2; debian_root_fail "debootstrap failed (log above)"; }
    # A machine as Debian installs it: security and point-release updates too.
    cat > "$scratch/root/etc/apt/sources.list" <<SOURCES
deb $debian_mirror bookworm main
deb $debian_mirror bookworm-updates main
deb ${debian_mirror%/debian}/debian-security bookworm-security main
SOURCES
    chroot "$scratch/root" apt-get clean
    mkdir -p "$(dirname "$debian_root_cache")"
    tar -C "$scratch/root" --numeric-owner -cf "$debian_root_cache.partial" . \
        && mv "$debian_root_cache.partial" "$debian_root_cache"
    rm -rf "$scratch"
    echo "debootstrap: $(($(date +%s) - start)) s"
}

# new_debian_root DIR: DIR (absent) becomes a fresh copy of the bare root, /proc mounted, DNS set.
new_debian_root() {
    make_debian_root_cache
    mkdir "$1"
    debian_roots+=("$1")
    tar -C "$1" --numeric-owner -xf "$debian_root_cache"
    mount -t proc proc "$1/proc" || debian_root_fail "cannot mount /proc in the chroot (mount -t proc proc $1/proc)"
    cp /etc/resolv.conf "$1/etc/resolv.conf"
}

# in_debian_root DIR COMMAND...: runs COMMAND in the chroot DIR with a minimal environment.
in_debian_root() {
    local root=$1
    shift
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

# Unmounts and deletes every root made; never deletes through a mount that is still there.
remove_debian_roots() {
    local root
    for root in "${debian_roots[@]}"; do
        if mountpoint -q "$root/proc"; then umount "$root/proc" || umount -l "$root/proc"; fi
        mountpoint -q "$root/proc" || rm -rf "$root"
    done
}
