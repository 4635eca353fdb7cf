#!/usr/bin/env bash
# Installs what the tests need from Debian: Dovecot's POP3 server, which the interop tests start as private
# instances on loopback, and PostgreSQL's server, which the cluster tests start the same way. The system-wide
# services are not started (and disabled if the packages enabled them).
set -euo pipefail
# dovecot-core alone has the dovecot binary but no POP3 server, so look for both.
if { command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ]; } && [ -x /usr/lib/dovecot/pop3 ] \
    && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need Dovecot and PostgreSQL; install them as root: apt-get install -y dovecot-pop3d postgresql" >&2
  exit 1
fi
# policy-rc.d exit code 101 tells invoke-rc.d and deb-systemd-invoke not to start services during the install.
added_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  added_policy=yes
fi
remove_policy() {
  if [ -n "$added_policy" ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
}
trap remove_policy EXIT
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-pop3d postgresql
# Debian enables the unit; the tests never use it, so keep it from starting at the next boot.
if command -v systemctl >/dev/null 2>&1; then
  systemctl disable dovecot.service dovecot.socket >/dev/null 2>&1 || true
  if [ -d /run/systemd/system ]; then
    systemctl stop dovecot.service dovecot.socket >/dev/null 2>&1 || true
  fi
elif command -v service >/dev/null 2>&1; then
  service dovecot stop >/dev/null 2>&1 || true
fi
if command -v systemctl >/dev/null 2>&1; then
  systemctl disable postgresql.service >/dev/null 2>&1 || true
  if [ -d /run/systemd/system ]; then
    systemctl stop postgresql.service >/dev/null 2>&1 || true
  fi
elif command -v service >/dev/null 2>&1; then
  service postgresql stop >/dev/null 2>&1 || true
fi
