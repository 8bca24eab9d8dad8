#!/usr/bin/env bash
# Benchmarks `mlctl serve` against what a user writes instead: FastAPI + uvicorn (one worker)
# serving a scikit-learn LogisticRegression trained on the same CSV (iris, as scikit-learn ships it).
# Two peers with the same pydantic request model and code: idiomatic (a plain `def` endpoint,
# uvicorn's pure-Python asyncio loop and h11 parser) and tuned (`async def`, uvloop, httptools).
# Everything binds 127.0.0.1; every process started is killed on exit.
#
#   bench/serve.sh          exits 1 when a goal is missed
#
# Measures, in one run, interleaved round by round and reported as the median of the rounds:
#   - `wrk -t2 -c32 -d15s --latency`, one instance per request, against mlctl's KServe V1
#     `:predict` and each peer: req/s and p99.
#     Goals: >= 10x the idiomatic peer's req/s with a p99 <= 1/5 of its p99; >= 4x the tuned one's.
#   - `wrk -t1 -c1 -d10s --latency` with one 1,000-instance request: median latency.
#     Goal: mlctl >= 2x faster than each peer.
#   - from `mlctl serve` to the first 200 on /health (curl every 10 ms). Goal: <= 1.5 s.
#   - a 60 s soak (`wrk -t2 -c64`) mixing valid requests with malformed JSON, a missing feature, a
#     string in a numeric feature, a wrong content type and an unknown model: every answer must be
#     2xx or 4xx as expected, zero 5xx, zero socket errors, and the server's resident memory at 60 s
#     within 10 % of its value at 20 s.
# Environment: BENCH_ROUNDS (default 3), BENCH_DURATION (wrk seconds per throughput run, 15),
# BENCH_SOAK (soak seconds, 60), BENCH_DIR (scratch folder parent, /tmp).
# Records every row of the table in bench/results/serve.tsv (bench/lib.sh) for bench/report.py.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/bench/lib.sh"
mlctl="$top/mlctl-cli/target/dist/bin/mlctl"
[ -x "$mlctl" ] || (cd "$top" && mvn -B -q package -DskipTests)
py=/usr/bin/python3
rounds=${BENCH_ROUNDS:-3}
duration=${BENCH_DURATION:-15}
soak=${BENCH_SOAK:-60}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
"$py" -c 'import sklearn' 2>/dev/null || need+=(python3-sklearn)
"$py" -c 'import fastapi' 2>/dev/null || need+=(python3-fastapi)
"$py" -c 'import uvicorn' 2>/dev/null || need+=(python3-uvicorn)
"$py" -c 'import uvloop' 2>/dev/null || need+=(python3-uvloop)
"$py" -c 'import httptools' 2>/dev/null || need+=(python3-httptools)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

