{{/* The chart's name, or nameOverride. */}}
{{- define "rehearsal.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name, used for every object; at most 63 characters. */}}
{{- define "rehearsal.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "rehearsal.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "rehearsal.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rehearsal.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "rehearsal.labels" -}}
helm.sh/chart: {{ include "rehearsal.chart" . }}
{{ include "rehearsal.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "rehearsal.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "rehearsal.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding the database password and the API token hashes. */}}
{{- define "rehearsal.secretName" -}}
{{- default (include "rehearsal.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* The Secret holding the broker's password in cluster mode: its own, or the chart's one. */}}
{{- define "rehearsal.brokerSecretName" -}}
{{- default (include "rehearsal.secretName" .) .Values.cluster.broker.existingSecret }}
{{- end }}

{{/* Prometheus's job label for the daemon's series. */}}
{{- define "rehearsal.job" -}}
{{- default (include "rehearsal.fullname" .) .Values.monitoring.job }}
{{- end }}

{{/*
Whether an object of the Prometheus Operator's API is rendered: enabled, and either the cluster
serves monitoring.coreos.com/v1 or detection is switched off. Call with (list $ <enabled>).
*/}}
{{- define "rehearsal.monitoringObject" -}}
{{- $root := index . 0 }}
{{- $enabled := index . 1 }}
{{- if and $enabled (or (not $root.Values.monitoring.detectApi) ($root.Capabilities.APIVersions.Has "monitoring.coreos.com/v1")) }}true{{ end }}
{{- end }}

{{/* The API tokens' names, sorted: the index of a name numbers its environment variable. */}}
{{- define "rehearsal.apiTokenNames" -}}
{{- keys .Values.apiTokens | sortAlpha | join "," }}
{{- end }}

{{/*
The daemon's application.yaml: the catalog's datasource, the health probes, rehearsal.* from the
values and, in cluster mode, rehearsal.cluster.* and the broker (spring.rabbitmq.*), with
extraConfig merged over them. Secrets are not here: the database password comes from the Secret as
SPRING_DATASOURCE_PASSWORD, the broker's as SPRING_RABBITMQ_PASSWORD, each API token's SHA-256
as an environment variable that the token's entry names as a placeholder, and single sign-on's
client secret as REHEARSAL_OIDC_CLIENT_SECRET, likewise.
*/}}
{{- define "rehearsal.applicationConfig" -}}
{{- $rehearsal := deepCopy .Values.rehearsal }}
{{- $tokens := dict }}
{{- range $i, $name := compact (splitList "," (include "rehearsal.apiTokenNames" .)) }}
{{- $_ := set $tokens $name (dict "role" (index $.Values.apiTokens $name).role "sha256" (printf "${REHEARSAL_API_TOKEN_SHA256_%d}" $i)) }}
{{- end }}
{{- if $tokens }}
{{- $rehearsal = mustMergeOverwrite $rehearsal (dict "security" (dict "tokens" $tokens)) }}
{{- end }}
{{- with .Values.sso }}
{{- if .enabled }}
{{- if not .issuerUri }}
{{- fail "sso.issuerUri: set the OpenID provider's issuer; the dashboard finds the provider's endpoints through its discovery document" }}
{{- end }}
{{- if not .clientId }}
{{- fail "sso.clientId: set the dashboard's client id at the OpenID provider" }}
{{- end }}
{{- $oidc := dict "issuer-uri" .issuerUri "client-id" .clientId "scopes" .scopes }}
{{- if .clientSecret.key }}
{{- $_ := set $oidc "client-secret" "${REHEARSAL_OIDC_CLIENT_SECRET}" }}
{{- end }}
{{- $rehearsal = mustMergeOverwrite $rehearsal (dict "security" (dict "oidc" $oidc)) }}
{{- end }}
{{- end }}
{{- with .Values.evidence }}
{{- if .existingSecret }}
{{- if not .keyId }}
{{- fail "evidence.keyId: set the id envelopes name the signing key by (docs/EVIDENCE.md)" }}
{{- end }}
{{- $retired := dict }}
{{- range $id, $key := .retiredKeys }}
{{- $_ := set $retired $id (printf "%s/retired-%s.pem" (include "rehearsal.evidenceMount" $) $id) }}
{{- end }}
{{- $_ := set $rehearsal "evidence" (dict
  "signing-key" (printf "%s/signing.pem" (include "rehearsal.evidenceMount" $))
  "key-id" .keyId
  "retired-keys" $retired) }}
{{- end }}
{{- end }}
{{- $spring := dict "datasource" (dict "url" .Values.database.url "username" .Values.database.username) }}
{{- with .Values.cluster }}
{{- if .enabled }}
{{- if not .broker.host }}
{{- fail "cluster.broker.host: set the RabbitMQ broker's host; cluster mode hands every partition over it" }}
{{- end }}
{{- $_ := set $rehearsal "cluster" (dict
  "enabled" true
  "worker-concurrency" (int .workerConcurrency)
  "heartbeat" .heartbeat
  "dead-after" .deadAfter
  "restarts" (int .restarts)
  "queue" .queue) }}
{{- $_ := set $spring "rabbitmq" (dict
  "host" .broker.host
  "port" (int .broker.port)
  "username" .broker.username
  "virtual-host" .broker.virtualHost) }}
{{- end }}
{{- end }}
{{- $base := dict
  "server" (dict "port" (int .Values.containerPort) "shutdown" "graceful")
  "spring" $spring
  "management" (dict
    "endpoint" (dict "health" (dict "probes" (dict "enabled" true)))
    "endpoints" (dict "web" (dict "exposure" (dict "include" "health,prometheus,info"))))
  "rehearsal" $rehearsal }}
{{- $config := mustMergeOverwrite $base (deepCopy .Values.extraConfig) }}
{{- toYaml $config }}
{{- end }}

{{/* Where the evidence signing key and retired public keys are mounted. */}}
{{- define "rehearsal.evidenceMount" -}}
/etc/rehearsal-evidence
{{- end }}
