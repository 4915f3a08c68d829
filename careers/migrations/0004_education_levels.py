from django.db import migrations, models


def lycee_is_no_diploma(apps, schema_editor):
    """"lycee" (starts at school) is now "none" (no diploma yet) on the one scale of levels."""
    TrainingStep = apps.get_model("careers", "TrainingStep")
    Role = apps.get_model("careers", "Role")
    TrainingStep.objects.filter(from_level="lycee").update(from_level="none")
    TrainingStep.objects.filter(to_level="lycee").update(to_level="none")
    Role.objects.filter(education_level="lycee").update(education_level="none")


class Migration(migrations.Migration):

    dependencies = [
        ('careers', '0003_delete_contentversion'),
    ]

    operations = [
        migrations.AlterField(
            model_name='role',
            name='education_level',
            field=models.CharField(blank=True, choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], max_length=10, verbose_name='usual education level'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='from_level',
            field=models.CharField(blank=True, choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], max_length=10, verbose_name='starts from'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='to_level',
            field=models.CharField(blank=True, choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], max_length=10, verbose_name='leads to'),
        ),
        migrations.RunPython(lycee_is_no_diploma, migrations.RunPython.noop),
    ]
