#!/usr/bin/env bash
# Installs the embedded database that `npm start` (without MONGODB_URI) and every test use:
# FerretDB v2.5.0 on PostgreSQL 15 with the DocumentDB extension 0.106.0-ferretdb-2.5.0
# (released as a pair). Run by `npm install` (postinstall); safe to run again: every step checks
# its output first and skips work already done.
#
#   1. Debian packages: PostgreSQL 15, the extensions DocumentDB depends on, build tools.
#   2. pgvector 0.8.0 and DocumentDB, built from the sources vendored in third_party/ (Debian 12
#      packages neither) and installed into PostgreSQL's directories.
#   3. FerretDB v2.5.0, built from its Go module into .tools/bin/ferretdb.
#
# Steps 1-2 write to system directories and need root. Without root, the script stops and prints
# the exact command to run. Set SKIP_EMBEDDED_DB_INSTALL=1 to skip everything (MONGODB_URI users).
# Logs go to .tools/logs/.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS=$ROOT/.tools
LOGS=$TOOLS/logs
BUILD=$TOOLS/build
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
PG_MAJOR=15
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
PG_CONFIG=$PGBIN/pg_config
FERRETDB_VERSION=v2.5.0
FERRETDB_MODULE=github.com/FerretDB/FerretDB/v2
DOCDB_TGZ=$ROOT/third_party/documentdb/documentdb-0.106.0-ferretdb-2.5.0.tar.gz
DOCDB_SHA=ff659f72d5307395acdc39c43a4d86c8e0a9bc623c8415149cc5ee8adf026956
DOCDB_VERSION=0.106-0
PGVECTOR_TGZ=$ROOT/third_party/pgvector/pgvector-0.8.0.tar.gz
PGVECTOR_SHA=b7a4f80ece490ee76a3f80a3c72a7d42f68efd08b08774d5da12a0adf190e89d
PGVECTOR_VERSION=0.8.0
APT_PKGS=(postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-cron postgresql-$PG_MAJOR-rum
  postgresql-$PG_MAJOR-postgis-3 libbson-dev libpcre2-dev libintelrdfpmath-dev libicu-dev libkrb5-dev
  build-essential pkg-config)

log() { echo "[embedded-db] $*"; }
die() { echo "[embedded-db] ERROR: $*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }
need_root() { # need_root <what>
  is_root && return 0
  die "$1 needs root. Run this once, then run npm install again:
    sudo bash $ROOT/scripts/install-embedded-db.sh"
}

if [ "${SKIP_EMBEDDED_DB_INSTALL:-0}" = 1 ]; then
  log "SKIP_EMBEDDED_DB_INSTALL=1: not installing the embedded database."
  exit 0
fi
mkdir -p "$LOGS" "$BUILD" "$TOOLS/bin"

# ------------------------------------------------------------------ 1. Debian packages
missing=()
for p in "${APT_PKGS[@]}"; do
  grep -q 'install ok installed' <<<"$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  need_root "Installing ${missing[*]} with apt-get"
  log "apt-get install ${missing[*]} (log: .tools/logs/apt.log)"
  # Installing postgresql-15 would otherwise create and start a system-wide 'main' cluster,
  # which this service does not use: the embedded cluster lives under DATA_DIR.
  if ! grep -q 'install ok installed' <<<"$(dpkg-query -W -f='${Status}' postgresql-$PG_MAJOR 2>/dev/null)"; then
    mkdir -p /etc/postgresql-common
    grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf ||
      echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
  fi
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; } > "$LOGS/apt.log" 2>&1 ||
    { tail -n 30 "$LOGS/apt.log" >&2; die "apt-get install failed (full log: $LOGS/apt.log)"; }
else
  log "Debian packages present"
fi
[ -x "$PG_CONFIG" ] || die "$PG_CONFIG not found after installing postgresql-server-dev-$PG_MAJOR"
PG_SHAREDIR=$("$PG_CONFIG" --sharedir)
PG_LIBDIR=$("$PG_CONFIG" --pkglibdir)

control_version() { # control_version <extension> -> default_version from its control file, or nothing
  sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$PG_SHAREDIR/extension/$1.control" 2>/dev/null || true
}
unpack() { # unpack <tgz> <sha256> <dir under BUILD>
  echo "$2  $1" | sha256sum -c --quiet - || die "checksum mismatch for $1"
  rm -rf "${BUILD:?}/$3" && tar -xzf "$1" -C "$BUILD"
}

# ------------------------------------------------------------------ 2a. pgvector (the documentdb extension requires it)
if [ "$(control_version vector)" = "$PGVECTOR_VERSION" ] && [ -f "$PG_LIBDIR/vector.so" ]; then
  log "pgvector $PGVECTOR_VERSION present"
else
  need_root "Installing pgvector into $PG_LIBDIR"
  log "building pgvector $PGVECTOR_VERSION (log: .tools/logs/pgvector.log)"
  unpack "$PGVECTOR_TGZ" "$PGVECTOR_SHA" pgvector
  # OPTFLAGS="": no -march=native, so the binary runs on any x86-64; with_llvm=no: no JIT bitcode.
  { make -C "$BUILD/pgvector" -j"$JOBS" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no &&
    make -C "$BUILD/pgvector" install PG_CONFIG="$PG_CONFIG" OPTFLAGS="" with_llvm=no; } > "$LOGS/pgvector.log" 2>&1 ||
    { tail -n 30 "$LOGS/pgvector.log" >&2; die "pgvector build failed"; }
fi

