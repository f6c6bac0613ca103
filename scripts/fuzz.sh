#!/usr/bin/env bash
# Property-based fuzzing of the whole HTTP API with schemathesis (from PyPI) against a
# locally started service: fresh DATA_DIR (embedded FerretDB), fresh JWT secret, an admin
# token. Fails (non-zero) on any 5xx, on any response that does not match the OpenAPI
# document, and on any "unhandled error" line in the service log.
#
#   npm run fuzz                     # 20 examples per operation
#   FUZZ_MAX_EXAMPLES=50 npm run fuzz
#
# Reports: .tools/fuzz-report/ (junit.xml, events.ndjson, service.log).
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5          # works with Python >= 3.9 (tested on 3.11)
VENV=.tools/fuzz-venv
REPORT_DIR=.tools/fuzz-report
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-20}
BUDGET_SECONDS=${FUZZ_BUDGET_SECONDS:-600}   # hard cap on the schemathesis run
log() { echo "[fuzz] $*" >&2; }

PYTHON=${PYTHON:-python3}
if [ ! -x "$VENV/bin/schemathesis" ] || [ "$("$VENV/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$SCHEMATHESIS_VERSION" ]; then
  log "creating $VENV with schemathesis==$SCHEMATHESIS_VERSION"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

[ -x .tools/bin/ferretdb ] || { log "FerretDB is not installed (.tools/bin/ferretdb): run npm install"; exit 2; }

DATA_DIR=$(mktemp -d "${TMPDIR:-/tmp}/footage-fuzz-XXXXXX")
chmod 711 "$DATA_DIR" # as root, PostgreSQL runs as the postgres user, which must be able to enter it
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
JWT_SECRET=$(node -e 'console.log(require("crypto").randomBytes(48).toString("base64url"))')
export DATA_DIR PORT JWT_SECRET
export HOST=127.0.0.1 LOG_LEVEL=warn SWEEP_INTERVAL_SECONDS=0 NODE_ENV=development
unset MONGODB_URI JWT_PUBLIC_KEY JWT_ALGORITHM JWT_ISSUER JWT_AUDIENCE || true

rm -rf "$REPORT_DIR"
mkdir -p "$REPORT_DIR"
SERVICE_LOG="$REPORT_DIR/service.log"

SERVICE_PID=""
cleanup() {
  if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill -TERM "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVICE_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA_DIR"
}
trap cleanup EXIT

log "starting the service on 127.0.0.1:$PORT (DATA_DIR=$DATA_DIR)"
node --import tsx src/main.ts >"$SERVICE_LOG" 2>&1 &
SERVICE_PID=$!
ready=""
for _ in $(seq 1 300); do
  if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$SERVICE_PID" 2>/dev/null || break
  sleep 0.2
done
[ -n "$ready" ] || { log "the service did not become ready:"; tail -n 30 "$SERVICE_LOG" >&2; exit 2; }

TOKEN=$(npm run -s token -- --role admin --sub fuzz --ttl 1h)

log "schemathesis: not_a_server_error + response_schema_conformance, $MAX_EXAMPLES examples per operation"
set +e
# Run from .tools/ so schemathesis's own cache (.schemathesis/) stays out of the work tree.
# The coverage phase is left out: in schemathesis 4.32.5 it crashed inside hypothesis's own
# lambda-source code ("AST constructor recursion depth mismatch") on POST .../further-delay
# while every generated case passed; the fuzzing and stateful phases still cover every operation.
(cd .tools && timeout "$BUDGET_SECONDS" "$PWD/fuzz-venv/bin/schemathesis" run "http://127.0.0.1:$PORT/openapi.json" \
  --header "Authorization: Bearer $TOKEN" \
  --checks not_a_server_error,response_schema_conformance \
  --phases examples,fuzzing,stateful \
  --max-examples "$MAX_EXAMPLES" \
  --workers 2 \
  --seed "${FUZZ_SEED:-20261122}" \
  --request-timeout 30 \
  --report junit,ndjson --report-dir fuzz-report \
  --output-sanitize true)
st_rc=$?
set -e

# A 5xx that schemathesis did not attribute to a check still leaves its trace in the log.
internal=$(grep -c '"msg":"unhandled error"' "$SERVICE_LOG" || true)
# Count what was sent and what came back, from the recorded interactions.
server_errors=$("$VENV/bin/python" - "$REPORT_DIR" <<'PY'
import collections, glob, json, sys
statuses = collections.Counter()
for name in glob.glob(f"{sys.argv[1]}/*.ndjson"):
    with open(name) as f:
        for line in f:
            event = json.loads(line).get("ScenarioFinished")
            for interaction in ((event or {}).get("recorder") or {}).get("interactions", {}).values():
                response = interaction.get("response") or {}
                statuses[response.get("status_code", "no response")] += 1
total = sum(statuses.values())
five = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500)
print(f"[fuzz] requests sent: {total}; responses by status: {dict(sorted(statuses.items(), key=str))}", file=sys.stderr)
print(five)
PY
)
log "schemathesis exit code: $st_rc; unhandled errors in the service log: $internal; 5xx responses recorded: $server_errors"

if [ "$st_rc" -eq 124 ]; then log "time budget of ${BUDGET_SECONDS}s exceeded"; fi
if [ "$st_rc" -ne 0 ] || [ "$internal" -ne 0 ] || [ "$server_errors" -ne 0 ]; then
  log "FAILED (reports in $REPORT_DIR)"
  exit 1
fi
log "passed: no 5xx, every response matched the OpenAPI document"
