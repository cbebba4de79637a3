#!/usr/bin/env bash
# The benchmarks of runbook, one section each; prints Markdown for docs/performance.md.
#   bench/run.sh                 every section
#   bench/run.sh validate cold   only the sections named
# Environment: ROUNDS (in-process rounds, default 7), RUNS (cold runs per command, default 10).
# Builds the jar (and the test classes the in-process benchmarks live in) when missing.
# To add a benchmark (executor overhead, audit fsync, dry-run at scale): write a section_NAME function that prints
# a Markdown section, and add NAME to SECTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
JAR=cli/target/runbook.jar
TEST_CLASSES=cli/target/test-classes
OUT=cli/target/bench
ROUNDS=${ROUNDS:-7}
RUNS=${RUNS:-10}
SECTIONS=(machine validate cold)

build() {
  if [[ ! -f $JAR || ! -f $TEST_CLASSES/dev/runbook/bench/ValidateBenchmark.class ]]; then
    echo "building the jar and test classes (mvn package -DskipTests)..." >&2
    mvn -B -ntp -o -q package -DskipTests >&2
  fi
  mkdir -p "$OUT"
}

section_machine() {
  echo "## Machine"
  echo
  echo '```'
  echo "date:   $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc:  $(nproc)"
  echo "load:   $(cut -d" " -f1-3 /proc/loadavg) (1, 5, 15 min; other work on the machine skews every timing)"
  echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')"
  free -h | sed 's/^/free:   /'
  java -version 2>&1 | sed 's/^/java:   /'
  echo '```'
  echo
}

# (a) In-process: parse + check of generated runbooks (work only, no JVM start-up), heap capped.
section_validate() {
  local cp="$JAR:$TEST_CLASSES" main=dev.runbook.bench.ValidateBenchmark
  echo "## Validate at scale (in-process work, no JVM start-up)"
  echo
  echo "Generated runbooks: a chain where each step reads the previous step's output, with a join (\`needs\` of two"
  echo "steps) and a parameter read every tenth step. Source: \`cli/src/test/java/dev/runbook/bench/ValidateBenchmark.java\`."
  echo
  echo "### One validation in a fresh JVM, as \`runbook validate\` does it (-Xmx256m)"
  echo
  echo "Command: \`java -Xmx256m -cp $cp $main once STEPS\`, 3 JVMs per size, median."
  echo "Live heap: in use after a full GC with the parsed runbook and its diagnostics still held."
  echo
  echo "| steps | work ms (median of 3 JVMs) | of which parse ms | of which check ms | all runs ms | live heap MB |"
  echo "|---:|---:|---:|---:|---|---:|"
  local n
  for n in 500 5000 50000; do
    local lines
    lines=$(for _ in 1 2 3; do java -Xmx256m -cp "$cp" $main once $n; done)
    echo "$lines" | sort -k2 -n | awk -v all="$(echo "$lines" | awk '{printf "%s%s", sep, $2; sep=", "}')" \
      'NR==2 {printf "| %\047d | %s | %s | %s | %s | %s |\n", $1, $2, $4, $5, all, $3}'
  done
  echo
  echo "### Heap margin for 5,000 steps"
  echo
  local cap
  for cap in 256m 64m 32m 16m; do
    if java -Xmx$cap -cp "$cp" $main once 5000 >/dev/null 2>&1; then
      echo "- \`-Xmx$cap\`: completes"
    else
      echo "- \`-Xmx$cap\`: fails (OutOfMemoryError or similar)"
    fi
  done
  echo
  echo "### Steady state and linearity (-Xmx256m)"
  echo
  echo "Command: \`java -Xmx256m -cp $cp $main steady $ROUNDS\`: every size warmed up first, then medians of $ROUNDS rounds."
  echo
  java -Xmx256m -cp "$cp" $main steady "$ROUNDS" | sed '/^max heap/{s/^/JVM: /;G}'
  echo
}

# (b) Cold whole-process: validate of one shipped runbook against java -version and a bare JVM hello.
section_cold() {
  local runbook hello
  runbook=$(find runbooks-yaml -name '*.yaml' | sort | head -1)
  hello=$OUT/hello
  mkdir -p "$hello"
  if [[ ! -f $hello/Hello.class ]]; then
    echo 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }' > "$hello/Hello.java"
    javac -d "$hello" "$hello/Hello.java"
  fi
  local validate="java -jar $JAR validate $runbook"
  local version="java -version"
  local bare="java -cp $hello Hello"
  echo "## Cold start: one whole process per run"
  echo
  if command -v hyperfine >/dev/null; then
    echo "Medians of $RUNS runs after 2 warm-up runs each (hyperfine $(hyperfine --version | cut -d' ' -f2))."
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/cold.json" \
      -n validate "$validate" -n java-version "$version" -n hello "$bare" >/dev/null 2>&1 \
      || hyperfine --warmup 2 --runs "$RUNS" --export-json "$OUT/cold.json" \
      -n validate "$validate" -n java-version "$version" -n hello "$bare" >/dev/null
    python3 - "$OUT/cold.json" "$runbook" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
base = results["java-version"]["median"]
hello = results["hello"]["median"]
print()
print("| command | median s | min s | max s | / java -version | / bare hello |")
print("|---|---:|---:|---:|---:|---:|")
for name, label in (("validate", f"`runbook validate {sys.argv[2]}`"), ("java-version", "`java -version`"),
                    ("hello", "`java -cp . Hello` (bare JVM hello)")):
    r = results[name]
    print(f"| {label} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {r['median'] / base:.2f} | {r['median'] / hello:.2f} |")
print()
print(f"Ratio: cold `runbook validate` = **{results['validate']['median'] / base:.2f} x** `java -version` "
      f"({results['validate']['median'] - base:.3f} s more), measured in the same run.")
PY
  else
    echo "hyperfine not found: medians of $RUNS runs after 2 warm-up runs, timed with date +%s%N."
    echo
    echo "| command | median s |"
    echo "|---|---:|"
    local cmd
    for cmd in "$validate" "$version" "$bare"; do
      $cmd >/dev/null 2>&1; $cmd >/dev/null 2>&1
      local times=()
      for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s%N); $cmd >/dev/null 2>&1; t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000000 )))
      done
      local median
      median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
      printf '| `%s` | %.3f |\n' "$cmd" "$(echo "$median / 1000" | bc -l)"
    done
  fi
  echo
}

main() {
  build
  local wanted=("$@")
  [[ ${#wanted[@]} -eq 0 ]] && wanted=("${SECTIONS[@]}")
  echo "# Benchmark results"
  echo
  echo "Produced by \`bench/run.sh ${*}\` in $REPO."
  echo
  for s in "${wanted[@]}"; do
    "section_$s"
  done
}

main "$@"
