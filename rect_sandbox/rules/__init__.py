"""Business rules of the RECT API's write side, with no HTTP and no storage.

Routers turn rows into the small records of ``_model`` and call these functions; each returns
either a list of ``(title, detail)`` errors with the API's literal strings, in its order, or the
changes to store.

Two modules stand apart: ``_school_events`` and ``_dfe_events`` do what schools, appropriate
bodies and DfE do in the real service (the test-support API's operations). They have no API
rules to follow, so they change the stored facts directly, through ``_storage``, on the
connection of the caller's transaction, and raise ``Refused``/``Unknown``; still no HTTP.
"""

from rect_sandbox.rules._actions import (
    ActionOutcome,
    ParticipantFacts,
    defer,
    grouped,
    resume,
    withdraw,
)
from rect_sandbox.rules._change_schedule import change_schedule
from rect_sandbox.rules._declaration_input import UnparseableDate, parse_declaration_date
from rect_sandbox.rules._declarations import (
    DeclarationFacts,
    Mentorship,
    NewDeclaration,
    create_declaration,
)
from rect_sandbox.rules._model import (
    Clock,
    Declaration,
    Error,
    Partnership,
    SchoolPeriod,
    Statement,
    TrainingPeriod,
    declaration_state,
    participant_status,
    training_status,
)
from rect_sandbox.rules._partnerships import (
    PartnershipFacts,
    SchoolFacts,
    create_errors,
    update_errors,
)
from rect_sandbox.rules._statements import (
    VoidOutcome,
    eligibility_moves,
    open_statement_for,
    reopened_mentor_training,
    statement_moves,
    void,
)
from rect_sandbox.rules._touch import TOUCHES, touches

__all__ = [
    "TOUCHES",
    "ActionOutcome",
    "Clock",
    "Declaration",
    "DeclarationFacts",
    "Error",
    "Mentorship",
    "NewDeclaration",
    "ParticipantFacts",
    "Partnership",
    "PartnershipFacts",
    "SchoolFacts",
    "SchoolPeriod",
    "Statement",
    "TrainingPeriod",
    "UnparseableDate",
    "VoidOutcome",
    "change_schedule",
    "create_declaration",
    "create_errors",
    "declaration_state",
    "defer",
    "eligibility_moves",
    "grouped",
    "open_statement_for",
    "parse_declaration_date",
    "participant_status",
    "reopened_mentor_training",
    "resume",
    "statement_moves",
    "touches",
    "training_status",
    "update_errors",
    "void",
    "withdraw",
]
