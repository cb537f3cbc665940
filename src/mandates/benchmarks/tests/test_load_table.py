"""The load run's table: the target is read against the trivial endpoint of the same server, with the
cache-hit share and the CPU per request beside it (no timing here: rows are given)."""
from mandates.benchmarks.table import render


def _row(server, target, p95, rps, **extra):
    return {"event": "load", "server": server, "target": target, "users": 20, "p50_ms": p95 / 3, "p95_ms": p95,
            "rps": rps, "failures": 0, "requests": int(rps * 30), **extra}


def test_the_load_target_is_judged_against_the_same_servers_trivial_endpoint():
    rows = [_row("gunicorn", "main pages", 250, 100, cache_hit_share=0.5, app_cpu_ms_per_request=32.5,
                 db_cpu_ms_per_request=10.2, pages={"/projects/<id>/": {"p50_ms": 90, "p95_ms": 250, "requests": 40,
                                                                        "cache_hits": 12}}),
            _row("gunicorn", "trivial endpoint", 40, 180),
            _row("granian", "main pages", 250, 100),
            _row("granian", "trivial endpoint", 40, 250)]
    text, ok = render(rows)
    lines = {line.split(" | ")[0] + line.split(" | ")[1]: line for line in text.splitlines() if line.startswith("| g")}
    assert "| 0.56 | 50% | 32.5 + 10.2 |" in lines["| gunicornmain pages"]
    assert "p95 and throughput ok" in lines["| gunicornmain pages"]
    assert "throughput < half the floor" in lines["| granianmain pages"]  # 100 < 250 / 2
    assert "/projects/<id>/ 40, 90 / 250, 12" in text
    assert not ok


def test_a_slow_p95_fails_the_target_whatever_the_throughput():
    text, ok = render([_row("gunicorn", "main pages", 8200, 100), _row("gunicorn", "trivial endpoint", 40, 120)])
    assert "p95 ≥ 300 ms" in text and not ok


def test_the_erp_import_is_judged_against_its_floor_and_the_old_floor_is_printed_beside_it():
    row = {"event": "workload", "scale": 1, "database": "sqlite", "name": "ERP import, a year (25,000 rows)",
           "kind": "import", "queries": 49, "peak_mb": 80.0, "ms": 1500.0, "floor_ms": 1000.0, "bare_floor_ms": 400.0}
    text, ok = render([row])
    assert "| 1500.0 | 1000.0 | 1.50 | 49 | 80.0 | ratio ok, memory ok |" in text and ok  # judged on the new floor
    assert "(bare tables, no index, no foreign key): sqlite N=1 ERP import, a year (25,000 rows): 400.0 ms, ratio 3.75" in text
