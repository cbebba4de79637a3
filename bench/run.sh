#!/usr/bin/env bash
# The benchmarks of runbook, one section each; prints Markdown for docs/performance.md.
#   bench/run.sh                 every section
#   bench/run.sh validate cold   only the sections named
# Sections: machine validate cold dryrun executor aws awscli library anchor (all, in that order, by default); jars (only when named:
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
SECTIONS=(machine validate cold dryrun executor aws awscli library anchor)
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

# (h) AWS read steps against the AWS CLI: a runbook of N aws.sts.get-caller-identity steps, and a bash script of the
# same N `aws sts get-caller-identity` calls, against one local stand-in answering as STS; the per-step cost of a typed
# AWS step after the first is the slope between N = 10 and N = 50.
section_awscli() {
  warm_launcher
  local aws=${AWS_CLI:-}
  if [[ -z $aws ]]; then
    if [[ -x /usr/bin/aws ]]; then aws=/usr/bin/aws; else aws=$(command -v aws || true); fi
  fi
  local n i
  for n in 1 10 50; do
    {
      echo "runbook: 1"
      echo "name: aws-reads-$n"
      echo "steps:"
      for i in $(seq "$n"); do
        echo "  - {id: who$i, action: aws.sts.get-caller-identity}"
      done
    } > "$OUT/aws-reads-$n.yaml"
    {
      echo '#!/bin/bash'
      echo 'set -euo pipefail'
      for i in $(seq "$n"); do
        echo "\"$aws\" sts get-caller-identity --endpoint-url \"\$URL\" --region us-east-1 --output json >/dev/null"
      done
    } > "$OUT/aws-reads-$n.sh"
    chmod +x "$OUT/aws-reads-$n.sh"
  done
  echo "## AWS read steps against the AWS CLI"
  echo
  echo "\`$LAUNCHER run $OUT/aws-reads-N.yaml --endpoint-url http://127.0.0.1:PORT --region us-east-1\` (N"
  echo "\`aws.sts.get-caller-identity\` steps, audited, plus the run's own caller-identity check) against"
  echo "\`bash $OUT/aws-reads-N.sh\` (the same N calls of \`$aws sts get-caller-identity --endpoint-url ...\`:"
  echo "$("$aws" --version 2>&1 | head -1)), dummy static keys, one local stand-in answering every request as STS"
  echo "GetCallerIdentity (Python, one write per answer, TCP_NODELAY). Whole-process medians: runbook ${RUNS} runs"
  echo "after 1 warm-up, the CLI script ${AWSCLI_RUNS:-3} runs after 1 warm-up, alternating. Per step: (median at 50 -"
  echo "median at 10) / 40, which leaves out what a run pays once (JVM, SDK client, first request)."
  echo
  if [[ -z $aws ]]; then
    echo "(no aws CLI: \`apt-get install awscli\`; the CLI rows are skipped)"
    echo
  fi
  python3 - "$RUNS" "${AWSCLI_RUNS:-3}" "$LAUNCHER" "$OUT" "$aws" <<'PY'
import http.server, os, socket, statistics, subprocess, sys, threading, time
runs, cli_runs, launcher, out, aws = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
BODY = (b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
        b'<Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDABENCH</UserId><Account>123456789012</Account>'
        b'</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>'
        b'</GetCallerIdentityResponse>')
ANSWER = (b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nx-amzn-RequestId: 1\r\nContent-Length: "
          + str(len(BODY)).encode() + b"\r\n\r\n" + BODY)
count = [0]
busy = [0.0]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    def do_POST(self):
        t = time.perf_counter()
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.wfile.write(ANSWER)
        self.wfile.flush()
        count[0] += 1
        busy[0] += time.perf_counter() - t
    do_GET = do_POST
    def log_message(self, *a):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}"
env = dict(os.environ, AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench", AWS_EC2_METADATA_DISABLED="true",
           AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_PAGER="",
           RUNBOOK_AUDIT_LOG=os.path.join(out, "awscli-audit.jsonl"), NO_COLOR="1", URL=url)
