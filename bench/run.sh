#!/usr/bin/env bash
# The benchmarks of runbook, one section each; prints Markdown for docs/performance.md.
#   bench/run.sh                 every section
#   bench/run.sh validate cold   only the sections named
# Sections: machine validate cold dryrun executor aws anchor (all, in that order, by default); jars (only when named:
# JARS="label=path/to/runbook.jar ..." compares other builds' jars with this one, see section_jars).
# Environment: ROUNDS (in-process rounds, default 7), RUNS (cold runs per command, default 10; at least 5),
# ANSIBLE_RUNS (runs per ansible-playbook size, default 5), ANSIBLE_MAX (largest playbook timed, default 1000:
# Ansible takes about 30 ms a task, so 10,000 tasks would take minutes per run).
# Builds the jar, the launcher and the test classes (where the in-process benchmarks live) when missing.
# Every whole-process figure is a median after warm-up runs, beside a baseline measured in the same run.
# To add a benchmark: write a section_NAME function that prints a Markdown section, and add NAME to SECTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
JAR=cli/target/runbook.jar
TEST_CLASSES=cli/target/test-classes
OUT=cli/target/bench
ROUNDS=${ROUNDS:-7}
RUNS=${RUNS:-10}
ANSIBLE_RUNS=${ANSIBLE_RUNS:-5}
ANSIBLE_MAX=${ANSIBLE_MAX:-1000}
LAUNCHER=cli/target/runbook
SECTIONS=(machine validate cold dryrun executor aws anchor)
# The launcher's archive for these runs lives here, not in the user's cache.
export XDG_CACHE_HOME=$REPO/$OUT/cache
export NO_COLOR=1

build() {
  if [[ ! -f $JAR || ! -x $LAUNCHER || ! -f $TEST_CLASSES/dev/runbook/bench/ValidateBenchmark.class ]]; then
    echo "building the jar and test classes (mvn package -DskipTests)..." >&2
    mvn -B -ntp -q package -DskipTests >&2
  fi
  mkdir -p "$OUT"
}

