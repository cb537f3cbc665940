"""The ``mandates`` console script: Django's management commands for this project."""
import importlib
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mandates.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:  # a settings refusal (e.g. production without a secret key) is said plainly, not as a traceback
        importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
    except ImproperlyConfigured as exc:
        sys.exit(f"mandates: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
