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

{{/*
The daemon's application.yaml: the catalog's datasource, the health probes, and rehearsal.* from
the values, with extraConfig merged over them. The database password is not here: it comes from the
Secret, as SPRING_DATASOURCE_PASSWORD.
*/}}
{{- define "rehearsal.applicationConfig" -}}
{{- $base := dict
  "server" (dict "port" (int .Values.containerPort) "shutdown" "graceful")
  "spring" (dict
    "datasource" (dict "url" .Values.database.url "username" .Values.database.username))
  "management" (dict
    "endpoint" (dict "health" (dict "probes" (dict "enabled" true)))
    "endpoints" (dict "web" (dict "exposure" (dict "include" "health,prometheus,info"))))
  "rehearsal" (deepCopy .Values.rehearsal) }}
{{- $config := mustMergeOverwrite $base (deepCopy .Values.extraConfig) }}
{{- toYaml $config }}
{{- end }}
