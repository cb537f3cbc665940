import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL patterns) lives as long as the process: kept out of the
# collector's full passes, which otherwise walked it all again every few requests (80–90 ms, seen in the
# pages6 profiles as one request in eight paying for it).
gc.freeze()
