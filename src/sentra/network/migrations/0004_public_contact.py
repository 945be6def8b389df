import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0003_provenance_entered"),
    ]

    operations = [
        migrations.AddField(
            model_name="sentra",
            name="walk_in_hours",
            field=models.CharField(
                blank=True,
                help_text="e.g. Mon-Fri 08:00-16:00 WIB",
                max_length=200,
                verbose_name="walk-in hours",
            ),
        ),
        migrations.AddField(
            model_name="sentra",
            name="referral_route",
            field=models.TextField(
                blank=True,
                help_text="How a family, village office or agency refers someone to this centre.",
                verbose_name="referral route",
            ),
        ),
        migrations.AddField(
            model_name="sentra",
            name="hotline",
            field=models.CharField(
                blank=True,
                max_length=30,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\+?[0-9 ()-]{3,30}$", "Use digits, spaces, brackets or dashes."
                    )
                ],
                verbose_name="hotline",
            ),
        ),
    ]
