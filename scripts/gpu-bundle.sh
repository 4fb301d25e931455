#!/usr/bin/env bash
# Makes what gpu-app/gpu-check.sh needs on a GPU machine that has no JDK or Maven:
#   gpu-app/target/gpu-bundle/         a jlink'd Java runtime (jre/) and the packaged gpu-app (app/)
#   gpu-app/target/gpu-bundle.tar.xz   the same, compressed (about 55 MB) to carry to that machine
# gpu-check.sh runs the kernel check from app/'s jars, the service itself on the GPU, and the
# tests that need a GPU (tests/: gpu-app's test classes with JUnit and AssertJ).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
target="$root/gpu-app/target"
out="$target/gpu-bundle"
[[ -f "$target/quarkus-app/quarkus-run.jar" ]] || (cd "$root" && ./mvnw -B -q -ntp -pl gpu-app -am package -DskipTests)
rm -rf "$out" "$target/gpu-bundle.tar.xz"; mkdir -p "$out"
cp -r "$target/quarkus-app" "$out/app"
[[ -f "$target/test-classes/io/userscale/gpuapp/compute/GpuTests.class" ]] \
  || (cd "$root" && ./mvnw -B -q -ntp -pl gpu-app test-compile)
mkdir -p "$out/tests"
cp -r "$target/test-classes" "$out/tests/classes"
(cd "$root" && ./mvnw -B -q -ntp -pl gpu-app dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$target/gpu-test-classpath.txt")
tr ':' '\n' < "$target/gpu-test-classpath.txt" | grep -E '/(junit-platform-(launcher|engine|commons)|junit-jupiter-(api|engine|params)|opentest4j|apiguardian-api|assertj-core)-[0-9]' \
  | xargs -I{} cp {} "$out/tests/"
# the modules the Quarkus service uses (jdk.zipfs: its class loader reads jars as file systems)
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.management,jdk.incubator.vector,jdk.crypto.ec,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$out/jre" 2>&1 | grep -v "incubator modules" || true
echo "gpu-bundle: compressing (about half a minute)..."
tar -C "$target" -cf - gpu-bundle | xz -6 -T0 > "$target/gpu-bundle.tar.xz"
du -sh "$out" "$target/gpu-bundle.tar.xz"
