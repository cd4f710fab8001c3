{{/* The release's name prefix for every object: <release>, or <release>-kfn when the release name lacks "kfn". */}}
{{- define "kfn.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{- define "kfn.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "kfn.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Labels of one component's objects; call with (dict "ctx" $ "component" "operator"). */}}
{{- define "kfn.labels" -}}
helm.sh/chart: {{ include "kfn.chart" .ctx }}
{{ include "kfn.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: kfn
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- end }}

{{/* What a component's Deployment, Service, PodDisruptionBudget and NetworkPolicy select its pods by. */}}
{{- define "kfn.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kfn.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* An image reference from {registry, repository, tag}; the chart-wide image.registry and appVersion fill gaps. */}}
{{- define "kfn.image" -}}
{{- $registry := default .ctx.Values.image.registry .image.registry -}}
{{- $tag := default (default .ctx.Chart.AppVersion .ctx.Values.image.tag) .image.tag -}}
{{- if $registry -}}
{{- printf "%s/%s:%s" $registry .image.repository $tag -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end }}

{{- define "kfn.gatewayUrl" -}}
{{- $port := int .Values.gateway.service.port -}}
{{- $service := printf "http://%s-gateway.%s.svc%s" (include "kfn.fullname" .) .Release.Namespace (ternary "" (printf ":%d" $port) (eq $port 80)) -}}
{{- default $service .Values.gateway.url -}}
{{- end }}

{{- define "kfn.rabbitmqClusterName" -}}
{{- printf "%s-rabbitmq" (include "kfn.fullname" .) -}}
{{- end }}

{{/* The broker's address: the RabbitmqCluster's Service when the chart creates one, else broker.host. */}}
{{- define "kfn.brokerHost" -}}
{{- if .Values.rabbitmq.createCluster -}}
{{- printf "%s.%s.svc" (include "kfn.rabbitmqClusterName" .) .Release.Namespace -}}
{{- else -}}
{{- required "kfn needs a broker: set broker.host (an existing RabbitMQ) or rabbitmq.createCluster=true" .Values.broker.host -}}
{{- end -}}
{{- end }}

{{- define "kfn.brokerManagementUrl" -}}
{{- default (printf "http://%s:15672" (include "kfn.brokerHost" .)) .Values.broker.managementUrl -}}
{{- end }}

{{/* The login's Secret: the one given, the Cluster Operator's default user of a created cluster, or the chart's. */}}
{{- define "kfn.brokerSecret" -}}
{{- if .Values.broker.existingSecret -}}
{{- .Values.broker.existingSecret -}}
{{- else if .Values.rabbitmq.createCluster -}}
{{- printf "%s-default-user" (include "kfn.rabbitmqClusterName" .) -}}
{{- else -}}
{{- printf "%s-broker" (include "kfn.fullname" .) -}}
{{- end -}}
{{- end }}

{{- define "kfn.identityKeySecret" -}}
{{- default (printf "%s-identity-key" (include "kfn.fullname" .)) .Values.operator.identityKeySecret -}}
{{- end }}

{{/* The one broker settings shape every kfn process reads: KFN_BROKER_* */}}
{{- define "kfn.brokerEnv" -}}
- {name: KFN_BROKER_HOST, value: {{ include "kfn.brokerHost" . | quote }}}
- {name: KFN_BROKER_PORT, value: {{ .Values.broker.port | quote }}}
- {name: KFN_BROKER_VHOST, value: {{ .Values.broker.vhost | quote }}}
- {name: KFN_BROKER_MANAGEMENT_URL, value: {{ include "kfn.brokerManagementUrl" . | quote }}}
- name: KFN_BROKER_USERNAME
  valueFrom: {secretKeyRef: {name: {{ include "kfn.brokerSecret" . }}, key: username}}
- name: KFN_BROKER_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "kfn.brokerSecret" . }}, key: password}}
{{- end }}

{{/*
The pod-level settings operator and gateway share: pull secrets, scheduling, the restricted Pod Security Standard.
Call with (dict "ctx" $ "pod" .Values.gateway).
*/}}
{{- define "kfn.podSpec" -}}
{{- with .ctx.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .pod.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .pod.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .pod.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .pod.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .ctx.Values.podSecurityContext | nindent 2 }}
volumes:
  # the root filesystem is read-only; Quarkus and the JVM write temporary files here
  - name: tmp
    emptyDir: {sizeLimit: 64Mi}
{{- end }}

{{- define "kfn.containerSecurity" -}}
securityContext:
  readOnlyRootFilesystem: true
  allowPrivilegeEscalation: false
  runAsNonRoot: true
  capabilities: {drop: [ALL]}
  seccompProfile: {type: RuntimeDefault}
volumeMounts:
  - {name: tmp, mountPath: /tmp}
{{- end }}
