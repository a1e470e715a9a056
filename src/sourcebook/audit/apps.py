from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sourcebook.audit"
    verbose_name = "Audit log"
