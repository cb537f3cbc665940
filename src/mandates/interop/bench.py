"""The IATI rows of ``make bench`` (``mandates.benchmarks``).

- The import of ``samples/large/`` beside the bare lxml parse of the same file (the floor), so the table
  shows the ratio (target: 3x) and the peak memory: once as a first import (the file's activities deleted
  before, not timed) in each route — its checks in a second process beside the one that reads and stores
  (``parallel``: two CPUs against the floor's one; the peak column adds that process's peak), then in one process —
  and once again over the stored activities (a re-import, updated by identifier, reusing the verdicts of
  unchanged activities: ``reuse``, one process).
- The export of every published project (streamed, projects read in batches of ``export_rows.CHUNK``), and
  the organisation file, each beside its floor: the bare SQL reading the same rows
  (``benchmarks.floors.IATI_EXPORT``, ``IATI_ORGANISATION``), then lxml parsing and writing back the same
  file. Targets: within 2x the floor, memory flat (under the exports' limit); the queries column shows the
  batched reads.
"""
import atexit
import io
import shutil
import tempfile
from pathlib import Path

from lxml import etree


def workloads(client, scale: int) -> list:
    return _import_workloads() + _export_workloads()


def _import_workloads() -> list:
    """Two rows: the first import of the file (its activities deleted before, outside the timing) and the same
    import again (every activity already stored: updated by identifier). On a reused database the second row
    alone would hide what a first import costs."""
    from mandates.benchmarks.workloads import Workload
    from mandates.core.testing import SHARED_DIR

    files = sorted((SHARED_DIR / "data" / "iati" / "samples" / "large").glob("*.xml"))
    if not files:
        return []
    path = files[0]
    identifiers, sample = [], b""
    for _event, element in etree.iterparse(str(path), events=("end",), tag="iati-activity"):
        identifiers.append((element.findtext("iati-identifier") or "").strip())
        if not sample:
            version = element.getparent().get("version", "2.03")
            sample = (f'<iati-activities version="{version}">'.encode() + etree.tostring(element)
                      + b"</iati-activities>")
        element.clear()
    count = len(identifiers)

    def importing(processes):
        def run():
            from .services import import_file

            record = import_file(path, processes=processes)
            if record.stored == 0:
                raise RuntimeError(f"{path.name}: {record.reason or 'nothing stored'}")
        return run

    run = importing(None)

    def empty():
        """The file's activities deleted, and the process's caches warmed (the schema, codelists and ruleset
        loaded, the expressions compiled) by checking its first activity alone: both rows measure the import,
        not the first use of the checks in the process."""
        from . import reader, records
        from .models import ExternalActivity
        from .reuse import checks_version

        for start in range(0, len(identifiers), 500):
            ExternalActivity.objects.filter(identifier__in=identifiers[start:start + 500]).delete()
        for item in reader.read(io.BytesIO(sample)):
            if not isinstance(item, tuple):
                records.activity_record(item.element, version=item.version, line=item.line)
        checks_version()

    def floor():
        etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))

    def checks_peak():
        """The checking process's peak above its start (``parallel``: 0 when the import ran in one process)."""
        from .parallel import LAST_PEAK

        return LAST_PEAK["mb"]

    size = f"{path.name[:24]}… ({count:,} activities, {path.stat().st_size / 1e6:.0f} MB)"
    # the first import twice, each route named (by default the route depends on the load when the import starts)
    return [Workload(f"IATI import (first, checks in a second process), {size}", importing(2), floor, repeat=1,
                     kind="import", setup=empty, extra_peak_mb=checks_peak),
            Workload(f"IATI import (first, one process), {size}", importing(1), floor, repeat=1, kind="import",
                     setup=empty, extra_peak_mb=checks_peak),
            Workload(f"IATI import (again, by identifier), {size}", run, floor, repeat=1, kind="import",
                     extra_peak_mb=checks_peak)]


def _export_workloads() -> list:
    from mandates.benchmarks import floors
    from mandates.benchmarks.workloads import Workload, sql_floor

    # a folder of this process, removed when it ends: other checkouts on the machine may run the same bench
    folder = tempfile.mkdtemp(prefix="mandates-bench-iati-")
    atexit.register(shutil.rmtree, folder, True)
    out = Path(folder) / "activities.xml"
    organisation = out.with_name("organisation.xml")
    projects = _count_public()

    def run():
        from .export import write_activities

        if write_activities(out) == 0:
            raise RuntimeError("the IATI export wrote no activity")

    def run_organisation():
        from .export import write_organisation

        write_organisation(str(organisation))

    return [Workload(f"IATI export of all published projects ({projects:,}, streamed)", run,
                     _floor(sql_floor(floors.IATI_EXPORT), out, run), repeat=1, kind="export"),
            Workload("IATI export, organisation file", run_organisation,
                     _floor(sql_floor(floors.IATI_ORGANISATION), organisation, run_organisation), kind="export")]


def _floor(sql, path: Path, run):
    """The bare SQL reading the same rows, then lxml parsing and writing back the same file: the
    least an export must do (read its figures, write its XML)."""
    def floor():
        sql()
        if not path.exists():
            run()
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        with open(path.with_suffix(".floor.xml"), "wb") as handle:
            tree.write(handle, encoding="utf-8", xml_declaration=True)
    return floor


def _count_public() -> int:
    from .selectors import public_projects

    return public_projects().count()