bench_begin serve
base=$(mktemp -d "${BENCH_DIR:-/tmp}/mlctl-bench-serve.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$base"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$base"
fail=0

say() { printf '%s\n' "$*" >&2; }
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_200() { # URL SECONDS: polls every 10 ms until URL answers 200
  local url=$1 until=$(( $(date +%s%N) + $2 * 1000000000 ))
  while [ "$(date +%s%N)" -lt "$until" ]; do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ] && return 0
    sleep 0.01
  done
  return 1
}
stop() { # PID: stops one started server and forgets it
  local p=$1 keep=()
  kill "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  for q in "${pids[@]}"; do [ "$q" = "$p" ] || keep+=("$q"); done
  pids=("${keep[@]}")
}
median() { "$py" -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
calc() { "$py" -c "print($1)"; }

# --- the data and the two models ---------------------------------------------------------------
"$py" - <<'PY'
import csv
src = "/usr/lib/python3/dist-packages/sklearn/datasets/data/iris.csv"
with open(src) as f, open("iris.csv", "w", newline="") as out:
    rows = csv.reader(f)
    first = next(rows)  # counts and class names, not a header
    names = first[2:]
    w = csv.writer(out)
    w.writerow(["sepal_length", "sepal_width", "petal_length", "petal_width", "species"])
    for r in rows:
        w.writerow(r[:4] + [names[int(r[4])]])
PY

git init -q . && git config user.email bench@example.com && git config user.name bench
"$mlctl" init -q
"$mlctl" train --data iris.csv --label species --algorithm logistic --seed 1 --out iris.model -q

cat > peer.py <<'PY'
import csv, sys
from typing import Dict, List
import numpy as np
from sklearn.linear_model import LogisticRegression
import uvicorn
from fastapi import FastAPI
from pydantic import BaseModel

mode, port = sys.argv[1], int(sys.argv[2])
FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
with open("iris.csv") as f:
    rows = list(csv.DictReader(f))
X = np.array([[float(r[c]) for c in FEATURES] for r in rows])
y = [r["species"] for r in rows]
model = LogisticRegression(max_iter=1000).fit(X, y)
classes = [str(c) for c in model.classes_]

class PredictRequest(BaseModel):
    instances: List[Dict[str, float]]

def answer(req):
    proba = model.predict_proba(np.array([[i[c] for c in FEATURES] for i in req.instances]))
    return {"model": "iris", "version": "v1", "predictions": [
        {"label": classes[int(p.argmax())], "scores": dict(zip(classes, p.tolist()))} for p in proba]}

app = FastAPI()

@app.get("/health")
def health():
    return {"status": "ok"}

# The two peers differ only where the names say: the idiomatic one is what FastAPI's tutorial
# writes (a plain `def`, run in the thread pool) on uvicorn's pure-Python loop and parser; the
# tuned one answers on the event loop (`async def`) with uvloop and httptools.
if mode == "idiomatic":
    @app.post("/v1/models/iris:predict")
    def predict(req: PredictRequest):
        return answer(req)
    uvicorn.run(app, host="127.0.0.1", port=port, workers=1, loop="asyncio", http="h11")
else:
    @app.post("/v1/models/iris:predict")
    async def predict(req: PredictRequest):
        return answer(req)
    uvicorn.run(app, host="127.0.0.1", port=port, workers=1, loop="uvloop", http="httptools")
PY

# --- request bodies and wrk scripts ------------------------------------------------------------
"$py" - <<'PY'
import csv, json
rows = list(csv.DictReader(open("iris.csv")))
feats = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
inst = lambda r: {c: float(r[c]) for c in feats}
json.dump({"instances": [inst(rows[0])]}, open("one.json", "w"))
json.dump({"instances": [inst(rows[i % len(rows)]) for i in range(1000)]}, open("thousand.json", "w"))
PY

cat > post.lua <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BODY"), "rb"))
wrk.body = f:read("*a")
f:close()
LUA

# One valid request for every invalid one, each with the status the contract gives it; every
# answer is tallied by status and checked against the share it must have.
cat > soak.lua <<'LUA'
local path, unknown = os.getenv("PREDICT"), os.getenv("UNKNOWN")
local good = '{"instances":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]}'
local function post(p, ctype, body)  -- a fresh header table: wrk.format writes into the one it gets
  return wrk.format("POST", p, {["Content-Type"] = ctype}, body)
end
local reqs
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  -- built here, not at load: wrk.headers has its Host header only from init on
  reqs = {
    post(path, "application/json", good),
    post(path, "application/json", '{"instances":[{"sepal_length":5.1,'),
    post(path, "application/json", good),
    post(path, "application/json", '{"instances":[{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4}]}'),
    post(path, "application/json", good),
    post(path, "application/json", '{"instances":[{"sepal_length":"wide","sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}]}'),
    post(path, "application/json", good),
    post(path, "text/xml", "<instances/>"),
    post(path, "application/json", good),
    post(unknown, "application/json", good),
  }
  n = 0
  counts = {}
end
function request() n = n + 1; return reqs[(n - 1) % #reqs + 1] end
function response(status, headers, body) counts[status] = (counts[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %d %d\n", k, v)) end
  local e = summary.errors
  io.write(string.format("socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
end
LUA

# wrk's output -> "REQ_PER_S P50_MS P99_MS NON2XX SOCKET_ERRORS"
parse_wrk() {
  "$py" - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
ms = lambda v, u: float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
pct = dict((p, ms(v, u)) for p, v, u in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s)\s*$", t, re.M))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
err = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
print(rps, pct["50"], pct["99"], int(non2xx.group(1)) if non2xx else 0, sum(map(int, err.groups())) if err else 0)
PY
}
run_wrk() { # NAME URL BODY THREADS CONNECTIONS SECONDS -> parsed figures; keeps wrk's output as NAME.txt
  local name=$1 url=$2 body=$3
  BODY=$body wrk -t"$4" -c"$5" -d"$6"s --latency -s post.lua "$url" >"$name.txt" 2>&1 || {
    say "wrk failed: $(cat "$name.txt")"; return 1; }
  parse_wrk "$name.txt"
}

# --- start-up: from `mlctl serve` to the first 200 on /health -----------------------------------
starts=()
cpus=()
for i in $(seq "$rounds"); do
  port=$(free_port)
  t0=$(date +%s%N)
  "$mlctl" serve iris.model --host 127.0.0.1 --port "$port" >"serve-start-$i.log" 2>&1 &
  p=$!; pids+=("$p")
  if ! wait_200 "http://127.0.0.1:$port/health" 30; then
    say "mlctl serve did not answer 200 on /health within 30 s:"; cat "serve-start-$i.log" >&2; exit 1
  fi
  starts+=("$(calc "($(date +%s%N) - $t0) / 1e9")")
  # CPU the server used until then (user + system, clock ticks): what a busy machine cannot stretch
  cpus+=("$(calc "sum(int(x) for x in '$(cut -d' ' -f14-15 "/proc/$p/stat")'.split()) / $(getconf CLK_TCK)")")
  stop "$p"
done
start_s=$(median "${starts[@]}")
start_cpu=$(median "${cpus[@]}")

# --- the three servers -------------------------------------------------------------------------
mport=$(free_port)
"$mlctl" serve iris.model --host 127.0.0.1 --port "$mport" >serve.log 2>&1 &
mpid=$!; pids+=("$mpid")
wait_200 "http://127.0.0.1:$mport/health" 30 || { say "mlctl serve did not start:"; cat serve.log >&2; exit 1; }
model=$(curl -s "http://127.0.0.1:$mport/v1/models" | "$py" -c 'import json,sys; d=json.load(sys.stdin); m=d["models"] if isinstance(d,dict) else d; print(m[0]["name"])')
murl="http://127.0.0.1:$mport/v1/models/$model:predict"
declare -A url
url[mlctl]=$murl
for peer in idiomatic tuned; do
  port=$(free_port)
  "$py" peer.py "$peer" "$port" >"peer-$peer.log" 2>&1 &
  pids+=("$!")
  wait_200 "http://127.0.0.1:$port/health" 60 || { say "the $peer peer did not start:"; cat "peer-$peer.log" >&2; exit 1; }
  url[$peer]="http://127.0.0.1:$port/v1/models/iris:predict"
done

# The same instance gets the same label from both sides (a sanity check, not a goal).
mine=$(curl -s -H 'Content-Type: application/json' --data-binary @one.json "$murl")
theirs=$(curl -s -H 'Content-Type: application/json' --data-binary @one.json "${url[tuned]}")
say "mlctl:  $mine"
say "peer:   $theirs"
label() { "$py" -c 'import json,sys; print(json.loads(sys.argv[1])["predictions"][0]["label"])' "$1"; }
[ "$(label "$mine")" = "$(label "$theirs")" ] || { say "mlctl and the peer disagree on the label"; exit 1; }

# --- throughput and latency: one instance a request ----------------------------------------------
say "warming up every server (10 s each)"
for s in mlctl idiomatic tuned; do run_wrk "warm-$s" "${url[$s]}" one.json 2 32 10 >/dev/null; done
declare -A rps p99 thousand
for i in $(seq "$rounds"); do
  for s in mlctl idiomatic tuned; do
    read -r r _ p n e < <(run_wrk "one-$s-$i" "${url[$s]}" one.json 2 32 "$duration")
    say "round $i $s: $r req/s, p99 $p ms, non-2xx $n, socket errors $e"
    [ "$n" = 0 ] && [ "$e" = 0 ] || { say "  $s answered $n non-2xx and had $e socket errors"; fail=1; }
    rps[$s]="${rps[$s]:-} $r"; p99[$s]="${p99[$s]:-} $p"
  done
done
for i in $(seq "$rounds"); do
  for s in mlctl idiomatic tuned; do
    read -r _ p50 _ n _ < <(run_wrk "thousand-$s-$i" "${url[$s]}" thousand.json 1 1 10)
    say "round $i $s, 1,000 instances: median $p50 ms"
    [ "$n" = 0 ] || { say "  $s answered $n non-2xx"; fail=1; }
    thousand[$s]="${thousand[$s]:-} $p50"
  done
done
for s in mlctl idiomatic tuned; do
  # shellcheck disable=SC2086 # one word per round
  { rps[$s]=$(median ${rps[$s]}); p99[$s]=$(median ${p99[$s]}); thousand[$s]=$(median ${thousand[$s]}); }
done

# --- soak: 60 s at 64 connections, valid and invalid requests mixed -------------------------------
say "soak: ${soak} s at 64 connections"
PREDICT="/v1/models/$model:predict" UNKNOWN="/v1/models/no-such-model:predict" \
  wrk -t2 -c64 -d"${soak}s" -s soak.lua "http://127.0.0.1:$mport" >soak.txt 2>&1 &
wpid=$!; pids+=("$wpid")
sleep 20; rss20=$(ps -o rss= -p "$mpid" | tr -d ' ')
sleep $(( soak - 20 - 1 )); rss60=$(ps -o rss= -p "$mpid" | tr -d ' ')
wait "$wpid" || true
read -r s2xx s4xx s5xx sother unexpected sockerr < <("$py" - <<'PY'
import re
t = open("soak.txt").read()
by = {int(s): int(n) for s, n in re.findall(r"^status (\d+) (\d+)$", t, re.M)}
c = lambda lo, hi: sum(n for s, n in by.items() if lo <= s < hi)
# per ten requests: 5 valid (200), 3 bad payloads (400), 1 wrong content type (415), 1 unknown model (404)
total = sum(by.values())
want = {200: 0.5, 400: 0.3, 415: 0.1, 404: 0.1}
off = sum(abs(by.get(s, 0) - share * total) for s, share in want.items()) + sum(n for s, n in by.items() if s not in want)
err = int(re.search(r"^socket_errors (\d+)$", t, re.M).group(1))
print(c(200, 300), c(400, 500), c(500, 600), total - c(200, 300) - c(400, 600), int(off), err)
PY
)
rss_change=$(calc "abs($rss60 - $rss20) / $rss20 * 100")

# --- the report -------------------------------------------------------------------------------
verdict() { if [ "$("$py" -c "print(1 if $1 else 0)")" = 1 ]; then echo PASS; else echo FAIL; fi; }
cmd_one="wrk -t2 -c32 -d${duration}s --latency -s post.lua URL  (one instance)"
cmd_k="wrk -t1 -c1 -d10s --latency -s post.lua URL  (1,000 instances)"
r_i=$(calc "${rps[mlctl]} / ${rps[idiomatic]}"); r_t=$(calc "${rps[mlctl]} / ${rps[tuned]}")
q_i=$(calc "${p99[idiomatic]} / ${p99[mlctl]}"); q_t=$(calc "${p99[tuned]} / ${p99[mlctl]}")
k_i=$(calc "${thousand[idiomatic]} / ${thousand[mlctl]}"); k_t=$(calc "${thousand[tuned]} / ${thousand[mlctl]}")
# The verdicts, each worked out once (in a subshell, so `fail` is set here from them)
v_ri=$(verdict "$r_i >= 10"); v_qi=$(verdict "$q_i >= 5"); v_rt=$(verdict "$r_t >= 4")
v_ki=$(verdict "$k_i >= 2"); v_kt=$(verdict "$k_t >= 2"); v_start=$(verdict "$start_s <= 1.5")
v_5xx=$(verdict "$s5xx == 0 and $sother == 0"); v_mix=$(verdict "$unexpected <= 0.001 * ($s2xx + $s4xx)")
v_sock=$(verdict "$sockerr == 0"); v_rss=$(verdict "$rss_change <= 10")
case " $v_ri $v_qi $v_rt $v_ki $v_kt $v_start $v_5xx $v_mix $v_sock $v_rss " in *" FAIL "*) fail=1 ;; esac
echo
echo "| figure | mlctl | peer | peer's figure | ratio | goal | result | command |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '| req/s, 1 instance | %.0f | idiomatic | %.0f | %.1fx | >= 10x | %s | `%s` |\n' "${rps[mlctl]}" "${rps[idiomatic]}" "$r_i" "$v_ri" "$cmd_one"
printf '| p99, 1 instance | %.2f ms | idiomatic | %.2f ms | 1/%.1f | <= 1/5 | %s | `%s` |\n' "${p99[mlctl]}" "${p99[idiomatic]}" "$q_i" "$v_qi" "$cmd_one"
printf '| req/s, 1 instance | %.0f | tuned | %.0f | %.1fx | >= 4x | %s | `%s` |\n' "${rps[mlctl]}" "${rps[tuned]}" "$r_t" "$v_rt" "$cmd_one"
printf '| p99, 1 instance | %.2f ms | tuned | %.2f ms | 1/%.1f | (none) | - | `%s` |\n' "${p99[mlctl]}" "${p99[tuned]}" "$q_t" "$cmd_one"
printf '| 1,000-instance request, median | %.2f ms | idiomatic | %.2f ms | %.1fx faster | >= 2x | %s | `%s` |\n' "${thousand[mlctl]}" "${thousand[idiomatic]}" "$k_i" "$v_ki" "$cmd_k"
printf '| 1,000-instance request, median | %.2f ms | tuned | %.2f ms | %.1fx faster | >= 2x | %s | `%s` |\n' "${thousand[mlctl]}" "${thousand[tuned]}" "$k_t" "$v_kt" "$cmd_k"
printf '| `mlctl serve` to first 200 on /health | %.2f s (%.2f s CPU) | | | | <= 1.5 s | %s | `mlctl serve iris.model`, curl every 10 ms |\n' "$start_s" "$start_cpu" "$v_start"
printf '| soak %d s, 64 conn.: 2xx / 4xx / 5xx / other | %s / %s / %s / %s | | | | 5xx = 0, other = 0 | %s | `wrk -t2 -c64 -d%ds -s soak.lua` |\n' "$soak" "$s2xx" "$s4xx" "$s5xx" "$sother" "$v_5xx" "$soak"
printf '| soak: answers off the expected status mix | %s | | | | 0 | %s | (as above) |\n' "$unexpected" "$v_mix"
printf '| soak: socket errors | %s | | | | 0 | %s | (as above) |\n' "$sockerr" "$v_sock"
printf '| soak: server RSS at 20 s -> 60 s | %d -> %d MiB (%.1f %%) | | | | within 10 %% | %s | `ps -o rss=` |\n' "$(( rss20 / 1024 ))" "$(( rss60 / 1024 ))" "$rss_change" "$v_rss"
idio="FastAPI + uvicorn, idiomatic"; tuned="FastAPI + uvicorn, tuned"
f1() { printf "%.${1}f" "$2"; }
bench_row "req/s, one instance a request, 32 connections" "$(f1 0 "${rps[mlctl]}") req/s" "$idio" "$(f1 0 "${rps[idiomatic]}") req/s" "$(f1 1 "$r_i")" ">= 10" "$v_ri"
bench_row "p99 latency, one instance a request (mlctl / peer)" "$(f1 2 "${p99[mlctl]}") ms" "$idio" "$(f1 2 "${p99[idiomatic]}") ms" "1/$(f1 1 "$q_i")" "<= 1/5" "$v_qi"
bench_row "req/s, one instance a request, 32 connections" "$(f1 0 "${rps[mlctl]}") req/s" "$tuned" "$(f1 0 "${rps[tuned]}") req/s" "$(f1 1 "$r_t")" ">= 4" "$v_rt"
bench_row "p99 latency, one instance a request (mlctl / peer)" "$(f1 2 "${p99[mlctl]}") ms" "$tuned" "$(f1 2 "${p99[tuned]}") ms" "1/$(f1 1 "$q_t")" - -
bench_row "1,000 instances a request, 1 connection: speed-up (peer's median / mlctl's)" "$(f1 2 "${thousand[mlctl]}") ms" "$idio" "$(f1 2 "${thousand[idiomatic]}") ms" "$(f1 1 "$k_i")" ">= 2" "$v_ki"
bench_row "1,000 instances a request, 1 connection: speed-up (peer's median / mlctl's)" "$(f1 2 "${thousand[mlctl]}") ms" "$tuned" "$(f1 2 "${thousand[tuned]}") ms" "$(f1 1 "$k_t")" ">= 2" "$v_kt"
bench_row "mlctl serve to the first 200 on /health (median of $rounds starts)" "$(f1 2 "$start_s") s ($(f1 2 "$start_cpu") s CPU)" - - "$(f1 2 "$start_s")" "<= 1.5 s" "$v_start"
bench_row "soak ${soak} s, 64 connections: answers 2xx / 4xx / 5xx / other" "$s2xx / $s4xx / $s5xx / $sother" - - - "5xx = 0, other = 0" "$v_5xx"
bench_row "soak: answers off the expected status mix, % of all" "$unexpected of $(( s2xx + s4xx + s5xx + sother ))" - - "$(calc "f'{$unexpected / max(1, $s2xx + $s4xx + $s5xx + $sother) * 100:.5f}'")" "<= 0.1 %" "$v_mix"
bench_row "soak: socket errors" "$sockerr" - - "$sockerr" "= 0" "$v_sock"
bench_row "soak: server RSS change from 20 s to ${soak} s, %" "$(( rss20 / 1024 )) -> $(( rss60 / 1024 )) MiB" - - "$(f1 1 "$rss_change")" "<= 10 %" "$v_rss"
echo
echo "rounds: $rounds (medians shown); $("$mlctl" --version 2>/dev/null | head -1); $("$py" -c 'import fastapi, uvicorn, sklearn; print(f"FastAPI {fastapi.__version__}, uvicorn {uvicorn.__version__}, scikit-learn {sklearn.__version__}")'); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit $fail
