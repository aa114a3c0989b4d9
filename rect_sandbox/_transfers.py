"""Transfers derived from school periods and TPs (rules 17.1), per person and role."""

from __future__ import annotations

import sqlite3
from datetime import date

SP_SQL = "SELECT * FROM school_periods WHERE teacher_id = ? ORDER BY role, start_date, created_at"
TP_SQL = """
SELECT tp.*, lp.name AS lp_name FROM training_periods tp
LEFT JOIN lead_providers lp ON lp.id = COALESCE(tp.lead_provider_id, (
    SELECT p.lead_provider_id FROM partnerships p WHERE p.id = tp.partnership_id))
WHERE tp.teacher_id = ? ORDER BY tp.start_date, tp.created_at
"""


def _provider_of(tp: sqlite3.Row | None) -> str | None:
    return tp["lead_provider_id"] if tp is not None and tp["partnership_id"] else None


def transfers_of(
    conn: sqlite3.Connection, teacher: sqlite3.Row, provider: str, today: date
) -> tuple[list[dict], str | None]:
    """The transfers of one person that ``provider`` may see, and the newest transfer stamp."""
    periods = conn.execute(SP_SQL, (teacher["id"],)).fetchall()
    tps_by_period: dict[str, list[sqlite3.Row]] = {}
    for tp in conn.execute(TP_SQL, (teacher["id"],)):
        tps_by_period.setdefault(tp["school_period_id"], []).append(tp)
    urns = {
        r["id"]: r["urn"]
        for r in conn.execute(
            "SELECT s.id, s.urn FROM schools s WHERE s.id IN (SELECT school_id FROM "
            "school_periods WHERE teacher_id = ?)",
            (teacher["id"],),
        )
    }
    found: list[tuple[str, dict]] = []
    stamps: list[str] = []
    for role in ("ect", "mentor"):
        mine = [p for p in periods if p["role"] == role]
        for index, period in enumerate(mine):
            leaving_tps = tps_by_period.get(period["id"], [])
            if period["end_date"] is None or not leaving_tps or leaving_tps[-1]["end_date"] is None:
                continue
            leaving = leaving_tps[-1]
            following = mine[index + 1] if index + 1 < len(mine) else None
            completed = (
                teacher["induction_end_date"]
                if role == "ect"
                else teacher["mentor_funding_end_date"]
            )
            if following is None and completed:
                continue
            if following is not None and following["school_id"] == period["school_id"]:
                continue
            joining_tps = tps_by_period.get(following["id"], []) if following is not None else []
            joining = joining_tps[0] if joining_tps else None
            if _provider_of(leaving) != provider and _provider_of(joining) != provider:
                continue
            if joining is None:
                kind = "unknown"
            elif _provider_of(joining) == _provider_of(leaving):
                kind = "new_school"
            else:
                kind = "new_provider"
            future = leaving["end_date"] > today.isoformat() or (
                joining is not None and joining["start_date"] > today.isoformat()
            )
            stamps += [
                s
                for s in (
                    leaving["transfer_updated_at"],
                    joining and joining["transfer_updated_at"],
                )
                if s
            ]
            found.append(
                (
                    leaving["start_date"],
                    {
                        "training_record_id": teacher[f"{role}_training_record_id"],
                        "transfer_type": kind,
                        "status": "incomplete" if future else "complete",
                        "created_at": leaving["created_at"],
                        "leaving": {
                            "school_urn": urns.get(period["school_id"]),
                            "provider": leaving["lp_name"],
                            "date": leaving["end_date"],
                        },
                        "joining": None
                        if joining is None
                        else {
                            "school_urn": urns.get(following["school_id"]),
                            "provider": joining["lp_name"] if joining["partnership_id"] else None,
                            "date": joining["start_date"],
                        },
                    },
                )
            )
    found.sort(key=lambda pair: pair[0])
    return [entry for _, entry in found], max(stamps) if stamps else None


def transfer_resource(teacher: sqlite3.Row, transfers: list[dict], newest: str | None) -> dict:
    """The participant-transfer resource of one person."""
    return {
        "id": teacher["id"],
        "type": "participant-transfer",
        "attributes": {"transfers": transfers, "updated_at": newest or teacher["api_updated_at"]},
    }
