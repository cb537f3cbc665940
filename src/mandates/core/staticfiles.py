"""Static files for production: hashed names, compressed copies, far-future cache headers (WhiteNoise).

Vendored libraries from the npm registry end with ``//# sourceMappingURL=...`` comments naming
source maps that are not vendored; the references are left as they are instead of failing
``collectstatic`` (browsers fetch maps only with developer tools open).
"""
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    for extension, rules in patterns:
        kept = tuple(rule for rule in rules
                     if "sourceMappingURL" not in (rule[0] if isinstance(rule, tuple) else rule))
        yield extension, kept


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = tuple(_without_source_maps(CompressedManifestStaticFilesStorage.patterns))
