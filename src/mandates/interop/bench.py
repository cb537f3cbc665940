"""IATI import throughput for ``make bench``: activities per second, as a ratio to lxml's bare parse of the
same file, and the peak resident memory of the import beside that of a file ten times smaller."""
import time
from pathlib import Path

from lxml import etree


def _peak_rss_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _bare_parse(path: Path) -> tuple[float, float, int]:
    started = time.perf_counter()
    etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    whole = time.perf_counter() - started
    started = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(str(path), events=("end",), tag="iati-activity",
                                           resolve_entities=False, no_network=True):
        count += 1
        element.clear()
    return whole, time.perf_counter() - started, count


def _import(path: Path):
    from .services import import_file

    reset = _peak_rss_reset()
    started = time.perf_counter()
    record = import_file(path)
    return time.perf_counter() - started, record, _peak_rss_mb() if reset else None


def run(shared: Path) -> list[str]:
    large = sorted((shared / "data" / "iati" / "samples" / "large").glob("*.xml"))
    small = shared / "data" / "iati" / "samples" / "who-argentina_XM-DAC-928.xml"
    if not large or not small.is_file():
        return [f"IATI import: no samples under {shared} (set MANDATES_SHARED_DIR)"]
    path = large[0]
    whole, streamed, count = _bare_parse(path)
    small_time, _small_record, small_rss = _import(small)
    first, record, rss = _import(path)
    again, _again, rss_again = _import(path)
    lines = [
        f"IATI import of {path.name} ({path.stat().st_size / 1e6:.1f} MB, {count} activities)",
        f"  lxml bare parse: {whole * 1000:.0f} ms (whole tree), {streamed * 1000:.0f} ms (streamed iterparse)",
        f"  import (new):    {first * 1000:.0f} ms, {record.stored / first:.0f} activities/s, "
        f"ratio to bare parse {first / whole:.1f}x (streamed {first / streamed:.1f}x)",
        f"  import (again, updates by identifier): {again * 1000:.0f} ms, ratio {again / whole:.1f}x",
    ]
    if rss:
        lines.append(f"  peak resident memory: {rss:.0f} MB for {path.stat().st_size / 1e6:.1f} MB, "
                     f"{small_rss:.0f} MB for {small.stat().st_size / 1e6:.1f} MB ({small.name}); "
                     f"re-import {rss_again:.0f} MB")
    lines.append(f"  target: import <= 3x bare parse — {'met' if first / whole <= 3 else 'NOT met'}")
    return lines
