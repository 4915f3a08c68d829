from django.db import migrations, models


# The old single "level" said both where the student stood in their studies and whether they
# worked: split it into the highest diploma and the situation.
LEGACY = {
    "lycee": ("none", "lycee"),
    "bac": ("bac", "studies"),
    "bac3": ("bac3", "studies"),
    "bac5": ("bac5", ""),
    "pro": ("", "working"),
}


def copy_levels(apps, schema_editor):
    Question = apps.get_model("quiz", "Question")
    Choice = apps.get_model("quiz", "Choice")
    Attempt = apps.get_model("quiz", "Attempt")
    Question.objects.filter(asks_level=True).update(asks="diploma")
    for old, (diploma, situation) in LEGACY.items():
        Choice.objects.filter(level=old).update(diploma=diploma)
        Attempt.objects.filter(level=old).update(diploma=diploma, situation=situation)


class Migration(migrations.Migration):

    dependencies = [
        ('quiz', '0003_question_position_idx'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='question',
            name='one_level_question',
        ),
        migrations.RemoveConstraint(
            model_name='question',
            name='level_question_is_single',
        ),
        migrations.AddField(
            model_name='attempt',
            name='diploma',
            field=models.CharField(blank=True, choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], max_length=10, verbose_name='highest diploma'),
        ),
        migrations.AddField(
            model_name='attempt',
            name='situation',
            field=models.CharField(blank=True, choices=[('lycee', 'At school (collège or lycée)'), ('studies', 'In higher education'), ('working', 'Working'), ('changing', 'Changing careers or looking for work')], max_length=10, verbose_name='situation'),
        ),
        migrations.AddField(
            model_name='choice',
            name='diploma',
            field=models.CharField(blank=True, choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], help_text='Only for the question about the highest diploma.', max_length=10, verbose_name='diploma it means'),
        ),
        migrations.AddField(
            model_name='choice',
            name='situation',
            field=models.CharField(blank=True, choices=[('lycee', 'At school (collège or lycée)'), ('studies', 'In higher education'), ('working', 'Working'), ('changing', 'Changing careers or looking for work')], help_text='Only for the question about the situation today.', max_length=10, verbose_name='situation it means'),
        ),
        migrations.AddField(
            model_name='question',
            name='asks',
            field=models.CharField(blank=True, choices=[('diploma', 'the highest diploma'), ('situation', 'the situation today')], help_text='For the two questions whose answers shape the training path (never the fit); leave empty for every other question.', max_length=10, verbose_name="asks about the student's"),
        ),
        migrations.RunPython(copy_levels, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='attempt',
            name='level',
        ),
        migrations.RemoveField(
            model_name='choice',
            name='level',
        ),
        migrations.RemoveField(
            model_name='question',
            name='asks_level',
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.UniqueConstraint(condition=models.Q(('asks', ''), _negated=True), fields=('questionnaire', 'asks'), name='one_question_per_education_fact', violation_error_message='This questionnaire already asks about this.'),
        ),
        migrations.AddConstraint(
            model_name='question',
            constraint=models.CheckConstraint(condition=models.Q(('asks', ''), ('kind', 'single'), _connector='OR'), name='education_question_is_single', violation_error_message='A question about the diploma or the situation is single choice.'),
        ),
    ]
