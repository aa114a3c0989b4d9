"""DfE's statement moves made through one declaration (test support's
``PUT /test-support/participant-declarations/{id}``): ``payable`` or ``paid`` moves the
declaration's statement, ``clawed-back`` pays its clawback statement.

The state machine moves statements this way so that its requests name the declaration, an id
its own earlier request created, rather than a statement: replayed on a fresh target, where the
declaration may sit on another statement, the same requests move the right one.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rect_conformance.lifecycle._declaring import _dfe_step, _support
from rect_conformance.oracle import statement_paid, statement_payable

if TYPE_CHECKING:
    from rect_conformance.lifecycle._driver import Driver
    from rect_conformance.lifecycle._step import Step

SUPPORT_DECLARATIONS = "/test-support/participant-declarations"
# What each requested state does to the statement concerned.
STATEMENT_STATUS = {"payable": "payable", "paid": "paid", "clawed-back": "paid"}


def move_declaration(
    driver: Driver, declaration_id: str, statement_id: str, state: str, now: datetime
) -> Step:
    """DfE moves ``statement_id`` (the declaration's statement, or its clawback statement for
    ``clawed-back``) through the declaration; judged as the statement move it is."""
    status = STATEMENT_STATUS[state]
    mover = statement_payable if status == "payable" else statement_paid
    outcome = mover(driver.world, statement_id)
    response = _support(
        driver, "PUT", f"{SUPPORT_DECLARATIONS}/{declaration_id}", {"state": state}, now
    )
    if response.status_code == 200 and driver.ledger is not None:
        driver.ledger.statement_status[statement_id] = status
    return _dfe_step(driver, f"dfe-{state}", declaration_id, outcome, response, now)
