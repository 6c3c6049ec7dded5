# Shared by start.sh and test.sh: find or start Postgres and Redis, install dependencies,
# prepare the database. Every failure ends in one sentence saying what is missing and how to
# provide it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.gatehouse"
PNPM_VERSION="12.21.0"
mkdir -p "$STATE"
cd "$ROOT"

export CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

say() { printf '\033[1;36m▸\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mgatehouse:\033[0m %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }
can_apt() { is_root && command -v apt-get >/dev/null 2>&1; }

# Processes and local services this run started, stopped by stop_started on exit.
STARTED_PIDS=()
STOP_COMMANDS=()
stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  local cmd
  for cmd in "${STOP_COMMANDS[@]}"; do eval "$cmd" >/dev/null 2>&1 || true; done
  STARTED_PIDS=()
  STOP_COMMANDS=()
}

apt_install() {
  can_apt || return 1
  say "Installing $* from Debian packages"
  if [ ! -f "$STATE/.apt-updated" ]; then apt-get update -qq >/dev/null 2>&1 || true; touch "$STATE/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_node() {
  command -v node >/dev/null 2>&1 || die "Node.js is not installed: install Node 20.19 or newer, with npm."
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    die "Node $(node -v) is too old: Gatehouse needs Node 20.19 or newer."
}

ensure_pnpm() {
  if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  if [ -x "$STATE/tools/node_modules/.bin/pnpm" ]; then export PATH="$STATE/tools/node_modules/.bin:$PATH"; return; fi
  say "Installing pnpm $PNPM_VERSION"
  # corepack fails on package signatures on offline mirrors; a project-local npm install needs no root.
  npm install --silent --no-audit --no-fund --prefix "$STATE/tools" "pnpm@$PNPM_VERSION" >/dev/null 2>&1 ||
    die "Could not install pnpm $PNPM_VERSION from the npm registry: check that npm can reach its registry."
  export PATH="$STATE/tools/node_modules/.bin:$PATH"
}

# Secrets generated once per checkout and kept in .gatehouse/secrets.env (never committed).
load_secrets() {
  local file="$STATE/secrets.env"
  if [ ! -f "$file" ]; then
    node -e '
      const c = require("node:crypto");
      const r = (n, e = "base64url") => c.randomBytes(n).toString(e);
      console.log(`AUTH_SECRET=${r(32)}`);
      console.log(`GATEHOUSE_ENCRYPTION_KEY=${r(32, "hex")}`);
      console.log(`GATEHOUSE_PROXY_SECRET=${r(32)}`);
      console.log(`GATEHOUSE_DEMO_ADMIN_PASSWORD=demo-${r(9)}`);
      console.log(`DEMO_UPSTREAM_AUTH_VALUE=demo-upstream-${r(12)}`);
    ' >"$file"
    chmod 600 "$file"
  fi
  set -a
  # shellcheck disable=SC1090
  . "$file"
  set +a
}

# port_open HOST PORT: exit 0 when something accepts TCP connections there.
port_open() {
  node -e '
    const s = require("node:net").connect(Number(process.argv[2]), process.argv[1]);
    s.setTimeout(1000, () => process.exit(1));
    s.on("connect", () => process.exit(0)).on("error", () => process.exit(1));
  ' "$1" "$2"
}

# url_host_port URL: prints "host port" of a postgres:// or redis:// URL.
url_host_port() {
  node -e '
    const u = new URL(process.argv[1]);
    const port = u.port || (u.protocol.startsWith("redis") ? 6379 : 5432);
    console.log(`${u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1"} ${port}`);
  ' "$1"
}

LOCAL_PG_PORT=55432
LOCAL_REDIS_PORT=56379

