#!/usr/bin/env bash
# The adoption path, as a user takes it, outside this repository: `npm pack` the tool, then in new application
# directories under a temporary folder:
#   1. an empty directory: npm install <tarball>, bluegreen init, npm start (synth + preflight + plan), and
#      bluegreen --version names the packed version; the
#      directory then holds init's files and cdk.out/, no copy of the tool's source or tests;
#   2. a Python application with three services (test/fixtures/three-services.yaml, whose build.test runs
#      Python's unittest) and its own TypeScript entry point (bluegreen app --entry pipeline.ts) that grants its
#      task role one more permission and sends one path of the web service's host to the worker (README's
#      recipe): npm start, then the synthesized Build step's commands run there
#      (scripts/run-build-step.ts; the guardrails check reads the tool's example file instead of SSM) and must
#      run the application's tests. With CHECK_ADOPTION_KEEP_ASSEMBLY=DIR, its cdk.out is copied to DIR.
# Exits 1 when any check fails.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/check-adoption.XXXXXX")"
trap 'rm -rf "$work"' EXIT
failed=0
fail() {
  echo "check-adoption: FAILED: $*"
  failed=1
}

cd "$repo" && npm pack --silent --pack-destination "$work" > "$work/pack.log" 2>&1 || {
  cat "$work/pack.log"
  echo "check-adoption: FAILED: npm pack"
  exit 1
}
tarball="$(ls "$work"/ecs-bluegreen-pipeline-*.tgz)"
echo "check-adoption: packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"

# `install_tool [SPEC]`: the tool from SPEC (default: the tarball where npm pack left it) as a dev dependency.
install_tool() {
  npm install --save-dev "${1:-$tarball}" --prefer-offline --no-audit --no-fund --loglevel=error > install.log 2>&1 || {
    cat install.log
    return 1
  }
}

# 1. An empty application directory.
app="$work/empty-app"
mkdir "$app" && cd "$app" || exit 1
if install_tool && npx --no bluegreen init > init.log 2> init.err && npm start > start.log 2>&1; then
  grep -q "the pipeline's npm ci cannot read it" init.err ||
    fail "empty app: init did not warn about the tool installed from outside the repository"
  grep -q "^Plan for 'empty-app'" start.log || fail "empty app: npm start printed no plan"
  version="$(node -p "require('$repo/package.json').version")"
  [ "$(./node_modules/.bin/bluegreen --version)" = "$version" ] || fail "empty app: bluegreen --version is not $version"
  [ -f cdk.out/empty-app-pipeline.template.json ] || fail "empty app: no cdk.out/empty-app-pipeline.template.json"
  files="$(find . -path ./node_modules -prune -o -path ./cdk.out -prune -o -type f -print | sort | tr '\n' ' ')"
  expected="./.gitignore ./cdk.json ./init.err ./init.log ./install.log ./package-lock.json ./package.json ./pipeline.config.yaml ./start.log "
  [ "$files" = "$expected" ] || fail "empty app: holds files init should not write: $files"
  echo "check-adoption: empty app: init, npm start: ok"
else
  cat init.log start.log 2> /dev/null | tail -40
  fail "empty app: install, init or npm start"
fi

