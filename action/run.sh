#!/usr/bin/env bash
# The GitHub Action's logic (action.yml runs it). Tested outside GitHub by ActionScriptTest with the
# variables GitHub sets: GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP, INPUT_* (action.yml maps
# each input to INPUT_<NAME>, dashes as underscores).
#
# Which runnerlint runs, first match:
#   RUNNERLINT            a runnerlint command to use as is (a local install)
#   RUNNERLINT_TARBALL    a local release tarball to unpack (air-gapped runners, tests)
#   INPUT_VERSION         a release to download from GitHub (X.Y.Z or vX.Y.Z)
#   RUNNERLINT_ACTION_REF the action's own ref, when it is a release tag vX.Y.Z
#   otherwise             the launcher of the action's checkout (builds with Maven; needs Java 17)
set -uo pipefail

fail() { echo "::error title=runnerlint action::$*" >&2; exit 2; }

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
image="${INPUT_IMAGE:-}"
[ -n "$image" ] || fail "the input 'image' is required"
[ -n "${GITHUB_OUTPUT:-}" ] || fail "GITHUB_OUTPUT is not set (not running in GitHub Actions?)"
repo_url="${RUNNERLINT_RELEASES:-https://github.com/runnerlint/runnerlint/releases/download}"

unpack() { # TARBALL -> prints the runnerlint command
  local dir
  dir="$(mktemp -d "$temp/runnerlint-XXXXXX")" || fail "cannot create a directory under $temp"
  tar -xzf "$1" -C "$dir" || fail "cannot unpack $1"
  local bin=("$dir"/runnerlint-*/bin/runnerlint)
  [ -x "${bin[0]}" ] || fail "$1 holds no runnerlint-*/bin/runnerlint"
  printf '%s\n' "${bin[0]}"
}

if [ -n "${RUNNERLINT:-}" ]; then
  cmd="$RUNNERLINT"
elif [ -n "${RUNNERLINT_TARBALL:-}" ]; then
  cmd="$(unpack "$RUNNERLINT_TARBALL")" || exit 2
else
  version="${INPUT_VERSION:-}"
  if [ -z "$version" ] && [[ "${RUNNERLINT_ACTION_REF:-}" =~ ^v[0-9]+\.[0-9]+\.[0-9]+ ]]; then
    version="$RUNNERLINT_ACTION_REF"
  fi
  if [ -n "$version" ]; then
    version="${version#v}"
    tarball="$temp/runnerlint-$version-linux-x64.tar.gz"
    url="$repo_url/v$version/runnerlint-$version-linux-x64.tar.gz"
    curl -fsSL --retry 3 -o "$tarball" "$url" || fail "cannot download $url"
    cmd="$(unpack "$tarball")" || exit 2
  else
    cmd="$here/runnerlint"
  fi
fi

# Multi-line or space-separated input -> one argument per image.
read -r -d '' -a images <<<"$image"
args=(lint "${images[@]}" --format github)
[ -n "${INPUT_RUNNER_DIR:-}" ] && args+=(--runner-dir "$INPUT_RUNNER_DIR")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
# --values and --mode only when set (older runnerlint releases do not know them).
[ -n "${INPUT_VALUES:-}" ] && args+=(--values "$INPUT_VALUES")
[ -n "${INPUT_MODE:-}" ] && args+=(--mode "$INPUT_MODE")
sarif="${INPUT_SARIF_FILE:-}"
[ -n "$sarif" ] && args+=(--output "sarif=$sarif")
[ -n "${INPUT_JUNIT_FILE:-}" ] && args+=(--output "junit=$INPUT_JUNIT_FILE")
summary=""
case "${INPUT_MARKDOWN_SUMMARY:-true}" in
  true | TRUE | True)
    summary="$(mktemp "$temp/runnerlint-summary-XXXXXX.md")" || fail "cannot create a file under $temp"
    args+=(--output "markdown=$summary")
    ;;
  false | FALSE | False | '') ;;
  *) fail "markdown-summary must be true or false, not '${INPUT_MARKDOWN_SUMMARY}'" ;;
esac

"$cmd" "${args[@]}"
code=$?

if [ -n "$summary" ] && [ -s "$summary" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$summary" >>"$GITHUB_STEP_SUMMARY"
fi
[ -n "$summary" ] && rm -f "$summary"
{
  echo "exit-code=$code"
  if [ -n "$sarif" ] && [ -f "$sarif" ]; then echo "sarif-file=$sarif"; else echo "sarif-file="; fi
} >>"$GITHUB_OUTPUT"
exit "$code"
