{{- define "kfn.labels" -}}
app.kubernetes.io/name: kfn-operator
app.kubernetes.io/part-of: kfn
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "kfn.brokerSecret" -}}
{{- default (printf "%s-broker" .Release.Name) .Values.broker.existingSecret -}}
{{- end }}

{{- define "kfn.identityKeySecret" -}}
{{- default (printf "%s-identity-key" .Release.Name) .Values.operator.identityKeySecret -}}
{{- end }}

{{/* The one broker settings shape every kfn process reads: KFN_BROKER_* */}}
{{- define "kfn.brokerEnv" -}}
- {name: KFN_BROKER_HOST, value: {{ .Values.broker.host | quote }}}
- {name: KFN_BROKER_PORT, value: {{ .Values.broker.port | quote }}}
- {name: KFN_BROKER_VHOST, value: {{ .Values.broker.vhost | quote }}}
- {name: KFN_BROKER_MANAGEMENT_URL, value: {{ .Values.broker.managementUrl | quote }}}
- name: KFN_BROKER_USERNAME
  valueFrom: {secretKeyRef: {name: {{ include "kfn.brokerSecret" . }}, key: username}}
- name: KFN_BROKER_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ include "kfn.brokerSecret" . }}, key: password}}
{{- end }}
