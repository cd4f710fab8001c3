#!/usr/bin/env bash
# Measures the runtime host with a noop java handler, sized as a 128 MiB function: time from exec to
# ready, then resident memory after N asynchronous events, inside a real 128 MiB memory cgroup (v1)
# when one can be made. Needs RabbitMQ with the management plugin on localhost, and a prior
# `mvn -pl runtime-image verify` (for target/quarkus-app and the test task root).
# With CPU_MILLICORES set, the host also runs under that CFS quota (the operator gives a 128 MiB
# function 128/1769 of a vCPU, about 72m). With RUNTIME=provided the function is a sh + curl
# bootstrap that answers every event with "ok", and the bootstrap's memory is reported apart.
# Usage: [RUNTIME=provided] [CPU_MILLICORES=72] runtime-image/src/test/perf/measure-noop-host.sh [events]
set -euo pipefail
cd "$(dirname "$0")/../../.."
EVENTS=${1:-2000}
RUNTIME=${RUNTIME:-java}
MEMORY_MIB=128
NS=perf-$RANDOM
FN=noop
API=http://localhost:15672/api
AUTH=guest:guest
TASK_ROOT=$PWD/target/task-roots/dev.kfn.testfunctions
WORK=$(mktemp -d)
PORT=18$((RANDOM % 900 + 100))

# the flags the operator gives a 128 MiB java function, from the same code
cat > "$WORK/PrintFlags.java" <<'JAVA'
public class PrintFlags {
    public static void main(String[] args) {
        dev.kfn.contract.Runtime runtime = dev.kfn.contract.Runtime.of(args[1]).orElseThrow();
        System.out.println(String.join(" ", dev.kfn.contract.HostJvm.options(Integer.parseInt(args[0]), runtime)));
    }
}
JAVA
FLAGS=$(java -cp ../contract/target/classes "$WORK/PrintFlags.java" $MEMORY_MIB $RUNTIME)
HANDLER=dev.kfn.testfunctions.Noop
if [ "$RUNTIME" = provided ]; then
  TASK_ROOT=$WORK/task
  mkdir -p "$TASK_ROOT"
  cat > "$TASK_ROOT/bootstrap" <<'SH'
#!/bin/sh
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  ID=$(curl -sS -D - -o /dev/null "$API/invocation/next" | tr -d '\r' | awk -F': ' 'tolower($1) == "lambda-runtime-aws-request-id" {print $2}')
  curl -sS -X POST -d '"ok"' "$API/invocation/$ID/response" > /dev/null
done
SH
  chmod +x "$TASK_ROOT/bootstrap"
  HANDLER=noop
fi

mgmt() { curl -sf -u $AUTH -H 'content-type: application/json' "$@"; }
SYNC=kfn.$NS.$FN.sync
ASYNC=kfn.$NS.$FN.async
mgmt -XPUT -d '{"type":"direct","durable":true}' $API/exchanges/%2F/kfn.invoke
for q in $SYNC $ASYNC; do
  mgmt -XPUT -d '{"durable":true}' $API/queues/%2F/$q
  mgmt -XPOST -d "{\"routing_key\":\"$q\"}" $API/bindings/%2F/e/kfn.invoke/q/$q
done

CGROUP=""
MEMCG=/sys/fs/cgroup/memory$(grep ':memory:' /proc/self/cgroup | cut -d: -f3)
if mkdir "$MEMCG/$NS" 2>/dev/null; then
  CGROUP=$MEMCG/$NS
  echo $((MEMORY_MIB * 1024 * 1024)) > "$CGROUP/memory.limit_in_bytes"
fi

CPU_CGROUP=""
if [ -n "${CPU_MILLICORES:-}" ]; then
  CPUCG=/sys/fs/cgroup/cpu$(grep -E ':cpu(,|:)' /proc/self/cgroup | head -1 | cut -d: -f3)
  mkdir "${CPUCG%/}/$NS"
  CPU_CGROUP=${CPUCG%/}/$NS
  echo $((CPU_MILLICORES * 100)) > "$CPU_CGROUP/cpu.cfs_quota_us"
fi

