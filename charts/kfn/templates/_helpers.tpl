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
