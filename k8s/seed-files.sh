#!/usr/bin/env bash
# Writes the plain manifests k8s/namespace.yaml, configmap.yaml, rbac.yaml, app.yaml and scaler.yaml
# from the dev overlay, for the step-by-step install:
#   kubectl apply -f k8s/namespace.yaml   # the namespace and the ScalingPolicy CRD
#   kubectl apply -f k8s/configmap.yaml   # policy parameters, service settings, the Kafka Secret
#   kubectl apply -f k8s/rbac.yaml        # service accounts, Roles, RoleBindings
#   kubectl apply -f k8s/app.yaml         # the gpu-app workload
#   kubectl apply -f k8s/scaler.yaml      # Kafka, metrics-ingest, decision-engine, actuator, gpu-app's ScalingPolicy
# Edit the kustomize sources (k8s/base, k8s/overlays/dev), then run this again; the deploy module's
# tests fail while the files differ from the overlay.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

command -v kubectl >/dev/null || { echo "kubectl is needed (with kustomize v5)" >&2; exit 1; }
rendered="$(mktemp)"
trap 'rm -f "$rendered"' EXIT
kubectl kustomize overlays/dev > "$rendered"

header() {
  cat <<EOF
# $1
# Generated from k8s/overlays/dev by k8s/seed-files.sh: edit the kustomize sources and run it again.
EOF
}
header "The userscale namespace and the ScalingPolicy CRD. Apply first." > namespace.yaml
header "Configuration: policy parameters (userscale-config), the services' settings, the Kafka Secret." > configmap.yaml
header "One ServiceAccount per component and their least-privilege Roles." > rbac.yaml
header "The gpu-app workload: Deployment and Service." > app.yaml
header "Kafka (one dev broker and its topics), metrics-ingest, decision-engine, the actuator, and gpu-app's ScalingPolicy." > scaler.yaml

# Split the rendered stream into documents and send each to its file by kind (and name, for gpu-app).
awk '
  function flush() {
    if (doc == "") return
    if (kind == "Namespace" || kind == "CustomResourceDefinition") f = "namespace.yaml"
    else if (kind == "ConfigMap" || kind == "Secret") f = "configmap.yaml"
    else if (kind ~ /^(ServiceAccount|Role|RoleBinding|ClusterRole|ClusterRoleBinding)$/) f = "rbac.yaml"
    else if ((kind == "Deployment" || kind == "Service") && name == "gpu-app") f = "app.yaml"
    else f = "scaler.yaml"
    printf "---\n%s", doc >> f
    doc = ""; kind = ""; name = ""; inmeta = 0
  }
  /^---$/ { flush(); next }
  {
    if ($0 ~ /^kind: /) kind = substr($0, 7)
    if ($0 ~ /^[^ #]/) inmeta = ($0 == "metadata:")
    else if (inmeta && $0 ~ /^  name: /) name = substr($0, 9)
    doc = doc $0 "\n"
  }
  END { flush() }
' "$rendered"

for f in namespace.yaml configmap.yaml rbac.yaml app.yaml scaler.yaml; do
  echo "$f: $(grep -c '^kind: ' "$f") objects"
done
