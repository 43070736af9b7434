from django.db import migrations, models


class Migration(migrations.Migration):
    # What a one-release change would look like: the old version still writes `request_fingerprint`
    # and knows nothing of `channel`, so its inserts would fail.
    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="order", name="request_fingerprint"),
        migrations.AddField(
            model_name="order",
            name="channel",
            field=models.CharField(max_length=16),
            preserve_default=False,
        ),
    ]
