import os

from django.core.wsgi import get_wsgi_application

os.umask(0o077)  # uploaded files and anything else the web process writes: owner-only
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "draht.settings")
application = get_wsgi_application()
