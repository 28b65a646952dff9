#!/bin/sh
# Installs kube-audit-agent from its tarball (agent/target/kube-audit-agent-<version>.tar.gz, or
# the unpacked tarball this script sits in): jars and launchers under PREFIX, configuration under
# CONFDIR (existing files are kept), the systemd units under UNITDIR, and the kube-audit system
# user. Starts nothing: edit CONFDIR/agent.yaml, then `systemctl enable --now audit-agent`.
# Idempotent. With DESTDIR everything goes below it and no user is created (packaging, tests).
# The bash completion scripts go to PREFIX/share/bash-completion/completions (not loaded by bash
# from there: the README says how).
#
#   sudo systemd/install.sh [--uninstall]
#   DESTDIR=/tmp/root PREFIX=/opt/kube-audit-agent systemd/install.sh
#
# --uninstall removes what install put in place (units, PREFIX, CONFDIR) and keeps the data
# (/var/lib/kube-audit-agent, /var/lib/kube-audit-shipper, /var/log/kube-audit-agent) and the user.
set -eu

PREFIX=${PREFIX:-/opt/kube-audit-agent}
CONFDIR=${CONFDIR:-/etc/kube-audit-agent}
UNITDIR=${UNITDIR:-/etc/systemd/system}
DESTDIR=${DESTDIR:-}
USER_NAME=kube-audit
UNITS="audit-agent.service audit-shipper.service"

here=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)

systemd_running() {
    [ -z "$DESTDIR" ] && [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1
}

uninstall() {
    if systemd_running; then
        for unit in $UNITS; do
            systemctl disable --now "$unit" 2>/dev/null || true
        done
    fi
    for unit in $UNITS; do
        rm -f "$DESTDIR$UNITDIR/$unit"
    done
    rm -rf "$DESTDIR$PREFIX" "$DESTDIR$CONFDIR"
    if systemd_running; then
        systemctl daemon-reload
    fi
    echo "Removed kube-audit-agent; data in /var/lib/kube-audit-* and /var/log/kube-audit-agent and the user $USER_NAME are kept"
}

# Sets src to the unpacked tarball: this script's own, or the build's tarball unpacked into a
# temporary folder (removed on exit).
source_tree() {
    if [ -f "$here/lib/audit-agent.jar" ]; then
        src=$here
        return
    fi
    tarball=$(ls "$here"/agent/target/kube-audit-agent-*.tar.gz 2>/dev/null | head -n 1)
    if [ -z "$tarball" ]; then
        echo "install.sh: no tarball: run 'mvn -B package' first (expected $here/agent/target/kube-audit-agent-<version>.tar.gz)" >&2
        exit 2
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    tar -xzf "$tarball" -C "$work"
    src=$(echo "$work"/kube-audit-agent-*)
}

create_user() {
    if ! getent group "$USER_NAME" >/dev/null; then
        groupadd --system "$USER_NAME"
    fi
    if ! getent passwd "$USER_NAME" >/dev/null; then
        useradd --system --gid "$USER_NAME" --home-dir /var/lib/kube-audit-agent --no-create-home \
            --shell /usr/sbin/nologin --comment "kube-audit-agent" "$USER_NAME"
    fi
}

# Installs $1 as $2 with mode $3 unless $2 exists (the administrator's edits win).
install_config() {
    if [ ! -e "$2" ]; then
        install -m "$3" "$1" "$2"
    fi
}

install_all() {
    source_tree
    install -d -m 0755 "$DESTDIR$PREFIX" "$DESTDIR$PREFIX/bin" "$DESTDIR$PREFIX/lib" "$DESTDIR$PREFIX/share" \
        "$DESTDIR$UNITDIR"
    install -m 0755 "$src/bin/audit-agent" "$src/bin/audit-shipper" "$DESTDIR$PREFIX/bin/"
    install -m 0644 "$src/lib/audit-agent.jar" "$src/lib/audit-shipper.jar" "$src/lib/audit-search.jar" "$DESTDIR$PREFIX/lib/"
    rm -rf "$DESTDIR$PREFIX/share/config"
    cp -R "$src/config" "$DESTDIR$PREFIX/share/config"
    chmod -R u=rwX,go=rX "$DESTDIR$PREFIX/share/config"
    rm -rf "$DESTDIR$PREFIX/share/bash-completion"
    cp -R "$src/share/bash-completion" "$DESTDIR$PREFIX/share/bash-completion"
    chmod -R u=rwX,go=rX "$DESTDIR$PREFIX/share/bash-completion"
    install -m 0644 "$src/README.md" "$DESTDIR$PREFIX/share/README.md"

    install -d -m 0750 "$DESTDIR$CONFDIR"
    install_config "$src/config/agent.yaml" "$DESTDIR$CONFDIR/agent.yaml" 0640
    install_config "$src/config/shipper.yaml" "$DESTDIR$CONFDIR/shipper.yaml" 0640
    install_config "$src/config/jvm.env" "$DESTDIR$CONFDIR/jvm.env" 0644

    for unit in $UNITS; do
        sed -e "s#/opt/kube-audit-agent#$PREFIX#g" -e "s#/etc/kube-audit-agent#$CONFDIR#g" \
            "$src/systemd/$unit" > "$DESTDIR$UNITDIR/$unit.tmp"
        chmod 0644 "$DESTDIR$UNITDIR/$unit.tmp"
        mv -f "$DESTDIR$UNITDIR/$unit.tmp" "$DESTDIR$UNITDIR/$unit"
    done

    if [ -z "$DESTDIR" ]; then
        create_user
        chgrp -R "$USER_NAME" "$CONFDIR"
    fi
    if systemd_running; then
        systemctl daemon-reload
    fi
    echo "Installed kube-audit-agent in $DESTDIR$PREFIX; edit $DESTDIR$CONFDIR/agent.yaml, then: systemctl enable --now audit-agent"
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install_all ;;
    *) echo "usage: $0 [--uninstall]" >&2; exit 2 ;;
esac
