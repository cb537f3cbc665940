"""The digest of everything the reader says about each activity of a file (errors, findings, in order).

``python -m mandates.interop.tests.findings_digest`` rewrites ``data/findings.json`` from the current
reader; the test ``test_findings_unchanged`` compares the reader with it on every shared sample. The
fixture was recorded with the per-activity evaluator (before rules and codelists were evaluated per
batch), so a change of the reader that changes any finding of any activity fails the test.
"""
import hashlib
import json
from datetime import date
from pathlib import Path

from mandates.core.testing import SHARED_DIR

SAMPLES = SHARED_DIR / "data" / "iati" / "samples"
FIXTURE = Path(__file__).resolve().parent / "data" / "findings.json"
TODAY = date(2026, 11, 29)  # the rules comparing with today's date, frozen so that the fixture holds


def files() -> list[Path]:
    return sorted(SAMPLES.rglob("*.xml"))


def ruleset():
    from mandates.interop import rules
    from mandates.interop.codelists import codelists

    prefixes = frozenset(codelists().get("OrganisationRegistrationAgency", {}).get("active", []))
    return rules.Ruleset.from_file(org_id_prefixes=prefixes, today=TODAY)


def digest(path: Path, processes: int | None = None) -> dict:
    """{"activities": n, "findings": total, "sha256": of every activity's line, errors and findings}."""
    from mandates.interop import reader

    h = hashlib.sha256()
    count = findings = 0
    try:
        for item in reader.read(path, rules_set=ruleset(), processes=processes):
            if isinstance(item, tuple):
                continue
            count += 1
            findings += len(item.findings)
            h.update(json.dumps([item.line, item.errors, item.findings], ensure_ascii=False).encode())
            h.update(b"\n")
    except reader.FileRefused as exc:
        return {"refused": str(exc)}
    return {"activities": count, "findings": findings, "sha256": h.hexdigest()}


def main() -> None:
    import django
    from django.utils import translation

    django.setup()
    translation.activate("en")
    result = {str(p.relative_to(SAMPLES)): digest(p) for p in files()}
    FIXTURE.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(sum(v.get("activities", 0) for v in result.values()), "activities")


if __name__ == "__main__":
    main()