# start_local_postgres / start_local_redis set LOCAL_PG_URL / LOCAL_REDIS_URL. They are called
# directly, never in $(...): a subshell would lose the stop command they register.
start_local_postgres() {
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$bindir" ]; then
    apt_install postgresql || return 1
    # Debian's package starts its own cluster on 5432 where it can.
    if port_open 127.0.0.1 5432; then LOCAL_PG_URL="postgresql://postgres@127.0.0.1:5432"; return 0; fi
    bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    [ -n "$bindir" ] || return 1
  fi
  # initdb refuses to run as root; a root run keeps the cluster in a folder the postgres user owns.
  local data run_as=()
  if is_root; then
    id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres || return 1
    data="/var/tmp/gatehouse-postgres-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
    mkdir -p "$data" && chown postgres "$data"
    run_as=(runuser -u postgres --)
  else
    data="$STATE/postgres"
    mkdir -p "$data"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    "${run_as[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$STATE/postgres-init.log" 2>&1 || return 1
  fi
  "${run_as[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
    -o "-p $LOCAL_PG_PORT -c listen_addresses=127.0.0.1 -k $data" start >/dev/null 2>&1 || return 1
  STOP_COMMANDS+=("${run_as[*]} $bindir/pg_ctl -D $data -m fast stop")
  LOCAL_PG_URL="postgresql://postgres@127.0.0.1:$LOCAL_PG_PORT"
}

start_local_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || return 1
  mkdir -p "$STATE/redis"
  redis-server --port "$LOCAL_REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$STATE/redis" --logfile "$STATE/redis/redis.log" --pidfile "$STATE/redis/redis.pid" >/dev/null || return 1
  for _ in $(seq 1 50); do port_open 127.0.0.1 "$LOCAL_REDIS_PORT" && break; sleep 0.1; done
  STOP_COMMANDS+=("kill \$(cat $STATE/redis/redis.pid)")
  LOCAL_REDIS_URL="redis://127.0.0.1:$LOCAL_REDIS_PORT"
}

# Sets PG_SERVER_URL (no database name) and REDIS_URL.
ensure_services() {
  local host port
  if [ -n "${DATABASE_URL:-}" ]; then
    read -r host port <<<"$(url_host_port "$DATABASE_URL")"
    port_open "$host" "$port" || die "Postgres at $host:$port (from DATABASE_URL) does not answer: start it or fix DATABASE_URL."
  elif port_open 127.0.0.1 5432; then
    PG_SERVER_URL="postgresql://postgres@127.0.0.1:5432"
  elif start_local_postgres; then
    PG_SERVER_URL="$LOCAL_PG_URL"
    say "Started a project-local Postgres at ${PG_SERVER_URL#postgresql://postgres@}"
  else
    die "Postgres is not reachable on 127.0.0.1:5432 and could not be started here: install the Debian package postgresql (or run as root so this script can), or set DATABASE_URL."
  fi
  if [ -n "${REDIS_URL:-}" ]; then
    read -r host port <<<"$(url_host_port "$REDIS_URL")"
    port_open "$host" "$port" || die "Redis at $host:$port (from REDIS_URL) does not answer: start it or fix REDIS_URL."
  elif port_open 127.0.0.1 6379; then
    REDIS_URL="redis://127.0.0.1:6379"
  elif start_local_redis; then
    REDIS_URL="$LOCAL_REDIS_URL"
    say "Started a project-local Redis at ${REDIS_URL#redis://}"
  else
    die "Redis is not reachable on 127.0.0.1:6379 and could not be started here: install the Debian package redis-server (or run as root so this script can), or set REDIS_URL."
  fi
  export REDIS_URL
}

install_deps() {
  say "Installing dependencies (pnpm install)"
  local flags=(--reporter=silent)
  [ -n "${CI:-}" ] && flags+=(--frozen-lockfile)
  pnpm install "${flags[@]}" || die "pnpm install failed (see above)."
}

# prepare_database NAME [fresh]: creates the database (dropping it first when "fresh"), generates
# the Prisma client, applies migrations. Exports DATABASE_URL.
prepare_database() {
  local name="$1" fresh="${2:-}"
  if [ -z "${DATABASE_URL:-}" ] || [ "$fresh" = fresh ]; then
    local base="${PG_SERVER_URL:-}"
    [ -n "$base" ] || base="$(node -e 'const u=new URL(process.argv[1]);u.pathname="";console.log(u.toString().replace(/\/$/,""))' "$DATABASE_URL")"
    export DATABASE_URL="$base/$name"
  fi
  node scripts/lib/ensure-database.mjs "$DATABASE_URL" "$fresh" || die "Could not create the database in $DATABASE_URL (see above)."
  pnpm --silent db:generate >/dev/null || die "prisma generate failed."
  pnpm --silent db:migrate || die "Migrations failed (see above)."
}
