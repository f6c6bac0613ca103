#!/usr/bin/env node
// Installs FerretDB v1.24.2 (the embedded MongoDB-wire-compatible database used by
// `npm start` without MONGODB_URI and by every test) into .tools/bin/ferretdb.
//
// Runs from `npm install` (postinstall). Idempotent: skips when the right version is present.
//
// Why not plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`?
// We try it first, but it fails in two known ways:
//   1. `go install pkg@version` looks up the module's version list to check for deprecation;
//      some Go module proxies refuse that list for this module (HTTP 403) even though the
//      v1.24.2 module itself is served.
//   2. A binary built straight from the module zip panics at start-up: FerretDB's
//      build/version/version.txt is generated at release time and is not in the module.
//      FerretDB's own docs say to create that file by hand (content: `v1.24.2`).
// So the fallback downloads the same module version through the Go module proxy
// (checksum-verified against go.sum / the checksum database), copies it into .tools/src,
// writes version.txt, and builds it with its own go.mod/go.sum (-mod=readonly).
// `-ldflags=-checklinkname=0` is needed by newer Go for FerretDB's //go:linkname use.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = 'v1.24.2';
const COMMIT = 'cda72d440810406a208c4670aa7047f5bc8d528f';
const MODULE = 'github.com/FerretDB/FerretDB';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const binDir = join(toolsDir, 'bin');
const target = join(binDir, 'ferretdb');

const log = (msg) => console.log(`[ferretdb-install] ${msg}`);
const fail = (msg) => {
  console.error(`[ferretdb-install] ERROR: ${msg}`);
  process.exit(1);
};

function installedVersion() {
  if (!existsSync(target)) return null;
  const r = spawnSync(target, ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const m = /version:\s*(v\S+)/.exec(r.stdout);
  return m ? m[1] : null;
}

if (process.env.SKIP_FERRETDB_INSTALL === '1') {
  log('SKIP_FERRETDB_INSTALL=1: not installing the embedded database.');
  process.exit(0);
}

const current = installedVersion();
if (current === VERSION) {
  log(`FerretDB ${VERSION} already installed at ${target}`);
  process.exit(0);
}

const go = spawnSync('go', ['version'], { encoding: 'utf8' });
if (go.status !== 0) {
  const msg =
    'Go is not installed (the `go` command was not found). The embedded database, FerretDB ' +
    `${VERSION}, is built from source with Go. Install Go >= 1.22, or set MONGODB_URI to a ` +
    'MongoDB server and re-run with SKIP_FERRETDB_INSTALL=1.';
  if (process.env.MONGODB_URI) {
    log(`${msg}\nMONGODB_URI is set, so continuing without the embedded database.`);
    process.exit(0);
  }
  fail(msg);
}
log(`using ${go.stdout.trim()}`);
mkdirSync(binDir, { recursive: true });
const tmpTarget = `${target}.partial`;
rmSync(tmpTarget, { force: true });

function goEnv(extra = {}) {
  return { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=readonly', ...extra };
}

function verify(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes(`version: ${VERSION}`);
}

// 1. The documented way.
log(`go install ${MODULE}/cmd/ferretdb@${VERSION} ...`);
const gobinTmp = join(toolsDir, 'gobin-tmp');
rmSync(gobinTmp, { recursive: true, force: true });
const direct = spawnSync(
  'go',
  ['install', '-trimpath', '-ldflags=-checklinkname=0', `${MODULE}/cmd/ferretdb@${VERSION}`],
  { env: goEnv({ GOBIN: gobinTmp, GOFLAGS: '' }), encoding: 'utf8' },
);
if (direct.status === 0 && verify(join(gobinTmp, 'ferretdb'))) {
  renameSync(join(gobinTmp, 'ferretdb'), target);
  rmSync(gobinTmp, { recursive: true, force: true });
  log(`installed FerretDB ${VERSION} at ${target}`);
  process.exit(0);
}
rmSync(gobinTmp, { recursive: true, force: true });
log(
  `go install did not give a working binary (${(direct.stderr || 'binary fails --version').trim().split('\n').pop()}); ` +
    'building the same module version from the Go module proxy instead.',
);

// 2. Same module version, checksum-verified download, version file written, built in place.
let dir;
try {
  log(`go mod download ${MODULE}@${VERSION} ...`);
  const out = execFileSync('go', ['mod', 'download', '-json', `${MODULE}@${VERSION}`], {
    env: goEnv({ GOFLAGS: '' }),
    encoding: 'utf8',
    cwd: toolsDir,
  });
  dir = JSON.parse(out).Dir;
} catch (e) {
  fail(`could not download ${MODULE}@${VERSION} from the Go module proxy: ${e.message}`);
}
if (!dir || !existsSync(dir)) fail(`go mod download returned no source folder for ${MODULE}@${VERSION}`);
const src = join(toolsDir, 'src', `FerretDB-${VERSION}`);
rmSync(src, { recursive: true, force: true });
mkdirSync(dirname(src), { recursive: true });
cpSync(dir, src, { recursive: true });
execFileSync('chmod', ['-R', 'u+w', src]);
writeFileSync(join(src, 'build/version/version.txt'), `${VERSION}\n`);
writeFileSync(join(src, 'build/version/commit.txt'), `${COMMIT}\n`);
writeFileSync(join(src, 'build/version/package.txt'), 'source\n');
log('go build ./cmd/ferretdb (first build takes about a minute) ...');
const build = spawnSync(
  'go',
  ['build', '-trimpath', '-buildvcs=false', '-ldflags=-checklinkname=0', '-o', tmpTarget, './cmd/ferretdb'],
  { cwd: src, env: goEnv(), stdio: 'inherit' },
);
if (build.status !== 0) fail(`go build of FerretDB ${VERSION} failed (exit ${build.status}); see the output above.`);
if (!verify(tmpTarget)) fail(`the built binary does not report version ${VERSION}`);
chmodSync(tmpTarget, 0o755);
renameSync(tmpTarget, target);
rmSync(src, { recursive: true, force: true });
log(`installed FerretDB ${VERSION} at ${target}`);
