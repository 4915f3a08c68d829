import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('careers', '0007_fill_content_keys'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='trainingstep',
            options={'ordering': ['role', 'route', 'order', 'id'], 'verbose_name': 'training step', 'verbose_name_plural': 'training steps'},
        ),
        migrations.RemoveField(
            model_name='role',
            name='rome_code',
        ),
        migrations.RemoveField(
            model_name='role',
            name='rome_label',
        ),
        migrations.RemoveField(
            model_name='role',
            name='source_file',
        ),
        migrations.RemoveField(
            model_name='role',
            name='source_title',
        ),
        migrations.RemoveField(
            model_name='role',
            name='source_year',
        ),
        migrations.AddField(
            model_name='trainingstep',
            name='apprenticeship',
            field=models.CharField(blank=True, choices=[('yes', 'in apprenticeship'), ('possible', 'apprenticeship possible')], max_length=10, verbose_name='apprenticeship'),
        ),
        migrations.AddField(
            model_name='trainingstep',
            name='onisep_url',
            field=models.URLField(blank=True, max_length=400, validators=[django.core.validators.URLValidator(message='Enter a full https:// address.', schemes=['https'])], verbose_name='Onisep page'),
        ),
        migrations.AddField(
            model_name='trainingstep',
            name='parcoursup_query',
            field=models.CharField(blank=True, help_text="The words to search Parcoursup's map of formations with.", max_length=120, verbose_name='Parcoursup search'),
        ),
        migrations.AddField(
            model_name='trainingstep',
            name='rncp_number',
            field=models.CharField(blank=True, help_text='Its record at France compétences is linked.', max_length=6, validators=[django.core.validators.RegexValidator('^\\d{4,6}$', 'The digits of the RNCP record, e.g. 35475.')], verbose_name='RNCP number'),
        ),
        migrations.AlterField(
            model_name='salaryrange',
            name='gross',
            field=models.BooleanField(blank=True, help_text='Gross or net, as the source says; empty when it does not.', null=True, verbose_name='gross'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='kind',
            field=models.CharField(choices=[('diploma', 'Diploma'), ('certification', 'Certification'), ('vae', 'Validation of experience (VAE)'), ('course', 'Course'), ('project', 'Project'), ('experience', 'Experience')], max_length=14, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='title',
            field=models.CharField(max_length=200, verbose_name='title'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='url',
            field=models.URLField(blank=True, max_length=400, validators=[django.core.validators.URLValidator(message='Enter a full https:// address.', schemes=['https'])], verbose_name='other link'),
        ),
        migrations.CreateModel(
            name='Route',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('audience', models.CharField(choices=[('bac-pro-techno', 'From a bac pro or a bac techno'), ('bac-general', 'From a bac général'), ('higher-ed', 'After a bac+2, a bac+3 or more'), ('adult', 'For an adult changing careers')], max_length=16, verbose_name='for')),
                ('from_level', models.CharField(choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], max_length=10, verbose_name='starts from')),
                ('to_level', models.CharField(blank=True, choices=[('none', 'No diploma yet, or the brevet'), ('cap-bacpro', 'CAP or bac pro'), ('bac', 'Baccalauréat'), ('bac2', 'Bac+2 (BTS, DEUST…)'), ('bac3', 'Bac+3 (licence, BUT, bachelor)'), ('bac5', 'Bac+5 (master, engineering school)'), ('bac8', 'Doctorate (bac+8)')], max_length=10, verbose_name='leads to')),
                ('duration', models.CharField(blank=True, max_length=80, verbose_name='typical duration')),
                ('apprenticeship', models.CharField(blank=True, choices=[('yes', 'in apprenticeship'), ('possible', 'apprenticeship possible')], max_length=10, verbose_name='apprenticeship')),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='routes', to='careers.role', verbose_name='role')),
            ],
            options={
                'verbose_name': 'route',
                'verbose_name_plural': 'routes',
                'ordering': ['role', 'order', 'id'],
            },
        ),
        migrations.AddField(
            model_name='trainingstep',
            name='route',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='steps', to='careers.route', verbose_name='route'),
        ),
        migrations.CreateModel(
            name='Source',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.SlugField(help_text='How the content files refer to this source.', max_length=80, unique=True, verbose_name='key')),
                ('title', models.CharField(max_length=200, verbose_name='title')),
                ('publisher', models.CharField(blank=True, max_length=120, verbose_name='publisher')),
                ('url', models.URLField(blank=True, max_length=400, validators=[django.core.validators.URLValidator(message='Enter a full https:// address.', schemes=['https'])], verbose_name='address')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='year')),
                ('seed_file', models.CharField(blank=True, help_text='For an article given to the project, which has no public address here.', max_length=120, verbose_name='seed article')),
            ],
            options={
                'verbose_name': 'source',
                'verbose_name_plural': 'sources',
                'ordering': ['title'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('url', ''), _negated=True), models.Q(('seed_file', ''), _negated=True), _connector='OR'), name='source_has_address_or_seed', violation_error_message='A source needs an address, or the seed article it is.')],
            },
        ),
        migrations.AddField(
            model_name='role',
            name='education_level_source',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='careers.source', verbose_name='source of the usual level'),
        ),
        migrations.AddField(
            model_name='role',
            name='employability_source',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='careers.source', verbose_name='source of the employability, mobility and recommended bac'),
        ),
        migrations.AddField(
            model_name='role',
            name='sources',
            field=models.ManyToManyField(blank=True, help_text="The articles the role's description, missions and skills are drawn from.", related_name='roles', to='careers.source', verbose_name='sources of the description'),
        ),
        migrations.AddField(
            model_name='trainingstep',
            name='source',
            field=models.ForeignKey(blank=True, help_text='Where the step is described, when it has no public page.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='careers.source', verbose_name='source'),
        ),
        # The free-text source becomes a Source (the content files give it again on the next load).
        migrations.RemoveField(model_name='salaryrange', name='source'),
        migrations.AddField(
            model_name='salaryrange',
            name='source',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='careers.source', verbose_name='source'),
        ),
        migrations.CreateModel(
            name='RomeCode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                ('code', models.CharField(max_length=5, validators=[django.core.validators.RegexValidator('^[A-N]\\d{4}$', 'A ROME code is a letter and four digits, e.g. M1802.')], verbose_name='ROME code')),
                ('label', models.CharField(max_length=160, verbose_name='ROME label')),
                ('role', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='rome_codes', to='careers.role', verbose_name='role')),
                ('source', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='careers.source', verbose_name='source')),
            ],
            options={
                'verbose_name': 'ROME code',
                'verbose_name_plural': 'ROME codes',
                'ordering': ['role', 'order', 'id'],
                'constraints': [models.UniqueConstraint(fields=('role', 'code'), name='rome_code_once_per_role')],
            },
        ),
    ]
