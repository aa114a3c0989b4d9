"""SQLite storage of the embedded sandbox: the schema and the one connection an app uses.

The model follows the real service rather than the API's resources, because every resource is
derived, not stored:

* ``teachers`` is a person. ``id`` is the participant id (one per person); each role has its own
  ``training_record_id``. Funding eligibility is a pair of instants per role (eligible / ineligible;
  the earlier decides ``eligible_for_funding``).
* ``school_periods`` says a person (in one role) was at a school from ``start_date`` to
  ``end_date``; it carries the email and working pattern the school reported.
* ``training_periods`` (TPs) are the heart: who trained the person in one role during one school
  period. A TP is either attached to a ``partnership`` (provider-led training of that lead
  provider, which makes the person visible to it), or only an expression of interest
  (``eoi_lead_provider_id`` set, ``partnership_id`` null: invisible until a partnership
  exists), or school-led (both null). Withdrawal and deferral are instants plus reasons on the
  TP; ``training_status`` and ``participant_status`` are never stored but computed from the
  provider's latest TP per role (rules 12-13). Resume and change-schedule end a TP and start a
  new one. ``transfer_updated_at`` is the TP's transfer timestamp (rules 17).
* ``statements``/``declarations`` carry payment and clawback states separately; the API state
  is derived from the pair (rules 16.11). ``delivery_partner_id`` on a declaration is the
  delivery partner at creation and never moves.
* ``school_cohorts`` is per-(school, cohort) metadata: funding flags and the schools endpoint's
  ``updated_at``. The programme choice is not stored: ``_programme`` derives it from TPs.
* ``mentorships`` belong to the ECT's school period (``ect_school_period_id``), so that the
  ECT's ``mentor_id`` can follow the latest school only (rules 12.2).

API timestamps: every column named ``api_updated_at`` is the ``updated_at`` the API shows and
``filter[updated_since]`` compares (rules 19): delivery partners, school_cohorts (schools),
partnerships, teachers (participants), statements, declarations. Also API-visible:
``teachers.unfunded_mentor_updated_at`` (unfunded mentors) and
``training_periods.transfer_updated_at`` (transfers). ``created_at`` columns are what the API
shows as ``created_at``. Instants are stored as RFC 3339 UTC text with ``Z`` and second
precision, so text order is time order; dates as ``YYYY-MM-DD``.

The table and column names are shared with the write side (``rules/_storage.py``).
"""

from __future__ import annotations

import sqlite3
import threading

