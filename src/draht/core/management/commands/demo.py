import os
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand

from draht.core.demo import DEMO_PASSWORD, USERS, create_demo, demo_exists


class Command(BaseCommand):
    help = "Create demo data once (users, customers, two years of interactions). Does nothing if it exists."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=320)

    def handle(self, *args, **options):
        if demo_exists():
            self.stdout.write("Demo data exists already.")
        else:
            counts = create_demo(options["customers"])
            self.stdout.write("Demo data created: {users} users, {customers} customers, "
                              "{interactions} interactions.".format(**counts))
        self.stdout.write(f"Demo logins (password {DEMO_PASSWORD}):")
        for username, _first, _last, role, team, _lang in USERS:
            self.stdout.write(f"  {username:<14} {role.label} ({team})")
        self.stdout.write("Owners and managers set up a second factor (an authenticator app) at their first sign-in.")
        self.stdout.write("betreuer (Lukas Egger) reads draht in English; everyone else in German.")
        secret_file = settings.VAR_DIR / "telephony_secret"
        if not os.environ.get("DRAHT_TELEPHONY_SECRET") and not secret_file.exists():
            descriptor = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_urlsafe(32) + "\n")
            self.stdout.write(f"A demo secret for the telephone system is in {secret_file} (used while "
                              "DRAHT_TELEPHONY_SECRET is not set).")