sizes = (1, 10, 50)
times = {}
requests = {}
def once(kind, n):
    cmd = ([launcher, "run", os.path.join(out, f"aws-reads-{n}.yaml"), "--endpoint-url", url, "--region", "us-east-1"]
           if kind == "runbook" else ["bash", os.path.join(out, f"aws-reads-{n}.sh")])
    before = count[0]
    t0 = time.monotonic()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    t = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(f"{kind} {n}: exit {p.returncode}: {p.stderr[-2000:]}")
    requests[(kind, n)] = count[0] - before
    return t
kinds = ["runbook"] + (["aws CLI"] if aws else [])
for r in range(max(runs, cli_runs) + 1):
    for n in sizes:
        for kind in kinds:
            if kind == "aws CLI" and r > cli_runs:
                continue
            t = once(kind, n)
            if r > 0:
                times.setdefault((kind, n), []).append(t)
med = {k: statistics.median(v) for k, v in times.items()}
print("| steps | runbook (launcher) s | aws CLI script s | CLI / runbook | requests runbook / CLI |")
print("|---:|---:|---:|---:|---|")
for n in sizes:
    rb = med[("runbook", n)]
    cl = med.get(("aws CLI", n))
    ratio = f"**{cl / rb:.1f}x**" if cl else ""
    req = f"{requests[('runbook', n)]} / {requests.get(('aws CLI', n), '-')}"
    print(f"| {n} | {rb:.3f} | {cl:.3f} | {ratio} | {req} |" if cl else f"| {n} | {rb:.3f} | not run | | {req} |")
print()
rb_step = (med[("runbook", 50)] - med[("runbook", 10)]) / 40
print(f"Per typed AWS step after the first (runbook): **{rb_step * 1000:.1f} ms** ((t(50) - t(10)) / 40).")
if aws:
    cl_step = (med[("aws CLI", 50)] - med[("aws CLI", 10)]) / 40
    print(f"Per `aws` call (CLI script): {cl_step * 1000:.0f} ms.")
print(f"Stand-in's own time per request (read, answer): {busy[0] / max(1, count[0]) * 1000:.2f} ms.")
server.shutdown()
PY
  echo
}

# (i) A library: `runbook validate DIR` of 1,000 generated runbook files of 20 steps in one JVM, beside
# `ansible-playbook --syntax-check` of generated playbooks of 20 tasks (all in one process, and one process per
# playbook for a sample); per-file cost.
section_library() {
  warm_launcher
  local files=${LIBRARY_FILES:-1000} dir=$OUT/library pdir=$OUT/playbooks i j
  rm -rf "$dir" "$pdir"
  mkdir -p "$dir" "$pdir"
  for i in $(seq "$files"); do
    {
      echo "runbook: 1"
      echo "name: lib-$i"
      echo "description: generated runbook $i of the library benchmark"
      echo "parameters:"
      echo "  env: { type: string, default: staging }"
      echo "steps:"
      echo "  - id: s1"
      echo "    action: exec"
      echo "    with: { command: [echo, '\${{ params.env }}'], read-only: true }"
      for j in $(seq 2 20); do
        echo "  - id: s$j"
        case $((j % 4)) in
          0) echo "    action: assert"
             echo "    with: { that: '\${{ steps.s$((j - 1)).status == \"succeeded\" }}' }" ;;
          1) echo "    action: exec"
             echo "    with: { command: [echo, '\${{ steps.s1.outputs.stdout }}', '$j'], read-only: true }" ;;
          2) echo "    action: http"
             echo "    with: { url: 'https://example.invalid/health/$j' }" ;;
          3) echo "    action: sleep"
             echo "    with: { duration: 1s }" ;;
        esac
      done
    } > "$dir/rb-$i.yaml"
    {
      echo "- hosts: localhost"
      echo "  connection: local"
      echo "  gather_facts: false"
      echo "  vars: { env: staging }"
      echo "  tasks:"
      echo "    - name: t1"
      echo "      command: echo {{ env }}"
      echo "      register: s1"
      for j in $(seq 2 20); do
        echo "    - name: t$j"
        case $((j % 4)) in
          0) echo "      assert: { that: ['s1 is succeeded'] }" ;;
          1) echo "      command: echo {{ s1.stdout }} $j" ;;
          2) echo "      uri: { url: 'https://example.invalid/health/$j' }" ;;
          3) echo "      pause: { seconds: 1 }" ;;
        esac
      done
    } > "$pdir/pb-$i.yml"
  done
  echo "## Validating a library: \`runbook validate DIR\` against \`ansible-playbook --syntax-check\`"
  echo
  echo "$files generated runbooks of 20 steps (exec, assert, http, sleep; expressions reading a parameter and other"
  echo "steps' outputs), $(du -sk "$dir" | cut -f1) KB, and as many playbooks of 20 tasks (command, assert, uri, pause,"
  echo "registered results), generated into \`$OUT/\`. One process each: \`$LAUNCHER validate $dir\` and"
  echo "\`ansible-playbook --syntax-check\` with every playbook as an argument; and, for a sample, one"
  echo "\`ansible-playbook --syntax-check\` process per playbook. Medians of ${LIBRARY_RUNS:-5} runs after 1 warm-up."
  echo
  python3 - "${LIBRARY_RUNS:-5}" "$LAUNCHER" "$JAR" "$dir" "$pdir" "$files" "$(hello_class)" <<'PY'
