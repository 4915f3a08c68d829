import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('careers', '0009_editors_edit_sources_routes_and_rome_codes'),
    ]

    operations = [
        migrations.AlterField(
            model_name='source',
            name='url',
            field=models.URLField(blank=True, max_length=400, validators=[django.core.validators.URLValidator(code='https_only', message='Enter a full https:// address.', schemes=['https'])], verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='onisep_url',
            field=models.URLField(blank=True, max_length=400, validators=[django.core.validators.URLValidator(code='https_only', message='Enter a full https:// address.', schemes=['https'])], verbose_name='Onisep page'),
        ),
        migrations.AlterField(
            model_name='trainingstep',
            name='url',
            field=models.URLField(blank=True, max_length=400, validators=[django.core.validators.URLValidator(code='https_only', message='Enter a full https:// address.', schemes=['https'])], verbose_name='other link'),
        ),
    ]
