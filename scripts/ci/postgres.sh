#!/usr/bin/env bash
# Sourced by .ci/run: makes the PostgreSQL storage tests really run. Installs Debian's `postgresql` when no server binaries
# are present, starts a throwaway cluster on a free loopback port in a temp directory, and exports MARGINCALL_TEST_PG
# (an Npgsql connection string) plus MARGINCALL_TEST_PG_DATA (the cluster directory). The cluster stops on exit.
# If MARGINCALL_TEST_PG is already set, it is used as is.
if [ -z "${MARGINCALL_TEST_PG:-}" ]; then
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    echo "postgres.sh: installing postgresql (apt-get)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
      || echo "postgres.sh: apt-get install postgresql failed; the PostgreSQL tests will fail under CI=true"
  fi
  pg_bin=$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -1)
  if [ -n "$pg_bin" ]; then
    pg_root=$(mktemp -d /tmp/margincall-pg.XXXXXX)
    pg_port=$(( 20000 + RANDOM % 20000 ))
    pg_as=()
    # initdb refuses to run as root: run the cluster as the package's postgres user.
    if [ "$(id -u)" = 0 ]; then chown postgres "$pg_root"; pg_as=(runuser -u postgres --); fi
    if "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_root/data" -A trust -U margincall >"$pg_root/initdb.log" 2>&1 \
      && "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/server.log" -w \
           -o "-p $pg_port -k $pg_root -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" start >/dev/null; then
      export MARGINCALL_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=margincall;Database=postgres;Pooling=true"
      export MARGINCALL_TEST_PG_DATA="$pg_root/data"
      echo "postgres.sh: PostgreSQL $("$pg_bin/postgres" -V | grep -Eo '[0-9]+\.[0-9]+' | head -1) on 127.0.0.1:$pg_port"
      margincall_pg_stop() { "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_root/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pg_root"; }
      trap margincall_pg_stop EXIT
    else
      echo "postgres.sh: could not start a cluster (see $pg_root/*.log); the PostgreSQL tests will fail under CI=true"
    fi
  fi
fi