cleanup() {
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  for q in $SYNC $ASYNC; do mgmt -XDELETE $API/queues/%2F/$q || true; done
  [ -n "$CGROUP" ] && rmdir "$CGROUP" 2>/dev/null || true
  [ -n "$CPU_CGROUP" ] && rmdir "$CPU_CGROUP" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

START=$(date +%s%N)
KFN_FUNCTION_NAMESPACE=$NS KFN_FUNCTION_NAME=$FN KFN_RUNTIME=$RUNTIME KFN_HANDLER=$HANDLER KFN_MEMORY_MIB=$MEMORY_MIB \
KFN_TASK_ROOT=$TASK_ROOT KFN_RUNTIME_API_PORT=0 QUARKUS_HTTP_PORT=$PORT \
  bash -c "[ -n '$CGROUP' ] && echo \$\$ > '$CGROUP/cgroup.procs'; [ -n '$CPU_CGROUP' ] && echo \$\$ > '$CPU_CGROUP/cgroup.procs'; exec java $FLAGS -jar target/quarkus-app/quarkus-run.jar" \
  > "$WORK/host.log" 2>&1 &
PID=$!
until curl -sf -o /dev/null http://127.0.0.1:$PORT/q/health/ready; do
  kill -0 $PID 2>/dev/null || { cat "$WORK/host.log"; exit 1; }
  sleep 0.02
done
READY=$(date +%s%N)
RSS_READY=$(awk '/VmRSS/ {print $2}' /proc/$PID/status)

NOW=$(date +%s%3N)
for i in $(seq 1 "$EVENTS"); do
  [ "$i" -gt 1 ] && echo "next"
  echo "url = \"$API/exchanges/%2F/kfn.invoke/publish\""
  echo "user = \"$AUTH\""
  echo "header = \"content-type: application/json\""
  echo "output = \"/dev/null\""
  echo "fail"
  echo "data = \"{\\\"routing_key\\\":\\\"$ASYNC\\\",\\\"payload\\\":\\\"{\\\\\\\"n\\\\\\\":$i}\\\",\\\"payload_encoding\\\":\\\"string\\\",\\\"properties\\\":{\\\"message_id\\\":\\\"perf-$i\\\",\\\"delivery_mode\\\":2,\\\"headers\\\":{\\\"kfn-attempt\\\":1,\\\"kfn-enqueued-at\\\":$NOW}}}\""
done > "$WORK/publish.curl"
curl -s -K "$WORK/publish.curl"

done_count() {
  curl -sf http://127.0.0.1:$PORT/q/metrics | awk '/^kfn_invocations_total/ && /result="success"/ {s += $NF} END {print s + 0}'
}
until [ "$(done_count)" -ge "$EVENTS" ]; do
  kill -0 $PID 2>/dev/null || { echo "host died"; tail -20 "$WORK/host.log"; exit 1; }
  sleep 0.2
done

echo "java $FLAGS -jar quarkus-run.jar (noop $RUNTIME handler, $MEMORY_MIB MiB function)"
if [ -n "$CGROUP" ]; then echo "cgroup limit:        $MEMORY_MIB MiB"; else echo "cgroup limit:        none (no writable memory cgroup)"; fi
[ -n "$CPU_CGROUP" ] && echo "cpu quota:           ${CPU_MILLICORES}m"
echo "exec to ready:       $(( (READY - START) / 1000000 )) ms"
echo "quarkus:             $(grep -o 'started in [0-9.]*s' "$WORK/host.log" || true)"
echo "handler init:        $(grep -o 'initialised in [0-9]* ms' "$WORK/host.log" || true)"
echo "RSS when ready:      $((RSS_READY / 1024)) MiB"
echo "RSS after $EVENTS events: $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$PID/status) MiB (peak $(awk '/VmHWM/ {print int($2 / 1024)}' /proc/$PID/status) MiB)"
if [ "$RUNTIME" = provided ]; then
  echo "bootstrap RSS:       $(for c in $(pgrep -P $PID); do awk '/VmRSS/ {print $2}' /proc/$c/status; done | awk '{s += $1} END {print int(s / 1024)}') MiB (the shell loop; curl runs come and go)"
fi
if [ -n "$CGROUP" ]; then
  echo "cgroup peak usage:   $(( $(cat "$CGROUP/memory.max_usage_in_bytes") / 1048576 )) MiB, limit hits $(cat "$CGROUP/memory.failcnt"), $(grep '^oom_kill ' "$CGROUP/memory.oom_control" || echo 'oom_kill n/a')"
fi
