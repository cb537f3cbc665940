"""The results pages: indicators and their values (``values``), deliveries (``deliveries``) and the
implementation plan (``plan``)."""