# The empty app with a database whose secrets rotate and a cache whose token rotates: the packed tool's own
# database-users, database-rotation and cache-rotation bundles are what the prod stack deploys, and the handlers load
# from the package.
if [ -f "$app/start.log" ] && cd "$app"; then
  printf 'database:\n  engine: postgres\n  rotation: { days: 30 }\ncache:\n  rotation: { days: 30 }\n' >> pipeline.config.yaml
  if npm start > start-database.log 2>&1; then
    node -e '
      const fs = require("fs"), path = require("path");
      const dir = fs.readdirSync("cdk.out").find((d) => /^assembly-.*-prod$/.test(d));
      const template = fs.readdirSync(path.join("cdk.out", dir)).find((f) => /Service.*\.template\.json$/.test(f));
      const resources = Object.values(require(path.resolve("cdk.out", dir, template)).Resources);
      for (const handler of ["database-users", "database-rotation", "cache-rotation"]) {
        const fn = resources.find((r) => r.Type === "AWS::Lambda::Function" && String(r.Properties.FunctionName).endsWith("-" + handler));
        if (!fn) throw new Error("no " + handler + " function in the prod stack");
        const asset = path.join("cdk.out", dir, fn.Metadata["aws:asset:path"], "index.js");
        const shipped = path.join("node_modules/ecs-bluegreen-pipeline/bundles", handler, "index.js");
        if (!fs.readFileSync(asset).equals(fs.readFileSync(shipped))) throw new Error(handler + " deploys other code than the package ships");
      }
    ' > database-assets.log 2>&1 || { cat database-assets.log; fail "empty app: the database functions do not deploy the packed bundles"; }
    node -e '
      require("./node_modules/ecs-bluegreen-pipeline/bundles/database-users/index.js")
        .handler({ RequestType: "Delete", PhysicalResourceId: "postgres:app:application", ResourceProperties: {} })
        .then((r) => { if (r.PhysicalResourceId !== "postgres:app:application") throw new Error(JSON.stringify(r)); });
    ' > database-handler.log 2>&1 || { cat database-handler.log; fail "empty app: the packed database-users handler"; }
    CACHE_USER_ID=app-prod-default node -e '
      require("./node_modules/ecs-bluegreen-pipeline/bundles/cache-rotation/index.js")
        .handler({ SecretId: "token", ClientRequestToken: "t", Step: "dropSecret" })
        .then(() => { throw new Error("a step that does not exist was run"); }, (e) => { if (!/dropSecret/.test(e.message)) throw e; });
    ' > cache-handler.log 2>&1 || { cat cache-handler.log; fail "empty app: the packed cache-rotation handler"; }
    echo "check-adoption: empty app: a database and a cache with rotation synthesize the packed functions: ok"
  else
    tail -40 start-database.log
    fail "empty app: npm start with a database"
  fi
fi

# 2. A Python application with three services and its own entry point.
app="$work/python-app"
mkdir -p "$app/tests" "$app/shop" "$app/service" && cd "$app" || exit 1
cat > shop/__init__.py << 'PY'
def total(prices):
    return sum(prices)
PY
cat > tests/test_total.py << 'PY'
import pathlib
import unittest

from shop import total


class TotalTest(unittest.TestCase):
    def test_adds_prices(self):
        pathlib.Path("tests-ran.marker").write_text("ok")
        self.assertEqual(total([1, 2, 3]), 6)
PY
touch tests/__init__.py
printf 'FROM public.ecr.aws/docker/library/python:3.12-slim\nUSER 1000\n' > service/Dockerfile
cat > pipeline.ts << 'TS'
// The application's own entry point: the pipeline from pipeline.config.yaml, plus what the config cannot say.
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createPipelineApp } from 'ecs-bluegreen-pipeline';

