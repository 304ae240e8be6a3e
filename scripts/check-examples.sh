#!/usr/bin/env bash
# Every examples/*.yaml through the same gates a user's config passes, offline:
#   1. `cdk synth` with PIPELINE_CONFIG pointing at it (cdk-nag and cfn-guard on: any finding fails the synth), and
#      CDK's built-in CloudFormation validation once over all of them at the end (scripts/validate-templates.ts);
#   2. `bluegreen preflight` over that assembly (what AWS would reject at deploy time);
#   3. `cfn-lint` over every template of the assembly, when cfn-lint is installed: errors fail, warnings are
#      printed. cfn-lint's exit status is a set of bit flags: 2 errors, 4 warnings, 8 informational; anything
#      else (1: cfn-lint itself failed) also fails.
# Prints each example's synth time and a summary; exits 1 when any example fails any gate. Two configurations
# are checked at a time (CHECK_EXAMPLES_JOBS).
# `CONFIG=DIR` names an assembly already synthesized from CONFIG through steps 1 and 2 (`npm start` writes
# cdk.out so), which then only goes through cfn-lint: CI does not synthesize the same configuration twice.
# Usage: scripts/check-examples.sh [examples/x.yaml | x.yaml=DIR ...]   (default: every examples/*.yaml)
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -gt 0 ]; then
  configs=("$@")
else
  configs=(examples/*.yaml)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/check-examples.XXXXXX")"
trap 'rm -rf "$work"' EXIT

have_lint=0
if command -v cfn-lint > /dev/null 2>&1; then
  have_lint=1
else
  echo "check-examples: cfn-lint not installed, templates are not linted"
fi

# One configuration through every gate; prints its report and exits 1 when a gate fails.
check_one() {
  local config="${1%%=*}" name out ok=1 start seconds rc
  name="$(basename "$config" .yaml)"
  out="$work/$name"

  if [ "$config" != "$1" ]; then
    out="${1#*=}"
    if [ -f "$out/manifest.json" ]; then
      echo "check-examples: $name: synthesized, gated and preflighted before, in $out"
    else
      echo "check-examples: $name: no assembly in $out"
      ok=0
    fi
  else
    start=$(date +%s%N)
    # CDK's built-in CloudFormation validation runs once over every example below (scripts/validate-templates.ts):
    # in each synth it would build its engine again, a third of the synth's CPU.
    if ! PIPELINE_CONFIG="$config" CDK_VALIDATION=false npx cdk synth --quiet -o "$out" > "$work/$name.synth.log" 2>&1; then
      cat "$work/$name.synth.log"
      ok=0
    fi
    seconds=$(awk -v ns="$(($(date +%s%N) - start))" 'BEGIN { printf "%.1f", ns / 1e9 }')
    echo "check-examples: $name: synth ${seconds} s"

    if [ "$ok" = 1 ] && ! node bin/bluegreen.js preflight "$out"; then
      ok=0
    fi
  fi

  if [ "$ok" = 1 ] && [ "$have_lint" = 1 ]; then
    mapfile -t templates < <(find "$out" -name '*.template.json' | sort)
    # Every region a stack of this assembly deploys to (cfn-lint checks us-east-1 only by default).
    mapfile -t regions < <(grep -rhoE '"environment": "aws://[0-9]+/[a-z0-9-]+"' --include=manifest.json "$out" |
      sed -E 's|.*/([a-z0-9-]+)"$|\1|' | sort -u)
    cfn-lint --format parseable --regions "${regions[@]:-us-east-1}" -- "${templates[@]}" > "$work/$name.lint.log" 2>&1
    rc=$?
    if [ -s "$work/$name.lint.log" ]; then
      sed "s|$out/||" "$work/$name.lint.log"
    fi
    if [ $((rc & ~12)) -ne 0 ]; then
      echo "check-examples: $name: cfn-lint failed (exit $rc: errors or a cfn-lint failure)"
      ok=0
    elif [ $((rc & 4)) -ne 0 ]; then
      echo "check-examples: $name: cfn-lint: warnings only (printed above)"
    fi
  fi

  if [ "$ok" = 1 ]; then
    echo "check-examples: $name: ok"
  else
    echo "check-examples: $name: FAILED"
    return 1
  fi
}

# Two at a time: each synth is one Node process, and CI's machine has two cores. Each report is printed whole,
# in the configured order, once its configuration is done.
total_start=$(date +%s%N)
for config in "${configs[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "${CHECK_EXAMPLES_JOBS:-2}" ]; do wait -n; done
  name="$(basename "${config%%=*}" .yaml)"
  (check_one "$config" > "$work/$name.report" 2>&1 || touch "$work/$name.failed") &
done
wait
failed=()
synthesized=()
for config in "${configs[@]}"; do
  name="$(basename "${config%%=*}" .yaml)"
  cat "$work/$name.report"
  [ -e "$work/$name.failed" ] && failed+=("$name")
  [ "$config" = "${config%%=*}" ] && [ -f "$work/$name/manifest.json" ] && synthesized+=("$work/$name")
done
# The assemblies given as CONFIG=DIR were synthesized with it already (`npm start`, the adoption path).
if [ "${#synthesized[@]}" -gt 0 ] && ! npx tsx scripts/validate-templates.ts "${synthesized[@]}" | sed "s|$work/||"; then
  failed+=("built-in-validation")
fi
total=$(awk -v ns="$(($(date +%s%N) - total_start))" 'BEGIN { printf "%.1f", ns / 1e9 }')

echo "check-examples: ${#configs[@]} examples in ${total} s, ${#failed[@]} failed${failed[*]:+: ${failed[*]}}"
[ "${#failed[@]}" -eq 0 ]
