"""``make bench`` rows for reports: the technical-cooperation report of 2008-2009 as at 31 May 2009,
on screen (all facts) and written as Word and PDF, each under the 10-second limit for reports."""


def workloads(client, scale: int) -> list:
    from mandates.benchmarks import floors
    from mandates.benchmarks.workloads import Workload, http, sql_floor

    query = "period=2008-2009&as_of=2009-05-31"
    treaty_floor = sql_floor(floors.TREATY_STATUS, as_of="2009-05-31")
    return [
        Workload("technical-cooperation report (screen)", http(client, f"/reports/technical-cooperation/?{query}"),
                 treaty_floor, kind="report", limit_ms=10_000),
        Workload("technical-cooperation report (Word)",
                 http(client, f"/reports/technical-cooperation/?{query}&format=docx"), treaty_floor, repeat=2,
                 kind="report", limit_ms=10_000),
        Workload("technical-cooperation report (PDF)",
                 http(client, f"/reports/technical-cooperation/?{query}&format=pdf"), treaty_floor, repeat=2,
                 kind="report", limit_ms=10_000),
    ]
