#!/bin/sh
# Builds Vikunja's web frontend (Vue) at a pinned release tag into the directory given as $1, for the pipeline's
# frontend step (frontend.buildCommand). The API base is the same origin (/api/v1), so the page never calls
# an HTTP API: CloudFront routes /api/* to the API's TLS listener.
set -eu
out="$1"
version=v2.4.0
rm -rf upstream "$out"
git -c advice.detachedHead=false clone --quiet --depth 1 --branch "$version" https://github.com/go-vikunja/vikunja.git upstream
cd upstream/frontend
corepack enable
pnpm install --frozen-lockfile
pnpm run build # index.html keeps its default API_URL, /api/v1 on the same origin
cd ../..
mv upstream/frontend/dist "$out"
