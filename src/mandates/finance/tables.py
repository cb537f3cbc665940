"""Tables shown on the finance pages and exported to Excel from the same rows, so that a page and
its workbook cannot disagree."""
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"  # text | code | money | percent | int | year | date


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    note: str = ""
    empty: str = "Nothing to show."

    def cells(self, row: dict) -> list[tuple]:
        return [(row.get(c.key), c.kind) for c in self.columns]

    @property
    def body(self) -> list[dict]:
        """Rows as the template reads them: cells, link, role."""
        return [{"cells": self.cells(r), "link": r.get("_link"), "role": r.get("_role", "")} for r in self.rows]

    def column_total(self, key: str) -> Decimal:
        """Sum of a money column over the plain rows (not subtotals, totals or group members)."""
        return sum((r.get(key) or Decimal(0) for r in self.rows if r.get("_role", "") in ("", "segment", "group")),
                   Decimal(0))


def money_columns(*pairs) -> list[Column]:
    return [Column(key, label, "money") for key, label in pairs]
