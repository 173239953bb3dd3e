from django.apps import AppConfig


class DevdataConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "devdata"
    verbose_name = "演示与测试数据"
