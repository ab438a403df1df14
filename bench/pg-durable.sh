# A throwaway PostgreSQL 15 with DURABLE defaults, for benchmarks:
#   source bench/pg-durable.sh; pg_durable_start; …; pg_durable_stop
# Same recipe as scripts/pg-ci.sh (initdb as the postgres user, trust auth on 127.0.0.1, user `cordon`) but
# fsync, synchronous_commit and full_page_writes keep PostgreSQL's defaults (on), so every acknowledged
# commit has been flushed to disk. scripts/pg-ci.sh turns all three off: fine for tests, flattering for
# benchmarks. pg_stat_statements is preloaded (it does not change durability) so bench/diagnose.ts can
# report per-statement time.
PG_DURABLE_PORT=${PG_DURABLE_PORT:-54341}
PG_DURABLE_ROOT=${PG_DURABLE_ROOT:-/tmp/cordon-bench-pg-durable}
PG_DURABLE_BIN=${PG_DURABLE_BIN:-/usr/lib/postgresql/15/bin}
PG_DURABLE_URL="postgres://cordon@127.0.0.1:${PG_DURABLE_PORT}/postgres"

pg_durable_user() {
  if id -u postgres >/dev/null 2>&1; then echo postgres; return; fi
  id -u cordonpg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin cordonpg
  echo cordonpg
}

pg_durable_start() {
  local user
  user=$(pg_durable_user)
  if [ "$(id -u)" = 0 ]; then run=(runuser -u "$user" --); else run=(); fi
  mkdir -p "$PG_DURABLE_ROOT"
  [ "$(id -u)" = 0 ] && chown "$user" "$PG_DURABLE_ROOT"
  if [ ! -f "$PG_DURABLE_ROOT/data/PG_VERSION" ]; then
    "${run[@]}" "$PG_DURABLE_BIN/initdb" -D "$PG_DURABLE_ROOT/data" -U cordon --auth=trust -E UTF8 \
      --locale=C.UTF-8 >/dev/null
  fi
  "${run[@]}" "$PG_DURABLE_BIN/pg_ctl" -D "$PG_DURABLE_ROOT/data" -l "$PG_DURABLE_ROOT/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PG_DURABLE_PORT -k $PG_DURABLE_ROOT -c max_connections=300 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c shared_preload_libraries=pg_stat_statements" \
    start >/dev/null
  echo "PostgreSQL (durable: fsync=on, synchronous_commit=on) is running: $PG_DURABLE_URL"
}

pg_durable_stop() {
  local user
  user=$(pg_durable_user)
  if [ "$(id -u)" = 0 ]; then run=(runuser -u "$user" --); else run=(); fi
  "${run[@]}" "$PG_DURABLE_BIN/pg_ctl" -D "$PG_DURABLE_ROOT/data" -m fast -w stop >/dev/null 2>&1 || true
}
