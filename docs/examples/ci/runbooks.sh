#!/bin/sh
# Validates, tests, dry-runs every runbook, runs the CI drill, and leaves the reports in $OUT.
set -eu
# the folder of this script: ci/ in your repository (docs/examples/ci/ in runbook's own)
CI=${CI_DIR:-$(dirname "$0")}
JAR=${RUNBOOK_JAR:-cli/target/runbook.jar}
OUT=${OUT:-build/runbook-reports}
runbook() { java -jar "$JAR" "$@"; }
mkdir -p "$OUT"

# 1. every runbook is valid, with no warning
runbook validate --strict runbooks-yaml

# 2. the runbooks' tests
runbook test runbooks-yaml/tests

# 3. a dry-run of each runbook, with $CI/params/NAME.yaml as its example parameters when there is one
for f in runbooks-yaml/*.yaml; do
  name=$(basename "$f" .yaml)
  set -- run "$f" --dry-run --region eu-west-1
  if [ -f "$CI/params/$name.yaml" ]; then set -- "$@" --params-file "$CI/params/$name.yaml"; fi
  runbook "$@" > "$OUT/$name.dry-run.txt" || { cat "$OUT/$name.dry-run.txt"; exit 1; }
done

# 4. the CI drill, measured and reported; the audit log is kept with the reports
log="$OUT/audit.jsonl"
drill_status=0
runbook run "$CI"/drills/smoke-drill.yaml --drill --yes --ack decide --output json --audit-log "$log" \
  > "$OUT/drill.events.jsonl" || drill_status=$?
run_id=$(sed -n 's/.*"event":"run-started".*"runId":"\([^"]*\)".*/\1/p' "$OUT/drill.events.jsonl" | head -n 1)
runbook report "$run_id" --format junit --audit-log "$log" > "$OUT/drill.junit.xml"
runbook report "$run_id" --format markdown --audit-log "$log" > "$OUT/drill.md"
runbook report "$run_id" --format html --audit-log "$log" > "$OUT/drill.html"
runbook audit verify "$log"
exit "$drill_status"
