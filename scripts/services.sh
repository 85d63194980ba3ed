#!/usr/bin/env bash
# Make sure the services the tests use are up on this machine: PostgreSQL and Redis on
# 127.0.0.1, and the headless Chromium the browser tests drive (tests/browser). Installs
# from Debian only what is missing of postgresql, redis-server and chromium, nothing
# else. Idempotent.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_ready=""
apt_install() {
  if [ -z "$apt_ready" ]; then as_root apt-get update -qq; apt_ready=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! command -v pg_isready >/dev/null; then apt_install postgresql; fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "starting PostgreSQL" >&2
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432

if ! command -v redis-server >/dev/null; then apt_install redis-server; fi
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  echo "starting Redis" >&2
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
fi
redis-cli -h 127.0.0.1 ping

# The browser tests drive Debian's Chromium through Playwright's executable_path: the
# distribution's build, not a browser Playwright downloads.
if ! command -v chromium >/dev/null; then apt_install chromium; fi
# A font with a tick glyph (U+2713) for the drawn-checkbox tests (tests/test_drawings_rounded.py).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then apt_install fonts-dejavu-core; fi
