#!/usr/bin/env bash
# Makes gpu-app/target/gpu-bundle, what gpu-app/gpu-check.sh needs on a GPU machine that has no
# JDK or Maven: a jlink'd Java runtime, gpu-app's classes with the shipped kernel, JCuda and the
# BLAS binding. Small enough to carry (about 40 MB).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
out="$root/gpu-app/target/gpu-bundle"
[[ -d "$root/gpu-app/target/classes/io" ]] || (cd "$root" && ./mvnw -B -q -ntp -pl gpu-app -am package -DskipTests)
rm -rf "$out"; mkdir -p "$out/lib"
"$JAVA_HOME/bin/jar" --create --file "$out/lib/gpu-app-classes.jar" -C "$root/gpu-app/target/classes" .
for j in "$root"/gpu-app/target/quarkus-app/lib/main/*; do
  case "$(basename "$j")" in
    org.jcuda.*|dev.ludovic.netlib.*) cp "$j" "$out/lib/" ;;
  esac
done
"$JAVA_HOME/bin/jlink" --add-modules java.base,java.logging,java.management,jdk.unsupported,jdk.incubator.vector \
  --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$out/jre"
du -sh "$out" "$out/jre" "$out/lib"
