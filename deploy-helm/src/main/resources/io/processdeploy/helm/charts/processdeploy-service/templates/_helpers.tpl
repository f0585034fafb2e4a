{{/*
Labels of every object of this service, the same as the cluster target sets: the application's
labels, then component, name and instance. The service name is the chart's alias.
*/}}
{{- define "processdeploy-service.labels" -}}
app.kubernetes.io/managed-by: processdeploy
app.kubernetes.io/part-of: {{ .Values.global.application.name | quote }}
processdeploy.io/application: {{ .Values.global.application.name | quote }}
app.kubernetes.io/component: {{ .Values.component | quote }}
app.kubernetes.io/name: {{ .Chart.Name | quote }}
app.kubernetes.io/instance: {{ printf "%s-%s" .Values.global.application.name .Chart.Name | quote }}
{{- end }}

{{/* The selector of this service's pods. */}}
{{- define "processdeploy-service.selector" -}}
app.kubernetes.io/instance: {{ printf "%s-%s" .Values.global.application.name .Chart.Name | quote }}
app.kubernetes.io/name: {{ .Chart.Name | quote }}
{{- end }}

{{/*
The data of the security ConfigMap: each list a JSON array (toJson), so that no name can change
its meaning. Keep identical to "processdeploy-application.securityData":
the checksum of this text must change exactly when that ConfigMap does.
*/}}
{{- define "processdeploy-service.securityData" -}}
{{- $s := .Values.global.security -}}
admins.groups: {{ default (list) $s.admins.groups | toJson | quote }}
admins.users: {{ default (list) $s.admins.users | toJson | quote }}
users.groups: {{ default (list) $s.users.groups | toJson | quote }}
users.users: {{ default (list) $s.users.users | toJson | quote }}
{{- end }}

{{/* The checksum of the security configuration, for services that read it. */}}
{{- define "processdeploy-service.securityChecksum" -}}
{{- include "processdeploy-service.securityData" . | sha256sum -}}
{{- end }}

{{/* A probe on the port http: an HTTP GET of its path, or TCP when it has none. */}}
{{- define "processdeploy-service.probe" -}}
{{- if .path -}}
httpGet:
  path: {{ .path | quote }}
  port: http
  scheme: HTTP
{{- else -}}
tcpSocket:
  port: http
{{- end }}
{{- with .initialDelaySeconds }}
initialDelaySeconds: {{ int . }}
{{- end }}
periodSeconds: {{ int .periodSeconds }}
timeoutSeconds: {{ int .timeoutSeconds }}
failureThreshold: {{ int .failureThreshold }}
{{- end }}
