from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "wistara.common"
    label = "common"
