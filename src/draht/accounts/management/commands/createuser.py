from django.core.management.base import BaseCommand, CommandError

from draht.accounts.choices import Role
from draht.accounts.models import Team, User


class Command(BaseCommand):
    help = "Create a user with a role (and optionally a team)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, default=Role.ACCOUNT_MANAGER)
        parser.add_argument("--team", help="team name; created when missing")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="omit to be asked")
        parser.add_argument("--language", choices=["de", "en"], default="de")

    def handle(self, *args, **options):
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(f"user {options['username']!r} exists already")
        password = options["password"]
        if not password:
            import getpass

            password = getpass.getpass("Password: ")
        team = Team.objects.get_or_create(name=options["team"])[0] if options["team"] else None
        user = User.objects.create_user(
            options["username"], email=options["email"], password=password, role=options["role"], team=team,
            language=options["language"], is_staff=options["role"] == Role.OWNER,
        )
        self.stdout.write(f"created {user.username} ({user.get_role_display()})")