import glob, os, shutil, statistics, subprocess, sys, time
runs, launcher, jar, d, pdir, files, hello = int(sys.argv[1]), *sys.argv[2:6], int(sys.argv[6]), sys.argv[7]
books = sorted(glob.glob(os.path.join(pdir, "*.yml")))
def timed(cmd, check=True):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t = time.monotonic() - t0
    if check and p.returncode != 0:
        sys.exit(f"{cmd[:3]}: exit {p.returncode}: {p.stdout[-1000:]} {p.stderr[-1000:]}")
    return t, p
cases = [("bare JVM hello", ["java", "-cp", hello, "Hello"]),
         (f"launcher validate (1 file)", [launcher, "validate", os.path.join(d, "rb-1.yaml")]),
         (f"launcher validate DIR ({files} files)", [launcher, "validate", d]),
         (f"java -jar validate DIR ({files} files)", ["java", "-jar", jar, "validate", d])]
ansible = shutil.which("ansible-playbook")
if ansible:
    cases += [("ansible --syntax-check (1 playbook)", [ansible, "--syntax-check", books[0]]),
              (f"ansible --syntax-check ({files} playbooks, one process)", [ansible, "--syntax-check"] + books)]
res = {}
for r in range(runs + 1):
    for name, cmd in cases:
        t, p = timed(cmd)
        if r > 0:
            res.setdefault(name, []).append(t)
med = {k: statistics.median(v) for k, v in res.items()}
print("| command | median s | min s | max s |")
print("|---|---:|---:|---:|")
for name, _ in cases:
    v = res[name]
    print(f"| {name} | {med[name]:.3f} | {min(v):.3f} | {max(v):.3f} |")
print()
one = med["launcher validate (1 file)"]
rb = (med[f"launcher validate DIR ({files} files)"] - one) / (files - 1)
print(f"runbook, per file: **{rb * 1000:.2f} ms** ((validate DIR - validate of one file) / {files - 1}); "
      f"whole process / files: {med[f'launcher validate DIR ({files} files)'] / files * 1000:.2f} ms")
if ansible:
    a1 = med["ansible --syntax-check (1 playbook)"]
    an = med[f"ansible --syntax-check ({files} playbooks, one process)"]
    ap = (an - a1) / (files - 1)
    print(f"ansible, per playbook in one process: {ap * 1000:.2f} ms (same slope); whole process / playbooks: "
          f"{an / files * 1000:.2f} ms")
    print(f"ratio per file (ansible / runbook): **{ap / rb:.1f}x** (slopes); whole processes: {an / med[f'launcher validate DIR ({files} files)']:.1f}x")
    # one process per playbook, as a script over a library would run it, for as many as fit in ~30 s
    sample, spent = [], 0.0
    for b in books:
        t, _ = timed([ansible, "--syntax-check", b])
        sample.append(t)
        spent += t
        if spent > float(os.environ.get("ANSIBLE_BUDGET_S", "30")):
            break
    ps = statistics.median(sample)
    print(f"ansible, one process per playbook ({len(sample)} playbooks in {spent:.0f} s): median {ps * 1000:.0f} ms a"
          f" playbook: **{ps / rb:.0f}x** the runbook's per-file cost")
else:
    print("(no ansible-playbook: `apt-get install ansible`; the Ansible rows are skipped)")
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
