{{/* Labels of every object of the application, the same as the cluster target sets. */}}
{{- define "processdeploy-application.labels" -}}
app.kubernetes.io/managed-by: processdeploy
app.kubernetes.io/part-of: {{ .Values.global.application.name | quote }}
processdeploy.io/application: {{ .Values.global.application.name | quote }}
{{- end }}

{{/*
The data of the security ConfigMap. Keep identical to "processdeploy-service.securityData": the
services that read security carry the checksum of this text.
*/}}
{{- define "processdeploy-application.securityData" -}}
{{- $s := .Values.global.security -}}
admins.groups: {{ join "," $s.admins.groups | quote }}
admins.users: {{ join "," $s.admins.users | quote }}
users.groups: {{ join "," $s.users.groups | quote }}
users.users: {{ join "," $s.users.users | quote }}
{{- end }}
