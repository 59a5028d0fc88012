"""Fewer indexes to maintain on every insert (the import writes thousands of rows a second).

The owner's own index is covered by customer_owner_covered and the other owner-led indexes; the single-column
indexes from db_index=True become plain Meta indexes, so PostgreSQL no longer keeps a second, LIKE-prefix
(`_like`) index beside each that no query uses. The old indexes are dropped by name (the same names on both
databases) instead of letting AlterField rebuild the tables on SQLite.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

OLD_INDEXES = [
    "customers_customer_owner_id_fbb2798e",
    "customers_customer_external_id_b1779fc4", "customers_customer_external_id_b1779fc4_like",
    "customers_contactperson_email_35ea6884", "customers_contactperson_email_35ea6884_like",
    "customers_contactperson_phone_0469f435", "customers_contactperson_phone_0469f435_like",
    "customers_contactperson_mobile_6c9c4a49", "customers_contactperson_mobile_6c9c4a49_like",
]


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_email_signature"),
        ("customers", "0006_add_match_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="contactperson", name="email",
                    field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
                ),
                migrations.AlterField(
                    model_name="contactperson", name="mobile",
                    field=models.CharField(blank=True, max_length=20, verbose_name="mobile"),
                ),
                migrations.AlterField(
                    model_name="contactperson", name="phone",
                    field=models.CharField(blank=True, max_length=20, verbose_name="phone"),
                ),
                migrations.AlterField(
                    model_name="customer", name="external_id",
                    field=models.CharField(blank=True, max_length=100, verbose_name="external id"),
                ),
                migrations.AlterField(
                    model_name="customer", name="owner",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT,
                                            related_name="customers", to=settings.AUTH_USER_MODEL,
                                            verbose_name="owner"),
                ),
            ],
            database_operations=[migrations.RunSQL([f"DROP INDEX IF EXISTS {name}" for name in OLD_INDEXES],
                                                   migrations.RunSQL.noop)],
        ),
        migrations.AddIndex(model_name="contactperson", index=models.Index(fields=["email"], name="contact_email")),
        migrations.AddIndex(model_name="contactperson", index=models.Index(fields=["phone"], name="contact_phone")),
        migrations.AddIndex(model_name="contactperson", index=models.Index(fields=["mobile"], name="contact_mobile")),
        migrations.AddIndex(model_name="customer",
                            index=models.Index(fields=["external_id"], name="customer_external_id")),
    ]
