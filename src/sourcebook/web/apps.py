from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "sourcebook.web"
    verbose_name = "Web pages"
