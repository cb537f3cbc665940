"""The implementation plan (2007/12 para. 7): ``build`` assembles it in named steps, ``filters`` reads
the page's and the API's choices, ``funding`` gives column (b) from the finance records."""
from .build import GAP_LABELS, implementation_plan  # noqa: F401
