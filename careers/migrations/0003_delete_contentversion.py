from django.db import migrations


class Migration(migrations.Migration):
    """The content version moved to the core app (core.0001_initial)."""

    dependencies = [
        ("careers", "0002_contentversion"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="ContentVersion"),
    ]
