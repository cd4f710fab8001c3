#!/usr/bin/env python3
"""The runtime host's start alone, on each JVM setting kfn local can give an instance, interleaved start by start so
every setting shares the machine's load: exec -> the host's "Handler initialised" line, with the flags of a 128 MiB
java function and kfn local's training handler; no broker needed. Caches are those kfn local trained
(.kfn/host-cache/). Run from the checkout after packaging runtime-image and compiling local:
  local/src/test/perf/host-start-by-jvm.py ROUNDS JDK17_HOME JDK25_HOME [APPCDS_JSA] [AOT_CACHE]
"""
import os
import statistics
import subprocess
import sys
import time

rounds, jdk17, jdk25 = int(sys.argv[1]), sys.argv[2], sys.argv[3]
jsa = sys.argv[4] if len(sys.argv) > 4 else None
aot = sys.argv[5] if len(sys.argv) > 5 else None
jar = os.path.abspath("runtime-image/target/quarkus-app/quarkus-run.jar")
flags = ("-XX:+ExitOnOutOfMemoryError -Xmx48m -Xss256k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m"
         " -XX:ReservedCodeCacheSize=32m -XX:TieredStopAtLevel=1").split()
settings = {"17": [jdk17 + "/bin/java"], "25": [jdk25 + "/bin/java"]}
if jsa:
    settings["17 + AppCDS"] = [jdk17 + "/bin/java", "-XX:SharedArchiveFile=" + jsa]
if aot:
    settings["25 + AOT cache"] = [jdk25 + "/bin/java", "-XX:AOTCache=" + aot]
env = dict(os.environ, KFN_FUNCTION_NAMESPACE="perf", KFN_FUNCTION_NAME="host-start",
           KFN_HANDLER="dev.kfn.local.TrainingHandler::handle", KFN_TASK_ROOT=os.path.abspath("local/target/classes"),
           KFN_MEMORY_MIB="128", QUARKUS_HTTP_PORT="23457", QUARKUS_HTTP_HOST="127.0.0.1")
took = {name: [] for name in settings}
log = "/tmp/kfn-host-start.log"
for _ in range(rounds):
    for name, java in settings.items():
        with open(log, "w") as out:
            began = time.time()
            host = subprocess.Popen(java + flags + ["-jar", jar], stdout=out, stderr=subprocess.STDOUT, env=env)
            while not any("Handler initialised" in line for line in open(log)):
                if time.time() - began > 30:
                    sys.exit(name + ": no 'Handler initialised' within 30 s; see " + log)
                time.sleep(0.005)
            took[name].append((time.time() - began) * 1000)
            host.terminate()
            host.wait()
print("load average " + open("/proc/loadavg").read().strip())
for name, ms in took.items():
    print("%-15s exec -> handler initialised: p50 %.0f ms, min %.0f, max %.0f (%d starts)"
          % (name, statistics.median(ms), min(ms), max(ms), len(ms)))
