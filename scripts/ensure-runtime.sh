#!/usr/bin/env bash
# Makes a fresh machine ready: Node.js >= 22 (installs Node 24 from the npm registry into
# $HOME/.node24 when the system node is older), dependencies (npm ci when the lockfile changed)
# and a build (when sources are newer than dist/). Source it; it exports PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0; }

if [ -x "$HOME/.node24/bin/node" ]; then export PATH="$HOME/.node24/bin:$PATH"; fi
if ! command -v node >/dev/null 2>&1 || [ "$(node_major)" -lt 22 ]; then
  echo "conclave: installing Node.js 24 into \$HOME/.node24 (system node is $(node --version 2>/dev/null || echo missing))" >&2
  npm install -g --prefix "$HOME/.node24" node@24 >&2
  export PATH="$HOME/.node24/bin:$PATH"
fi

cd "$root"
stamp="node_modules/.conclave-lock-hash"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  echo "conclave: installing dependencies" >&2
  # npm install honours the lockfile; unlike npm ci it tolerates optional platform packages (other OSes'
  # llama.cpp binaries) that a registry mirror does not carry.
  npm install --no-audit --no-fund >&2
  echo "$lock_hash" > "$stamp"
fi

if [ ! -f dist/cli/main.js ] || [ -n "$(find src -newer dist/cli/main.js -name '*.ts' -print -quit)" ]; then
  echo "conclave: building" >&2
  npm run --silent build >&2
fi
