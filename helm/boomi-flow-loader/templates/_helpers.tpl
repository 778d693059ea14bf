{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "flowloader.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release name already contains the chart name. */}}
{{- define "flowloader.fullname" -}}
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

{{- define "flowloader.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "flowloader.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flowloader.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "flowloader.labels" -}}
helm.sh/chart: {{ include "flowloader.chart" . }}
{{ include "flowloader.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: boomi-flow-loader
{{- end }}

{{- define "flowloader.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "flowloader.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "flowloader.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Name of the Secret holding the database password, API tokens and tenant API keys. */}}
{{- define "flowloader.secretName" -}}
{{- default (include "flowloader.fullname" .) .Values.existingSecret }}
{{- end }}

{{/* Secret key of one tenant's API key; call with (dict "tenant" $t "root" $). */}}
{{- define "flowloader.tenantKey" -}}
{{- default (printf "%s%s" .tenant.name .root.Values.secretKeys.tenantApiKeySuffix) .tenant.apiKeySecretKey }}
{{- end }}

{{- define "flowloader.configPath" -}}/etc/flowloader/config{{- end }}
{{- define "flowloader.secretsPath" -}}/etc/flowloader/secrets{{- end }}

{{/*
The configuration file mounted from the ConfigMap: tenants and non-secret settings in the
service's own property names (design.md §3a). API keys are referenced as files in the Secret mount.
*/}}
{{- define "flowloader.applicationConfig" -}}
{{- $tenants := list }}
{{- range .Values.tenants }}
{{- $t := dict "name" .name "tenant-id" .tenantId "api-key-file" (printf "%s/%s/api-key" (include "flowloader.secretsPath" $) .name) }}
{{- if .baseUrl }}{{- $_ := set $t "base-url" .baseUrl }}{{- end }}
{{- if .dataset }}{{- $_ := set $t "dataset" .dataset }}{{- end }}
{{- with .schedule }}
{{- $s := dict }}
{{- if .cron }}{{- $_ := set $s "cron" .cron }}{{- end }}
{{- if .fixedDelay }}{{- $_ := set $s "fixed-delay" .fixedDelay }}{{- end }}
{{- if .zone }}{{- $_ := set $s "zone" .zone }}{{- end }}
{{- $_ := set $t "schedule" $s }}
{{- end }}
{{- if .resources }}{{- $_ := set $t "resources" .resources }}{{- end }}
{{- $_ := set $t "enabled" (ne .enabled false) }}
{{- $tenants = append $tenants $t }}
{{- end }}
{{- $flowloader := dict "tenants" $tenants }}
{{- with .Values.flowloader.sourceDefinition }}{{- $_ := set $flowloader "source-definition" . }}{{- end }}
{{- $own := dict
  "flowloader" $flowloader
  "spring" (dict "lifecycle" (dict "timeout-per-shutdown-phase" (printf "%ds" (int .Values.flowloader.shutdownDrainSeconds))))
}}
{{- mustMergeOverwrite (deepCopy .Values.flowloader.extraConfig) $own | toYaml }}
{{- end }}

{{/* Pod spec parts shared by the Deployment and the CronJob. */}}
{{- define "flowloader.podVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
- name: config
  configMap:
    name: {{ include "flowloader.fullname" . }}
{{- if .Values.tenants }}
- name: tenant-api-keys
  secret:
    secretName: {{ include "flowloader.secretName" . }}
    defaultMode: 0440
    items:
    {{- range .Values.tenants }}
      - key: {{ include "flowloader.tenantKey" (dict "tenant" . "root" $) }}
        path: {{ .name }}/api-key
    {{- end }}
{{- end }}
{{- with .Values.extraVolumes }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "flowloader.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: {{ include "flowloader.configPath" . }}
  readOnly: true
{{- if .Values.tenants }}
- name: tenant-api-keys
  mountPath: {{ include "flowloader.secretsPath" . }}
  readOnly: true
{{- end }}
{{- with .Values.extraVolumeMounts }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "flowloader.env" -}}
- name: SPRING_CONFIG_ADDITIONAL_LOCATION
  value: file:{{ include "flowloader.configPath" . }}/application-tenants.yaml
- name: FLOWLOADER_DB_URL
  value: {{ .Values.database.url | quote }}
- name: FLOWLOADER_DB_USER
  value: {{ .Values.database.user | quote }}
- name: FLOWLOADER_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "flowloader.secretName" . }}
      key: {{ .Values.secretKeys.dbPassword }}
- name: FLOWLOADER_API_TOKENS
  valueFrom:
    secretKeyRef:
      name: {{ include "flowloader.secretName" . }}
      key: {{ .Values.secretKeys.apiTokens }}
- name: FLOWLOADER_API_READ_TOKENS
  valueFrom:
    secretKeyRef:
      name: {{ include "flowloader.secretName" . }}
      key: {{ .Values.secretKeys.apiReadTokens }}
      optional: true
- name: JAVA_TOOL_OPTIONS
  value: {{ .Values.javaToolOptions | quote }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}
