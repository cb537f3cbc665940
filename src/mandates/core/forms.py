"""Form helpers shared by the apps."""
from django.core.exceptions import ValidationError


def apply_service_errors(form, exc: ValidationError) -> None:
    """Show a service's validation error on the form, per field where the field exists."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class DateRangeMixin:
    """Refuses a range that ends before it starts (fields ``start_date``/``end_date``)."""

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        return data


class DateWidget:
    """Native date pickers for date fields."""

    @staticmethod
    def attrs():
        return {"type": "date"}
