#!/usr/bin/env bash
# Writes prometheusrule.yaml (the Prometheus Operator's PrometheusRule) from statusstream-alerts.rules.yml,
# so the two never hold different rules: the groups are copied as they are, indented under spec.
# The test suite checks the two agree (Deploy/MonitoringRulesTests).
set -euo pipefail
cd "$(dirname "$0")"
{
  cat <<'HEADER'
# Made by generate-prometheusrule.sh from statusstream-alerts.rules.yml: edit that file, then run the script.
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: statusstream-alerts
  namespace: statusstream
  labels:
    app.kubernetes.io/name: statusstream
    app.kubernetes.io/component: monitoring
spec:
HEADER
  sed -n '/^groups:/,$p' statusstream-alerts.rules.yml | sed 's/^/  /'
} > prometheusrule.yaml
