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
