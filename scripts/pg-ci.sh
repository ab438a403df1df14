# Throwaway PostgreSQL for tests and benchmarks: `source scripts/pg-ci.sh; pg_ci_start; …; pg_ci_stop`.
# initdb and postgres refuse to run as root, so they run as the `postgres` user (or a system user we add).
PG_CI_PORT=${PG_CI_PORT:-54329}
PG_CI_ROOT=${PG_CI_ROOT:-/tmp/cordon-pg-ci}
PG_CI_BIN=${PG_CI_BIN:-/usr/lib/postgresql/15/bin}
PG_CI_URL="postgres://cordon@127.0.0.1:${PG_CI_PORT}/postgres"

pg_ci_user() {
  if id -u postgres >/dev/null 2>&1; then echo postgres; return; fi
  id -u cordonpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin cordonpg
  echo cordonpg
}

pg_ci_start() {
  local user
  user=$(pg_ci_user)
  if [ "$(id -u)" = 0 ]; then run=(runuser -u "$user" --); else run=(); fi
  mkdir -p "$PG_CI_ROOT"
  [ "$(id -u)" = 0 ] && chown "$user" "$PG_CI_ROOT"
  if [ ! -f "$PG_CI_ROOT/data/PG_VERSION" ]; then
    "${run[@]}" "$PG_CI_BIN/initdb" -D "$PG_CI_ROOT/data" -U cordon --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if "${run[@]}" "$PG_CI_BIN/pg_ctl" -D "$PG_CI_ROOT/data" status >/dev/null 2>&1; then
    echo "PostgreSQL is already running: $PG_CI_URL"
    return 0
  fi
  "${run[@]}" "$PG_CI_BIN/pg_ctl" -D "$PG_CI_ROOT/data" -l "$PG_CI_ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_CI_PORT -k $PG_CI_ROOT -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
  echo "PostgreSQL is running: $PG_CI_URL"
}

pg_ci_stop() {
  local user
  user=$(pg_ci_user)
  if [ "$(id -u)" = 0 ]; then run=(runuser -u "$user" --); else run=(); fi
  "${run[@]}" "$PG_CI_BIN/pg_ctl" -D "$PG_CI_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
}
