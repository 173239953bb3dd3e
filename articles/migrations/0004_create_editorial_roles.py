"""Create the newsroom's roles as Groups with their permissions (记者, 通讯员, 编辑, 部门主任, 总编辑).

What each role may do beyond these model permissions (own drafts only, the review level its
Group is bound to by EDITORIAL_REVIEW_GROUPS) is enforced in articles/models.py and
articles/workflow.py.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AUTHOR = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.submit_article",
    "articles.add_articlebyline",
    "articles.change_articlebyline",
    "articles.delete_articlebyline",
    "articles.view_articlebyline",
    "articles.view_articletransition",
    "articles.view_correction",
    "articles.add_image",
    "articles.view_image",
    "articles.view_topic",
    "people.view_person",
    "people.view_organization",
]
JOURNALIST = [*AUTHOR, "articles.change_image", "articles.add_topic"]
CORRESPONDENT = AUTHOR
REVIEWER = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_articlebyline",
    "articles.change_articlebyline",
    "articles.delete_articlebyline",
    "articles.view_articlebyline",
    "articles.view_articletransition",
    "articles.view_correction",
    "articles.add_image",
    "articles.change_image",
    "articles.view_image",
    "articles.add_topic",
    "articles.change_topic",
    "articles.view_topic",
    "people.add_person",
    "people.change_person",
    "people.view_person",
    "people.view_organization",
]
CHIEF_EDITOR = [
    *REVIEWER,
    "articles.publish_article",
    "articles.unpublish_article",
    "articles.correct_article",
    "articles.delete_article",
    "articles.add_correction",
    "articles.change_correction",
]

ROLES = {
    "记者": JOURNALIST,
    "通讯员": CORRESPONDENT,
    "编辑": REVIEWER,
    "部门主任": REVIEWER,
    "总编辑": CHIEF_EDITOR,
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow_states_log_corrections"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
