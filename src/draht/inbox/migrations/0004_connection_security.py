"""Connection security as a choice (IMAPS, STARTTLS, unencrypted) instead of an IMAPS yes/no: a mailbox that
was unencrypted stays unencrypted, one with IMAPS keeps it."""

from django.db import migrations, models


def from_use_ssl(apps, schema_editor):
    Mailbox = apps.get_model("inbox", "Mailbox")
    Mailbox.objects.filter(use_ssl=False).update(security="none")


def to_use_ssl(apps, schema_editor):
    Mailbox = apps.get_model("inbox", "Mailbox")
    Mailbox.objects.filter(security="none").update(use_ssl=False)


class Migration(migrations.Migration):

    dependencies = [
        ("inbox", "0003_in_reply_to_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailbox",
            name="security",
            field=models.CharField(choices=[("imaps", "TLS from the start (IMAPS, usually port 993)"),
                                            ("starttls", "STARTTLS (usually port 143)"),
                                            ("none", "unencrypted (only for a server on this machine)")],
                                   default="imaps", max_length=10, verbose_name="connection security"),
        ),
        migrations.RunPython(from_use_ssl, to_use_ssl),
        migrations.RemoveField(model_name="mailbox", name="use_ssl"),
    ]
