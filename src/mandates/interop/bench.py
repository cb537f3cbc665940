"""The IATI rows of ``make bench`` (``mandates.benchmarks``).

- The import of ``samples/large/`` beside the bare lxml parse of the same file (the floor), so the table
  shows the ratio (target: 3x) and the peak memory.
- The export of every published project (streamed, projects read in chunks of ``selectors.CHUNK``) beside
  the floor of its XML alone: lxml parsing and writing back the same file. The target is memory (flat,
  under the exports' limit); the queries column shows the chunked reads.
"""
import tempfile
from pathlib import Path

from lxml import etree


def workloads(client, scale: int) -> list:
    return _import_workloads() + _export_workloads()


def _import_workloads() -> list:
    from mandates.benchmarks.workloads import Workload
    from mandates.core.testing import SHARED_DIR

    files = sorted((SHARED_DIR / "data" / "iati" / "samples" / "large").glob("*.xml"))
    if not files:
        return []
    path = files[0]
    count = sum(1 for _ in etree.iterparse(str(path), events=("end",), tag="iati-activity"))

    def run():
        from .services import import_file

        record = import_file(path)
        if record.stored == 0:
            raise RuntimeError(f"{path.name}: {record.reason or 'nothing stored'}")

    def floor():
        etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))

    return [Workload(f"IATI import, {path.name[:24]}… ({count:,} activities, {path.stat().st_size / 1e6:.0f} MB)",
                     run, floor, repeat=1, kind="import")]


def _export_workloads() -> list:
    from mandates.benchmarks.workloads import Workload

    out = Path(tempfile.gettempdir()) / "mandates-bench-iati-activities.xml"
    projects = _count_public()

    def run():
        from .export import write_activities

        if write_activities(out) == 0:
            raise RuntimeError("the IATI export wrote no activity")

    def floor():
        if not out.exists():
            run()
        tree = etree.parse(str(out), etree.XMLParser(resolve_entities=False, no_network=True))
        with open(out.with_suffix(".floor.xml"), "wb") as handle:
            tree.write(handle, encoding="utf-8", xml_declaration=True)

    return [Workload(f"IATI export of all published projects ({projects:,}, streamed)", run, floor, repeat=1,
                     kind="export")]


def _count_public() -> int:
    from .selectors import public_projects

    return public_projects().count()