SCHEMA = """
CREATE TABLE IF NOT EXISTS lead_providers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, token TEXT NOT NULL UNIQUE,
    created_at TEXT);
-- Which cohorts a provider holds a contract for.
CREATE TABLE IF NOT EXISTS lead_provider_cohorts (
    lead_provider_id TEXT NOT NULL, cohort INTEGER NOT NULL,
    PRIMARY KEY (lead_provider_id, cohort));
CREATE TABLE IF NOT EXISTS delivery_partners (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL,
    api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS delivery_partnerships (
    lead_provider_id TEXT NOT NULL, delivery_partner_id TEXT NOT NULL, cohort INTEGER NOT NULL,
    PRIMARY KEY (lead_provider_id, delivery_partner_id, cohort));
CREATE TABLE IF NOT EXISTS schools (
    id TEXT PRIMARY KEY, urn TEXT NOT NULL, name TEXT NOT NULL,
    eligible INTEGER NOT NULL DEFAULT 1,
    induction_tutor_name TEXT, induction_tutor_email TEXT,
    primary_contact_email TEXT, secondary_contact_email TEXT,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS school_cohorts (
    school_id TEXT NOT NULL, cohort INTEGER NOT NULL,
    pupil_premium_uplift INTEGER NOT NULL DEFAULT 0, sparsity_uplift INTEGER NOT NULL DEFAULT 0,
    created_at TEXT,
    api_updated_at TEXT NOT NULL, PRIMARY KEY (school_id, cohort));
CREATE TABLE IF NOT EXISTS partnerships (
    id TEXT PRIMARY KEY, lead_provider_id TEXT NOT NULL, school_id TEXT NOT NULL,
    delivery_partner_id TEXT NOT NULL, cohort INTEGER NOT NULL, created_at TEXT NOT NULL,
    api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teachers (
    id TEXT PRIMARY KEY, trn TEXT, full_name TEXT NOT NULL,
    ect_training_record_id TEXT, mentor_training_record_id TEXT,
    ect_eligible_at TEXT, mentor_eligible_at TEXT,
    ect_ineligible_at TEXT, mentor_ineligible_at TEXT,
    induction_start_date TEXT, induction_end_date TEXT, latest_induction_period_end_date TEXT,
    mentor_funding_end_date TEXT, mentor_ineligible_reason TEXT, payments_frozen_cohort INTEGER,
    created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL,
    unfunded_mentor_updated_at TEXT);
-- A retired participant id merged into a surviving one.
CREATE TABLE IF NOT EXISTS participant_id_changes (
    teacher_id TEXT NOT NULL, from_participant_id TEXT NOT NULL, changed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS school_periods (
    id TEXT PRIMARY KEY, teacher_id TEXT NOT NULL, role TEXT NOT NULL, school_id TEXT NOT NULL,
    start_date TEXT NOT NULL, end_date TEXT, email TEXT, working_pattern TEXT,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS training_periods (
    id TEXT PRIMARY KEY, teacher_id TEXT NOT NULL, role TEXT NOT NULL,
    school_period_id TEXT NOT NULL,
    lead_provider_id TEXT, partnership_id TEXT, eoi_lead_provider_id TEXT, cohort INTEGER,
    schedule_identifier TEXT, start_date TEXT NOT NULL, end_date TEXT,
    withdrawn_at TEXT, withdrawal_reason TEXT, deferred_at TEXT, deferral_reason TEXT,
    created_at TEXT NOT NULL, transfer_updated_at TEXT);
CREATE TABLE IF NOT EXISTS mentorships (
    id TEXT PRIMARY KEY, ect_teacher_id TEXT NOT NULL, mentor_teacher_id TEXT NOT NULL,
    start_date TEXT NOT NULL, end_date TEXT, ect_school_period_id TEXT);
CREATE TABLE IF NOT EXISTS statements (
    id TEXT PRIMARY KEY, lead_provider_id TEXT NOT NULL, cohort INTEGER NOT NULL,
    deadline TEXT NOT NULL, payment_date TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open',
    output INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS declarations (
    id TEXT PRIMARY KEY, teacher_id TEXT NOT NULL, role TEXT NOT NULL,
    training_period_id TEXT NOT NULL, lead_provider_id TEXT NOT NULL,
    declaration_type TEXT NOT NULL, declaration_date TEXT NOT NULL, evidence_held TEXT,
    payment_status TEXT NOT NULL DEFAULT 'no_payment',
    clawback_status TEXT NOT NULL DEFAULT 'no_clawback',
    statement_id TEXT, clawback_statement_id TEXT, delivery_partner_id TEXT, mentor_id TEXT,
    pupil_premium_uplift INTEGER NOT NULL DEFAULT 0, sparsity_uplift INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL, api_updated_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS tp_teacher ON training_periods (teacher_id);
CREATE INDEX IF NOT EXISTS tp_provider ON training_periods (lead_provider_id, teacher_id);
CREATE INDEX IF NOT EXISTS tp_partnership ON training_periods (partnership_id);
CREATE INDEX IF NOT EXISTS tp_school_period ON training_periods (school_period_id);
CREATE INDEX IF NOT EXISTS sp_teacher ON school_periods (teacher_id, role);
CREATE INDEX IF NOT EXISTS sp_school ON school_periods (school_id);
CREATE INDEX IF NOT EXISTS teacher_created ON teachers (created_at);
CREATE INDEX IF NOT EXISTS teacher_updated ON teachers (api_updated_at);
CREATE INDEX IF NOT EXISTS decl_teacher ON declarations (teacher_id);
CREATE INDEX IF NOT EXISTS decl_provider ON declarations (lead_provider_id, created_at);
-- the list reads in creation order and stops at a page: without this it sorts every row first
CREATE INDEX IF NOT EXISTS decl_created ON declarations (created_at, id);
CREATE INDEX IF NOT EXISTS partnership_provider ON partnerships (lead_provider_id, created_at);
CREATE INDEX IF NOT EXISTS partnership_school ON partnerships (school_id, cohort);
CREATE INDEX IF NOT EXISTS statement_provider ON statements (lead_provider_id, payment_date);
CREATE INDEX IF NOT EXISTS mentorship_ect ON mentorships (ect_teacher_id);
CREATE INDEX IF NOT EXISTS mentorship_mentor ON mentorships (mentor_teacher_id);
CREATE INDEX IF NOT EXISTS idchange_teacher ON participant_id_changes (teacher_id);
CREATE INDEX IF NOT EXISTS idchange_from ON participant_id_changes (from_participant_id);
"""


def connect(database_url: str = ":memory:") -> sqlite3.Connection:
    """Open the app's connection, create the schema, and tune it.

    ``database_url`` is a file path, ``sqlite:///path``, or ``:memory:``. One connection serves
    the whole app (shared across threads; writers hold ``lock_for(conn)``).
    """
    path = (
        database_url.removeprefix("sqlite:///")
        if database_url.startswith("sqlite:///")
        else database_url
    )
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    if path != ":memory:":
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.executescript(SCHEMA)
    return conn


def new_lock() -> threading.RLock:
    """The lock writers hold around a write and its commit (re-entrant for nested helpers)."""
    return threading.RLock()
