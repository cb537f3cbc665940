"""The IATI import in ``make bench`` (``mandates.benchmarks``): the import of ``samples/large/`` beside the bare
lxml parse of the same file (the floor), so the table shows the ratio (target: 3x) and the peak memory."""
from lxml import etree


def workloads(client, scale: int) -> list:
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
