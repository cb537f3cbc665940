# Merges the two 0002 leaves that arrived on main together (calendar recurrence, symbol source), so
# that the scale2 branch migrates; the lead may replace it with main's own merge migration.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0002_calendar_recurrence"),
        ("resolutions", "0002_resolution_symbol_source"),
    ]
    operations = []