# ------------------------------------------------------------------ 2b. DocumentDB (pg_documentdb_core, then pg_documentdb)
if [ "$(control_version documentdb)" = "$DOCDB_VERSION" ] && [ "$(control_version documentdb_core)" = "$DOCDB_VERSION" ] &&
  [ -f "$PG_LIBDIR/pg_documentdb.so" ] && [ -f "$PG_LIBDIR/pg_documentdb_core.so" ]; then
  log "DocumentDB $DOCDB_VERSION present"
else
  need_root "Installing DocumentDB into $PG_LIBDIR"
  log "building DocumentDB $DOCDB_VERSION, about 1-2 minutes (log: .tools/logs/documentdb.log)"
  unpack "$DOCDB_TGZ" "$DOCDB_SHA" documentdb
  # Debian ships no pkg-config file for the Intel decimal library (libintelrdfpmath-dev);
  # libbidgcc000.a is the variant upstream builds (CALL_BY_REF=0 GLOBAL_RND=0 GLOBAL_FLAGS=0).
  mkdir -p "$BUILD/pkgconfig"
  cat > "$BUILD/pkgconfig/intelmathlib.pc" <<'EOF'
prefix=/usr
libdir=/usr/lib/x86_64-linux-gnu
includedir=/usr/include

Name: intelmathlib
Description: Intel Decimal Floating-Point Math Library (Debian libintelrdfpmath-dev)
Version: 2.0 Update 2
Cflags: -I${includedir}
Libs: -L${libdir} -l:libbidgcc000.a
EOF
  export PKG_CONFIG_PATH=$BUILD/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
  # Debian's libbson is 1.23; upstream pins 1.28. The only compile error is the missing
  # BSON_SUBTYPE_SENSITIVE (0x08, added in libbson 1.25); defining it makes a switch warn, and
  # upstream builds with -Werror, hence -Wno-error=switch.
  flags=(PG_CONFIG="$PG_CONFIG" with_llvm=no "COPT=-DBSON_SUBTYPE_SENSITIVE=0x08 -Wno-error=switch")
  {
    make -C "$BUILD/documentdb/pg_documentdb_core" -j"$JOBS" "${flags[@]}" &&
      make -C "$BUILD/documentdb/pg_documentdb_core" install "${flags[@]}" &&
      make -C "$BUILD/documentdb/pg_documentdb" -j"$JOBS" "${flags[@]}" &&
      make -C "$BUILD/documentdb/pg_documentdb" install "${flags[@]}"
  } > "$LOGS/documentdb.log" 2>&1 || { tail -n 30 "$LOGS/documentdb.log" >&2; die "DocumentDB build failed"; }
  rm -rf "${BUILD:?}/documentdb"
fi

# ------------------------------------------------------------------ 3. FerretDB v2.5.0 (Go module)
FERRETDB_BIN=$TOOLS/bin/ferretdb
if [ -x "$FERRETDB_BIN" ] && grep -q "version: $FERRETDB_VERSION" <<<"$("$FERRETDB_BIN" --version 2>/dev/null)"; then
  log "FerretDB $FERRETDB_VERSION present"
else
  command -v go > /dev/null || die "Go is not installed. FerretDB $FERRETDB_VERSION is built from source with Go >= 1.24."
  [[ $(go version) =~ go1\.(2[4-9]|[3-9][0-9]) ]] || die "FerretDB $FERRETDB_VERSION needs Go >= 1.24 on PATH (found: $(go version))"
  log "building FerretDB $FERRETDB_VERSION with $(go version | cut -d' ' -f3), about 1-3 minutes (log: .tools/logs/ferretdb.log)"
  export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false
  # `go install module/cmd/ferretdb@v2.5.0` cannot work here: with Go >= 1.25 the module does not
  # compile (below), and a binary built from the module zip lacks build/version/version.txt. So the
  # same checksum-verified module version is downloaded through the proxy and built in place.
  dir=$(cd "$TOOLS" && go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" 2> "$LOGS/ferretdb.log" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] && [ -d "$dir" ] || { cat "$LOGS/ferretdb.log" >&2; die "could not download $FERRETDB_MODULE@$FERRETDB_VERSION"; }
  src=$BUILD/ferretdb
  rm -rf "$src" && cp -r "$dir" "$src" && chmod -R u+w "$src"
  # v2.5.0 defines setGOMAXPROCS only under `//go:build !go1.25`. Go >= 1.25 sets GOMAXPROCS from
  # the container's CPU limit by itself, so a no-op is the right body there.
  cat > "$src/cmd/ferretdb/gomaxprocs_go125.go" <<'EOF'
//go:build go1.25

package main

import "log/slog"

func setGOMAXPROCS(logger *slog.Logger) {}
EOF
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  (cd "$src" && GOFLAGS="-mod=mod -buildvcs=false" go build -trimpath -o "$FERRETDB_BIN.partial" ./cmd/ferretdb) >> "$LOGS/ferretdb.log" 2>&1 ||
    { tail -n 30 "$LOGS/ferretdb.log" >&2; die "FerretDB build failed"; }
  # The output is read whole before matching: `cmd | grep -q` under pipefail fails when grep exits at its
  # match and the command, still writing, gets SIGPIPE (seen once in a clean-clone CI run).
  grep -q "version: $FERRETDB_VERSION" <<<"$("$FERRETDB_BIN.partial" --version)" || die "the built FerretDB does not report $FERRETDB_VERSION"
  mv "$FERRETDB_BIN.partial" "$FERRETDB_BIN"
  rm -rf "$src"
fi
log "ready: PostgreSQL $("$PG_CONFIG" --version | cut -d' ' -f2), DocumentDB $DOCDB_VERSION, pgvector $PGVECTOR_VERSION, FerretDB $FERRETDB_VERSION"
