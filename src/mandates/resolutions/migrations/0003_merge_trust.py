# Joins the two 0002 leaves that main holds after its last merges (calendar recurrence, symbol source),
# so that the trust branch migrates; the lead may keep whichever merge migration lands first.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0002_calendar_recurrence"),
        ("resolutions", "0002_resolution_symbol_source"),
    ]
    operations = []