const { app } = createPipelineApp({
  extendEnvironment(stage, environment) {
    const { taskDefinitions, webTraffic, workerServices } = stage.serviceStack;
    taskDefinitions.worker.addToTaskRolePolicy(
      new iam.PolicyStatement({
        actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage'],
        resources: [`arn:aws:sqs:${environment.region}:${environment.account}:shop-orders`],
      }),
    );
    // The README's "Several services on one host name": one path of web's host goes to the worker.
    const container = taskDefinitions.worker.defaultContainer!;
    container.addPortMappings({ containerPort: 4000 });
    (webTraffic.web.productionListener as elbv2.IApplicationListener).addTargets('Streaming', {
      priority: 10,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/api/v1/streaming', '/api/v1/streaming/*'])],
      port: 4000,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [workerServices.worker.loadBalancerTarget({ containerName: container.containerName })],
      healthCheck: { path: '/api/v1/streaming/health' },
    });
  },
});
app.synth();
TS
# The tarball committed inside the repository, where the pipeline's npm ci finds it.
mkdir vendor && cp "$tarball" vendor/
if install_tool "./vendor/$(basename "$tarball")" && npx --no bluegreen init > init.log 2> init.err; then
  [ ! -s init.err ] || fail "python app: init warned: $(cat init.err)"
  cp "$repo/test/fixtures/three-services.yaml" pipeline.config.yaml
  printf '{\n  "app": "npx --no bluegreen app --entry pipeline.ts"\n}\n' > cdk.json
  if npm start > start.log 2>&1; then
    grep -q 'application tests: "python3 -m unittest discover -s tests -v" on python 3.12;' start.log ||
      fail "python app: the plan does not name the application's tests"
    grep -q 'sqs:ReceiveMessage' cdk.out/assembly-shop-pipeline-staging/*.template.json ||
      fail "python app: the entry point's task role permission is not in the staging template"
    grep -q '/api/v1/streaming/\*' cdk.out/assembly-shop-pipeline-staging/*.template.json ||
      fail "python app: the entry point's path rule is not in the staging template"
    # The vendored tool reaches the release pipeline with its stack (no registry serves it), at the lockfile's integrity.
    integrity="$(node -p "require('./package-lock.json').packages['node_modules/ecs-bluegreen-pipeline'].integrity")"
    published="$(find cdk.out -maxdepth 1 -name 'asset.*.tgz' | head -1)"
    [ -n "$published" ] && [ "sha512-$(openssl dgst -sha512 -binary "$published" | base64 -w0)" = "$integrity" ] ||
      fail "python app: the release stack does not publish the vendored tool at the lockfile's integrity"
    grep -q 'aws s3 cp --only-show-errors' cdk.out/shop-release.template.json ||
      fail "python app: the release projects do not fetch the tool from the release stack's copy"
    # A release step's install, as the release stack wrote it, of that copy (the S3 fetch copies it here): the tool's
    # dependencies come from the lockfile it ships (npm ci, offline from the npm cache the installs above filled).
    node -e '
      const t = require("./cdk.out/shop-release.template.json");
      const project = Object.values(t.Resources).find((r) => r.Type === "AWS::CodeBuild::Project" && JSON.stringify(r).includes("npm ci --omit=dev"));
      const spec = project.Properties.Source.BuildSpec;
      const text = typeof spec === "string" ? spec : spec["Fn::Join"][1].map((p) => (typeof p === "string" ? p : "TOKEN")).join("");
      console.log(JSON.parse(text).phases.build.commands.slice(0, 2).join("\n"));
    ' | sed "s|/tmp/bluegreen-|$PWD/release-step-|g" > release-install.sh
    mkdir -p fake-aws && printf '#!/bin/sh\ncp "%s" "$5"\n' "$PWD/$published" > fake-aws/aws && chmod +x fake-aws/aws
    echo 'bluegreen --version' >> release-install.sh
    if PATH="$PWD/fake-aws:$PATH" npm_config_offline=true bash -e release-install.sh > release-install.log 2>&1; then
      grep -qx "$(node -p "require('$repo/package.json').version")" release-install.log ||
        fail "python app: the release step's bluegreen is not the packed version: $(tail -3 release-install.log)"
      [ -d release-step-tool/node_modules/aws-cdk-lib ] && [ ! -d release-step-tool/node_modules/jest ] ||
        fail "python app: the release step did not install the tool's production dependencies alone"
      echo "check-adoption: python app: a release step installs the vendored tool from its shipped lockfile: ok"
    else
      tail -20 release-install.log
      fail "python app: a release step's install of the vendored tool"
    fi
    if "$repo/node_modules/.bin/tsx" "$repo/scripts/run-build-step.ts" cdk.out > build-step.log 2>&1; then
      [ -f tests-ran.marker ] || fail "python app: the Build step did not run the application's tests"
      grep -q '^build-step: Test: \$ python3 -m unittest' build-step.log || fail "python app: no Test step with unittest"
      # The guardrails check's SDK client warns on a Node the SDK will drop (engines: Node 22).
      ! grep -q 'NodeVersionSupportWarning' build-step.log || fail "python app: the AWS SDK warned about the Node version"
      echo "check-adoption: python app: entry point, npm start, Build step ($(tail -1 build-step.log | sed 's/^build-step: //')): ok"
      # The release pipeline's Resynthesize, its build commands as the release stack wrote them, run on the same
      # commit in another checkout with another default account: Verify must find the hand-off's candidate to be
      # exactly what it synthesizes (handoff match), so an approval of that commit deploys what the commit gives.
      commit="c0ffee$(printf '%034d' 0)" checkout="$work/release-checkout" resynth="$work/release-resynth"
      mkdir -p "$checkout" "$resynth"
      tar --exclude=./cdk.out --exclude=./node_modules -cf - . | (cd "$checkout" && tar -xf -) && cp -al node_modules "$checkout/"
      node -e '
        const t = require("./cdk.out/shop-release.template.json");
        const [, p] = Object.entries(t.Resources).find(([id, r]) => r.Type === "AWS::CodeBuild::Project" && id.startsWith("Resynthesis"));
        console.log(JSON.parse(p.Properties.Source.BuildSpec).phases.build.commands.join("\n"));
        console.log("echo \"$SYNTHESIS_HASH\" > synthesis-hash.txt");
      ' > "$checkout/resynthesize.sh"
      if (cd "$checkout" && CDK_DEFAULT_ACCOUNT=999999999999 bash -e resynthesize.sh > resynthesize.log 2>&1); then
        cp -r "$checkout/cdk.out" "$resynth/"
        # The gated images by digest, one per repository the prod templates name, as the hand-off writes them.
        images="$(node -e '
          const fs = require("fs");
          const text = fs.readdirSync("cdk.out/assembly-shop-pipeline-prod").filter((f) => f.endsWith(".template.json"))
            .map((f) => fs.readFileSync("cdk.out/assembly-shop-pipeline-prod/" + f, "utf8")).join("");
          for (const service of new Set([...text.matchAll(/shop\/([a-z0-9-]+):local/g)].map((m) => m[1]))) {
            fs.mkdirSync("handoff-images/" + service, { recursive: true });
            fs.writeFileSync("handoff-images/" + service + "/imageDetail.json", JSON.stringify({
              ImageURI: "111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/" + service + "@sha256:" + "d".repeat(64) }));
            process.stdout.write(" --image " + service + "=handoff-images/" + service);
          }
        ')"
        # shellcheck disable=SC2086 # one --image flag per service
        if npx --no bluegreen handoff pack --assembly cdk.out --stage prod=assembly-shop-pipeline-prod $images \
          --include config.yaml=pipeline.config.yaml --commit "$commit" --out candidate > pack.log 2>&1 &&
          npx --no bluegreen handoff match candidate --commit "$commit" --source "$checkout" --synthesized "$resynth" \
            --synthesized-hash "$(cat "$checkout/synthesis-hash.txt")" > match.log 2>&1; then
          [ -n "$images" ] || fail "python app: the prod templates name no image of the application's repositories"
          echo "check-adoption: python app: the release pipeline's Resynthesize of the commit matches its candidate: ok"
        else
          cat pack.log match.log | tail -20
          fail "python app: the candidate is not what the Resynthesize of its commit gives"
        fi
      else
        tail -20 "$checkout/resynthesize.log"
        fail "python app: the Resynthesize build commands"
      fi
      # CI lints this assembly with the examples' (scripts/check-examples.sh three-services.yaml=DIR) rather than
      # synthesizing the same configuration again.
      [ -z "${CHECK_ADOPTION_KEEP_ASSEMBLY:-}" ] || cp -r cdk.out "$CHECK_ADOPTION_KEEP_ASSEMBLY"
    else
      tail -40 build-step.log
      fail "python app: the Build step's commands"
    fi
  else
    tail -40 start.log
    fail "python app: npm start"
  fi
else
  fail "python app: install or init"
fi

[ "$failed" = 0 ] && echo "check-adoption: ok"
exit "$failed"
