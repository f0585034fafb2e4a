{{/* Labels of every object of the application, the same as the cluster target sets. */}}
{{- define "processdeploy-application.labels" -}}
app.kubernetes.io/managed-by: processdeploy
app.kubernetes.io/part-of: {{ .Values.global.application.name | quote }}
processdeploy.io/application: {{ .Values.global.application.name | quote }}
{{- end }}

{{/*
The data of the security ConfigMap: each list a JSON array (toJson), so that no name can change
its meaning. Keep identical to "processdeploy-service.securityData": the
services that read security carry the checksum of this text.
*/}}
{{- define "processdeploy-application.securityData" -}}
{{- $s := .Values.global.security -}}
admins.groups: {{ default (list) $s.admins.groups | toJson | quote }}
admins.users: {{ default (list) $s.admins.users | toJson | quote }}
users.groups: {{ default (list) $s.users.groups | toJson | quote }}
users.users: {{ default (list) $s.users.users | toJson | quote }}
{{- end }}