# The launcher records its class-data archive in the background on first use: do that now and wait for it, so that
# every timed launcher run uses it (as every run but a user's very first does).
warm_launcher() {
  # an archive recorded for an older jar is never used again: drop it, so that "an archive exists" means this jar's
  find "$XDG_CACHE_HOME/runbook" -name '*.jsa' ! -newer "$JAR" -delete 2>/dev/null || true
  if ! ls "$XDG_CACHE_HOME"/runbook/*.jsa >/dev/null 2>&1; then
    "$LAUNCHER" --version >/dev/null
    local i
    for i in $(seq 600); do
      if ls "$XDG_CACHE_HOME"/runbook/*.jsa >/dev/null 2>&1 && ! ls -d "$XDG_CACHE_HOME"/runbook/*.lock >/dev/null 2>&1; then
        break
      fi
      sleep 0.2
    done
  fi
  ls "$XDG_CACHE_HOME"/runbook/*.jsa >/dev/null 2>&1 || echo "warning: the launcher made no archive" >&2
}

hello_class() {
  local hello=$OUT/hello
  mkdir -p "$hello"
  if [[ ! -f $hello/Hello.class ]]; then
    echo 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }' > "$hello/Hello.java"
    javac -d "$hello" "$hello/Hello.java"
  fi
  echo "$hello"
}

# Peak resident memory (MB) of a command: the median of 3 runs of /usr/bin/time.
peak_mb() {
  if [[ ! -x /usr/bin/time ]]; then
    echo "n/a"
    return
  fi
  local kb=() t=$OUT/time.txt
  for _ in 1 2 3; do
    /usr/bin/time -o "$t" -f '%M' "$@" >/dev/null 2>&1 || true
    kb+=("$(tail -1 "$t")")
  done
  printf '%s\n' "${kb[@]}" | sort -n | awk 'NR==2 {printf "%.0f", $1 / 1024}'
}

# hyperfine runs to JSON: hf FILE WARMUP RUNS name cmd name cmd ...
hf() {
  local file=$1 warmup=$2 runs=$3
  shift 3
  local args=()
  while [[ $# -gt 0 ]]; do
    args+=(-n "$1" "$2")
    shift 2
  done
  hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$file" "${args[@]}" >/dev/null 2>&1
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

# (b) Cold whole-process: --help and validate of each shipped runbook, plain jar and launcher, against a bare JVM.
section_cold() {
  command -v hyperfine >/dev/null || { echo "## Cold start"; echo; echo "hyperfine is not installed (apt-get install hyperfine): skipped."; echo; return; }
  local hello
  hello=$(hello_class)
  warm_launcher
  local cmds=(hello "java -cp $hello Hello" java-version "java -version"
    "jar --help" "java -jar $JAR --help" "launcher --help" "$LAUNCHER --help")
  local f
  for f in $(find runbooks-yaml -maxdepth 1 -name '*.yaml' ! -name '*.test.yaml' | sort); do
    cmds+=("jar validate $f" "java -jar $JAR validate $f" "launcher validate $f" "$LAUNCHER validate $f")
  done
  hf "$OUT/cold.json" 2 "$RUNS" "${cmds[@]}"
  echo "## Cold start: one whole process per run"
  echo
  echo "Medians of $RUNS runs after 2 warm-up runs each (hyperfine $(hyperfine --version | cut -d' ' -f2), no shell)."
  echo "\`jar\` is \`java -jar cli/target/runbook.jar\`; \`launcher\` is \`cli/target/runbook\` (class-data archive"
  echo "already recorded, C1 only). Peak memory: maximum resident set, median of 3 runs of \`/usr/bin/time\`."
  echo
  echo "| command | median s | min s | max s | / bare JVM hello | peak RSS MB |"
  echo "|---|---:|---:|---:|---:|---:|"
  local i
  for ((i = 0; i < ${#cmds[@]}; i += 2)); do
    local name=${cmds[i]} cmd=${cmds[i+1]}
    # shellcheck disable=SC2086
    python3 - "$OUT/cold.json" "$name" "$(peak_mb $cmd)" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
hello = results["hello"]["median"]
r = results[sys.argv[2]]
print(f"| {sys.argv[2]} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} | {r['median'] / hello:.2f} | {sys.argv[3]} |")
PY
  done
  echo
}

# Generated runbooks of N steps in compact flow style (one line a step), and the equivalent Ansible playbooks.
generate_dryrun() {
  local n=$1 rb=$OUT/dryrun-$1.yaml pb=$OUT/playbook-$1.yml
  if [[ ! -f $rb ]]; then
    {
      echo "runbook: 1"
      echo "name: dry-run-$n"
      echo "parameters: {service: {type: string, default: orders}}"
      echo "steps:"
      awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "- {id: s%d, action: assert, with: {that: \x27${{ params.service != \"\" }}\x27, message: step %d}}\n", i, i }'
    } > "$rb"
  fi
  if [[ ! -f $pb ]]; then
    {
      echo "- hosts: localhost"
      echo "  connection: local"
      echo "  gather_facts: false"
      echo "  vars: {service: orders}"
      echo "  tasks:"
      awk -v n="$n" 'BEGIN { for (i = 1; i <= n; i++) printf "    - {name: s%d, debug: {msg: \"step %d {{ service }}\"}}\n", i, i }'
    } > "$pb"
  fi
}

# (c) Cold run --dry-run of 10 ... 10,000 generated steps against ansible-playbook --check of as many debug tasks.
section_dryrun() {
  command -v hyperfine >/dev/null || { echo "## Dry-run at scale"; echo; echo "hyperfine is not installed: skipped."; echo; return; }
  local hello
  hello=$(hello_class)
  warm_launcher
  local sizes=(10 100 1000 10000) n cmds=(hello "java -cp $hello Hello")
  for n in "${sizes[@]}"; do
    generate_dryrun "$n"
    cmds+=("jar $n" "java -jar $JAR run --dry-run $OUT/dryrun-$n.yaml" "launcher $n" "$LAUNCHER run --dry-run $OUT/dryrun-$n.yaml")
  done
  hf "$OUT/dryrun.json" 1 "$RUNS" "${cmds[@]}"
  local ansible=no
  if command -v ansible-playbook >/dev/null; then
    ansible=$(ansible-playbook --version | head -1)
    local acmds=(hello "java -cp $hello Hello")
    for n in "${sizes[@]}"; do
      if (( n <= ANSIBLE_MAX )); then
        acmds+=("ansible $n" "ansible-playbook --check -i localhost, $OUT/playbook-$n.yml")
      fi
    done
    ANSIBLE_LOCALHOST_WARNING=false ANSIBLE_NOCOLOR=1 hf "$OUT/ansible.json" 1 "$ANSIBLE_RUNS" "${acmds[@]}"
  fi
  echo "## Dry-run at scale: \`run --dry-run\` against \`ansible-playbook --check\`"
  echo
  echo "Generated runbooks of N \`assert\` steps (each renders an expression with a parameter; one line a step, flow"
  echo "style: 10,000 steps are $(du -k "$OUT/dryrun-10000.yaml" | cut -f1) KB) and playbooks of N \`debug\` tasks (localhost, connection local,"
  echo "no facts), both generated by this script into \`$OUT/\`. Runbook: medians of $RUNS runs after 1 warm-up;"
  echo "Ansible ($ansible): medians of $ANSIBLE_RUNS runs after 1 warm-up, sizes up to $ANSIBLE_MAX. The bare JVM"
  echo "hello is timed in each batch. Peak RSS: median of 3 runs of \`/usr/bin/time\`."
  echo
  local mem=()
  for n in "${sizes[@]}"; do
    mem+=("$(peak_mb java -jar "$JAR" run --dry-run "$OUT/dryrun-$n.yaml")" "$(peak_mb "$LAUNCHER" run --dry-run "$OUT/dryrun-$n.yaml")")
    if [[ $ansible != no ]] && (( n <= ANSIBLE_MAX )); then
      mem+=("$(peak_mb ansible-playbook --check -i localhost, "$OUT/playbook-$n.yml")")
    else
      mem+=("")
    fi
  done
  local heap="fails"
  if java -Xmx256m -jar "$JAR" run --dry-run "$OUT/dryrun-10000.yaml" >/dev/null 2>&1; then
    heap="completes"
  fi
  python3 - "$OUT/dryrun.json" "$OUT/ansible.json" "$ansible" "$heap" "${mem[@]}" <<'PY'
import json, os, sys
rb = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
an = {}
if sys.argv[3] != "no" and os.path.exists(sys.argv[2]):
    an = {r["command"]: r for r in json.load(open(sys.argv[2]))["results"]}
heap = sys.argv[4]
mem = sys.argv[5:]
sizes = [10, 100, 1000, 10000]
print("| steps | jar s | launcher s | ansible --check s | ansible / launcher | ansible / jar | peak RSS MB jar / launcher / ansible |")
print("|---:|---:|---:|---:|---:|---:|---|")
for i, n in enumerate(sizes):
    j = rb[f"jar {n}"]["median"]; l = rb[f"launcher {n}"]["median"]
    a = an.get(f"ansible {n}", {}).get("median")
    cells = [f"{n:,}", f"{j:.3f}", f"{l:.3f}", f"{a:.2f}" if a else "not run", f"**{a / l:.1f}x**" if a else "",
             f"{a / j:.1f}x" if a else "", " / ".join(m for m in mem[3 * i:3 * i + 3] if m)]
    print("| " + " | ".join(cells) + " |")
print()
print(f"Bare JVM hello in the same batch: {rb['hello']['median']:.3f} s"
      + (f" (Ansible batch: {an['hello']['median']:.3f} s)" if an else "") + ".")
def fit(xs, ys):
    mx = sum(xs) / len(xs); my = sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    ss = sum((y - my) ** 2 for y in ys); se = sum((y - a - b * x) ** 2 for x, y in zip(xs, ys))
    return a, b, 1 - se / ss
for label, key in (("jar", "jar"), ("launcher", "launcher")):
    a, b, r2 = fit(sizes, [rb[f"{key} {n}"]["median"] for n in sizes])
    print(f"Fit, {label}: time = {a:.3f} s + {b * 1e3:.3f} ms per step (least squares over 10 ... 10,000 steps, R^2 = {r2:.4f}).")
if an:
    xs = [n for n in sizes if f"ansible {n}" in an]
    if len(xs) >= 2:
        a, b, r2 = fit(xs, [an[f"ansible {n}"]["median"] for n in xs])
        print(f"Fit, Ansible: time = {a:.3f} s + {b * 1e3:.2f} ms per task (R^2 = {r2:.4f}).")
print()
print(f"10,000-step dry-run under `-Xmx256m`: {heap}.")
PY
  echo
}

# (d) In-process executor overhead, and the run with the audit log (fsync on and off) against the disk's raw rate.
section_executor() {
  local cp="$JAR:$TEST_CLASSES" main=dev.runbook.bench.ExecutorBenchmark
  echo "## Executor overhead (in-process)"
  echo
  echo "Command: \`java -cp $cp $main $ROUNDS\` (no-op steps, no journal, the listener ignores events; parsing"
  echo "outside the timing), then \`... $main 5 audit $OUT/audit\` (1,000 no-op steps with the hash-chained audit log"
  echo "as the journal, on the disk of \`$OUT/\`: $(df -T "$OUT" | awk 'NR==2 {print $2}'))."
  echo
  echo '```'
  java -Xmx512m -cp "$cp" $main "$ROUNDS"
  java -Xmx512m -cp "$cp" $main 5 audit "$OUT/audit"
  echo '```'
  echo
}

# (e) Start to the first AWS request: a run whose first call goes to a local stand-in that answers like STS.
section_aws() {
  local hello
  hello=$(hello_class)
  warm_launcher
  local rb=$OUT/aws-first-request.yaml
  cat > "$rb" <<'YAML'
runbook: 1
name: aws-first-request
steps:
  - {id: who, action: aws.sts.get-caller-identity}
YAML
  echo "## Start to the first AWS request"
  echo
  echo "\`run $rb --endpoint-url http://127.0.0.1:PORT --region us-east-1\` with dummy static keys; a local"
  echo "stand-in answers every request as STS GetCallerIdentity would. The figure is the time from just before the"
  echo "process is started to the stand-in receiving the first request (the run's caller-identity check), medians of"
  echo "$RUNS runs after 1 warm-up, beside a bare JVM hello timed the same way in the same batch."
  echo
  python3 - "$RUNS" "$JAR" "$LAUNCHER" "$rb" "$hello" "$OUT/aws-audit.jsonl" <<'PY'
import http.server, os, statistics, subprocess, sys, threading, time
runs, jar, launcher, rb, hello, audit = int(sys.argv[1]), *sys.argv[2:]
BODY = (b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
        b'<Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDABENCH</UserId><Account>123456789012</Account>'
        b'</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>'
        b'</GetCallerIdentityResponse>')
first = []
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        t = time.monotonic()
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if first and first[-1] is None:
            first[-1] = t
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    do_GET = do_POST
    def log_message(self, *a):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true",
           RUNBOOK_AUDIT_LOG=audit, NO_COLOR="1")
def once(cmd, aws=True):
    first.append(None)
    t0 = time.monotonic()
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd if os.path.exists("/usr/bin/time") else cmd,
                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    end = time.monotonic()
    rss = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else "0"
    t = (first[-1] - t0) if aws else (end - t0)
    return t, end - t0, p.returncode, int(rss) / 1024 if rss.isdigit() else float("nan")
cases = [("bare JVM hello (whole process)", ["java", "-cp", hello, "Hello"], False),
         ("jar: first request", ["java", "-jar", jar, "run", rb, "--endpoint-url", url, "--region", "us-east-1"], True),
         ("launcher: first request", [launcher, "run", rb, "--endpoint-url", url, "--region", "us-east-1"], True)]
results = {name: [] for name, _, _ in cases}
for r in range(runs + 1):
    for name, cmd, aws in cases:
        t = once(cmd, aws)
        if r > 0:
            results[name].append(t)
print("| command | median s to first request | min s | max s | whole run median s | exit codes | peak RSS MB |")
print("|---|---:|---:|---:|---:|---|---:|")
for name, _, aws in cases:
    rs = results[name]
    firsts = [x[0] for x in rs if x[0] is not None]
    whole = statistics.median(x[1] for x in rs)
    codes = ",".join(sorted({str(x[2]) for x in rs}))
    mem = statistics.median(x[3] for x in rs)
    if firsts:
        print(f"| {name} | {statistics.median(firsts):.3f} | {min(firsts):.3f} | {max(firsts):.3f} | {whole:.3f} | {codes} | {mem:.0f} |")
    else:
        print(f"| {name} | no request | | | {whole:.3f} | {codes} | {mem:.0f} |")
server.shutdown()
PY
  echo
}

# (f) Jar size and cold start-up of other builds beside this one, interleaved round by round in one batch:
# JARS="before=/tmp/old/cli/target/runbook.jar ..." bench/run.sh jars. Per jar: its size, `--help`, `validate` of a
# shipped runbook and of a runbook of aws.call steps (where the jar knows aws.call), and the time to the first AWS
# request (as section_aws). Plain `java -jar` (no class-data archive): what the jar's growth costs a cold JVM.
section_jars() {
  local hello
  hello=$(hello_class)
  local rb=$OUT/aws-first-request.yaml call=$OUT/aws-call-validate.yaml
  cat > "$rb" <<'YAML'
runbook: 1
name: aws-first-request
steps:
  - {id: who, action: aws.sts.get-caller-identity}
YAML
  cat > "$call" <<'YAML'
runbook: 1
name: aws-call-validate
steps:
  - id: backups
    action: aws.call
    with: { service: dynamodb, operation: ListBackups, parameters: { TableName: orders, Limit: 5 } }
  - id: clusters
    action: aws.call
    with: { service: rds, operation: describe-db-clusters, parameters: { DBClusterIdentifier: orders } }
  - id: scale
    action: aws.call
    confirm: true
    with: { service: ecs, operation: UpdateService, parameters: { cluster: prod, service: web, desiredCount: 0 } }
YAML
  echo "## Jar size and cold start-up, build against build"
  echo
  echo "Each jar in turn within every round (so that load on the machine falls on all alike), medians of $RUNS rounds"
  echo "after 1 warm-up: \`java -jar JAR --help\`, \`validate runbooks-yaml/dynamodb-pitr-restore.yaml\`, \`validate\`"
  echo "of three aws.call steps (jars that know aws.call), and start to the first AWS request of"
  echo "\`run $rb\` against a local stand-in answering as STS; CPU is the"
  echo "process's own user+sys time, which load on the machine disturbs less than wall time (for the AWS request the"
  echo "whole run's). Load average at the start: $(cut -d" " -f1-3 /proc/loadavg)."
  echo
  python3 - "$RUNS" "$hello" "$rb" "$call" "$OUT/jars-audit.jsonl" "this=$JAR" ${JARS:-} <<'PY'
import http.server, os, resource, statistics, subprocess, sys, threading, time
runs, hello, rb, call, audit = int(sys.argv[1]), *sys.argv[2:6]
jars = [a.split("=", 1) for a in sys.argv[6:]]
jars = jars[1:] + jars[:1]
BODY = (b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
        b'<Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDABENCH</UserId><Account>123456789012</Account>'
        b'</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>'
        b'</GetCallerIdentityResponse>')
first = []
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        t = time.monotonic()
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if first and first[-1] is None:
            first[-1] = t
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *a):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true",
           RUNBOOK_AUDIT_LOG=audit, NO_COLOR="1")
def once(cmd, aws=False):
    first.append(None)
    u0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic()
    u1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
    if aws:
        return None if first[-1] is None else (first[-1] - t0, cpu)
    return (end - t0, cpu) if p.returncode == 0 else None
def knows_call(jar):
    return subprocess.run(["java", "-jar", jar, "validate", call], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0
cases = [("hello", "bare JVM hello", None, ["java", "-cp", hello, "Hello"], False)]
for label, jar in jars:
    cases += [(label, "--help", jar, ["java", "-jar", jar, "--help"], False),
              (label, "validate dynamodb-pitr-restore", jar,
               ["java", "-jar", jar, "validate", "runbooks-yaml/dynamodb-pitr-restore.yaml"], False),
              (label, "first AWS request", jar, ["java", "-jar", jar, "run", rb, "--endpoint-url", url,
                                                 "--region", "us-east-1"], True)]
    if knows_call(jar):
        cases.append((label, "validate 3 aws.call steps", jar, ["java", "-jar", jar, "validate", call], False))
results = {(c[0], c[1]): [] for c in cases}
for r in range(runs + 1):
    for label, what, jar, cmd, aws in cases:
        t = once(cmd, aws)
        if r > 0 and t is not None:
            results[(label, what)].append(t)
print("| jar | bytes | what | median s | min s | max s | median CPU s (user+sys, whole process) |")
print("|---|---:|---|---:|---:|---:|---:|")
for label, what, jar, cmd, aws in cases:
    ts = [t for t, _ in results[(label, what)]]
    cpu = [c for _, c in results[(label, what)]]
    size = f"{os.path.getsize(jar):,}" if jar else ""
    if ts:
        print(f"| {label} | {size} | {what} | {statistics.median(ts):.3f} | {min(ts):.3f} | {max(ts):.3f} "
              f"| {statistics.median(cpu):.3f} |")
    else:
        print(f"| {label} | {size} | {what} | failed | | | |")
server.shutdown()
PY
  echo
}

# (g) What checkpoints cost: runs of 10 and 40 mutating exec steps with no anchor, a file anchor and an S3 stand-in;
# the cost per step is the slope between the two sizes, so that start-up (the SDK's first client) is not counted in it.
section_anchor() {
  local small=10 large=${ANCHOR_STEPS:-40} n i
  for n in $small $large; do
    {
      echo "runbook: 1"
      echo "name: anchor-steps"
      echo "steps:"
      for i in $(seq "$n"); do
        echo "  - {id: s$i, action: exec, with: {command: ['true']}}"
      done
    } > "$OUT/anchor-steps-$n.yaml"
  done
  echo "## Anchors: the cost of a checkpoint per mutating step"
  echo
  echo "\`java -jar $JAR run $OUT/anchor-steps-N.yaml --yes\` (N = $small and $large mutating \`exec\` steps of \`true\`;"
  echo "a checkpoint after each, plus the run's start and end) with no anchor, with \`--anchor file:///...\` (on the"
  echo "disk of \`$OUT/\`) and with \`--anchor s3://bench-anchors/p --endpoint s3=http://127.0.0.1:PORT\` (a local"
  echo "stand-in answering as S3 with Object Lock enabled, so every put carries the retention headers). Whole-process"
  echo "medians of $RUNS rounds after 1 warm-up, all six alternating in each round. Per step: (median at $large -"
  echo "median at $small) / $((large - small)), which leaves out what a run pays once (JVM, SDK client); the ratio"
  echo "compares that per-step cost with the one without anchor. Requests: what the stand-in received in one run."
  echo
  python3 - "$RUNS" "$JAR" "$OUT" "$small" "$large" <<'PY'
import http.server, os, statistics, subprocess, sys, threading, time
runs, jar, out, small, large = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
LOCK = (b'<ObjectLockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
        b'<ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>')
count = [0]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self, body=b""):
        count[0] += 1
        n = int(self.headers.get("Content-Length", 0))
        if n:
            self.rfile.read(n)
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("ETag", '"0"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        self.answer(LOCK if "object-lock" in self.path else b"")
    def do_PUT(self):
        self.answer()
    def log_message(self, *a):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_REGION="us-east-1",
           AWS_EC2_METADATA_DISABLED="true", NO_COLOR="1", RUNBOOK_AUDIT_LOG=os.path.join(out, "anchor-audit.jsonl"))
cases = [("no anchor", []), ("file anchor", ["--anchor", "file://" + os.path.abspath(out) + "/anchor-bench.jsonl"]),
         ("S3 stand-in", ["--anchor", "s3://bench-anchors/p", "--endpoint", "s3=" + url])]
times = {(name, n): [] for name, _ in cases for n in (small, large)}
requests = {}
for r in range(runs + 1):
    for n in (small, large):
        for name, extra in cases:
            before = count[0]
            t0 = time.monotonic()
            p = subprocess.run(["java", "-jar", jar, "run", os.path.join(out, f"anchor-steps-{n}.yaml"), "--yes"]
                               + extra, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            t = time.monotonic() - t0
            if p.returncode != 0 or "warning" in p.stderr:
                sys.exit(f"{name}: exit {p.returncode}: {p.stderr}")
            requests[(name, n)] = count[0] - before
            if r > 0:
                times[(name, n)].append(t)
def per_step(name):
    return (statistics.median(times[(name, large)]) - statistics.median(times[(name, small)])) / (large - small)
none = per_step("no anchor")
print(f"| anchor | median s, {small} steps | median s, {large} steps | per step ms | ratio to no anchor | "
      f"checkpoint cost per step ms | requests ({small} / {large} steps) |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, _ in cases:
    ps = per_step(name)
    req = f"{requests[(name, small)]} / {requests[(name, large)]}" if name == "S3 stand-in" else "-"
    print(f"| {name} | {statistics.median(times[(name, small)]):.3f} | {statistics.median(times[(name, large)]):.3f} | "
          f"{ps * 1000:.1f} | {ps / none:.2f} | {(ps - none) * 1000:.1f} | {req} |")
server.shutdown()
PY
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
  echo "Load average at the end: $(cut -d" " -f1-3 /proc/loadavg)."
}

main "$@"
