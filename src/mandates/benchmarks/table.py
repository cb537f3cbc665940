"""The table ``make bench`` prints (Markdown, so BENCHMARKS.md can hold it as it is) and its targets."""
from __future__ import annotations

RATIO_TARGET = 2.0          # aggregate pages and endpoints: within 2 times their SQL floor
IMPORT_RATIO_TARGET = 3.0   # imports: within 3 times the bare parse and insert
EXPORT_PEAK_MB = 300        # exports: peak memory
REPORT_LIMIT_MS = 10_000    # each report under 10 s
P95_TARGET_MS = 300         # load run: p95 of the main pages
RPS_SHARE = 0.5             # ... with at least half the trivial endpoint's throughput


def _fmt(value, spec=".1f", empty="—"):
    return empty if value is None else format(value, spec)


def _phase(r: dict) -> str:
    where = f"{r['database']}: " if r.get("database") else ""
    load = f" (load {r['load']})" if r.get("load") is not None else ""
    if r["event"] == "prepared":
        steps = ", ".join(f"{k} {v} s" for k, v in r.get("steps", {}).items())
        return f"{where}database prepared in {r['seconds']} s{load}" + (f": {steps}" if steps else "")
    if r["event"] == "generated":
        units = r.get("units")
        each = f", {r['seconds'] / units:.1f} s a unit" if units else ""
        return f"{where}grown to N={r['scale']} in {r['seconds']} s ({units or '?'} units{each}){load}"
    if r["event"] == "measured":
        return f"{where}workloads measured at N={r['scale']} in {r['seconds']} s{load}"
    if r["event"] == "reused":
        return f"{where}database reused (migrated in {r['seconds']} s){load}"
    return f"{where}load run in {r['seconds']} s{load}"


def _cpu(row: dict) -> str:
    if row.get("app_cpu_ms_per_request") is None:
        return "—"
    return f"{row['app_cpu_ms_per_request']:.1f} + {row.get('db_cpu_ms_per_request', 0):.1f}"


def render(rows: list[dict], machine: str = "", seconds: float = 0.0) -> tuple[str, bool]:
    ok = True
    lines = [f"Machine: {machine}. Whole run: {seconds / 60:.1f} min.", ""]
    phases = [r for r in rows if r.get("event") in ("prepared", "generated", "measured", "load run")]
    if phases:
        lines += ["Phases (wall time; the machine's load average beside each):", ""]
        lines += [f"- {_phase(r)}" for r in phases]
        lines.append("")
    lines += ["| database | N | workload | time ms | floor ms | ratio | queries | peak MB | target |",
              "|---|---:|---|---:|---:|---:|---:|---:|---|"]
    work = [r for r in rows if r.get("event") == "workload"]
    queries_at = {}
    for r in work:
        queries_at.setdefault((r["database"], r["name"]), {})[r["scale"]] = r.get("queries")
    for r in work:
        verdict, ratio = [], None
        if "error" in r:
            verdict.append(f"FAILED {r['error']}")
            ok = False
        else:
            if r.get("floor_ms"):
                ratio = r["ms"] / r["floor_ms"]
                limit = IMPORT_RATIO_TARGET if r["kind"] == "import" else RATIO_TARGET
                if r["kind"] in ("aggregate", "import"):
                    verdict.append("ratio ok" if ratio <= limit else f"ratio > {limit:g}")
                    ok &= ratio <= limit
            counts = queries_at[(r["database"], r["name"])]
            if len(counts) > 1 and r["kind"] in ("aggregate", "page", "report"):
                grows = max(counts.values()) > min(counts.values())
                verdict.append("queries grow" if grows else "queries flat")
                ok &= not grows
            if r["kind"] in ("export", "import"):
                verdict.append("memory ok" if r["peak_mb"] < EXPORT_PEAK_MB else f"peak > {EXPORT_PEAK_MB} MB")
                ok &= r["peak_mb"] < EXPORT_PEAK_MB
            if r["kind"] == "report" or r.get("limit_ms"):
                limit_ms = r.get("limit_ms") or REPORT_LIMIT_MS
                verdict.append("under limit" if r["ms"] < limit_ms else f"over {limit_ms / 1000:g} s")
                ok &= r["ms"] < limit_ms
        lines.append(f"| {r['database']} | {r['scale']} | {r['name']} | {_fmt(r.get('ms'))} | "
                     f"{_fmt(r.get('floor_ms'))} | {_fmt(ratio, '.2f')} | {_fmt(r.get('queries'), 'd')} | "
                     f"{_fmt(r.get('peak_mb'))} | {', '.join(verdict)} |")
    before = [r for r in work if r.get("bare_floor_ms") and r.get("ms")]
    if before:  # the ERP import's floor before erp9 (tables with neither index nor foreign key), for the record
        lines += ["", "Against the floor used until erp9 (bare tables, no index, no foreign key): " + "; ".join(
            f"{r['database']} N={r['scale']} {r['name']}: {r['bare_floor_ms']:.1f} ms, ratio {r['ms'] / r['bare_floor_ms']:.2f}"
            for r in before)]
    load = [r for r in rows if r.get("event") == "load"]
    if load:
        lines += ["", "| server | target | clients | p50 ms | p95 ms | requests/s | vs trivial | cache hits "
                  "| CPU ms/request (server + database) | failures | target |",
                  "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        trivial = {r["server"]: r["rps"] for r in load if r["target"] == "trivial endpoint"}
        for r in load:
            verdict = ""
            if r["target"] == "main pages":
                holds = r["p95_ms"] < P95_TARGET_MS and r["rps"] >= RPS_SHARE * trivial.get(r["server"], 0)
                verdict = "p95 and throughput ok" if holds else (
                    f"p95 ≥ {P95_TARGET_MS} ms" if r["p95_ms"] >= P95_TARGET_MS else "throughput < half the floor")
                ok &= holds and r["failures"] == 0
            share = r["rps"] / trivial[r["server"]] if trivial.get(r["server"]) else None
            lines.append(f"| {r['server']} | {r['target']} | {r['users']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
                         f"{r['rps']:.1f} | {_fmt(share, '.2f')} | {_fmt(r.get('cache_hit_share'), '.0%')} | "
                         f"{_cpu(r)} | {r['failures']} | {verdict} |")
    for r in load:
        if r["target"] == "main pages" and r.get("pages"):
            lines += ["", f"Main pages under load ({r['server']}; requests, p50 / p95 ms, page-cache hits): " + "; ".join(
                f"{name} {v['requests']}, {v['p50_ms']:.0f} / {v['p95_ms']:.0f}, {v.get('cache_hits', 0)}"
                for name, v in sorted(r["pages"].items()))]
    measured = any(r.get("event") in ("workload", "load") for r in rows)
    lines += ["", ("Every target holds." if ok else "Some targets do not hold (see the last column).") if measured
              else "Nothing was measured (the databases were only filled)."]
    return "\n".join(lines) + "\n", ok
