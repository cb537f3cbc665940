from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('interop', '0002_activity_fingerprint'),
    ]

    operations = [
        migrations.AddField(
            model_name='externalactivity',
            name='check_key',
            field=models.CharField(blank=True, default='', editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name='externalactivity',
            name='errors_found',
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
