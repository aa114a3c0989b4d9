"""Lifecycle scenarios driven against a target and judged by the oracle (issue 8).

- :class:`Driver`: one provider's actions (withdraw, defer, resume, change_schedule, declare,
  void, observe, and the DfE-side moves through test support), each sent with a ``now`` of the
  caller's choosing and judged by ``rect_conformance.oracle``; every step returns a
  :class:`Step` whose findings name the broken rule;
- :class:`Scenario`: what a scenario test of ``scenarios/`` works with (participants registered
  or claimed, requests counted, :class:`NotRun` with the reason);
- :class:`Ledger` (``ledger_of(run)``): the steps, scenarios and changes of one run, undone at
  its end (:func:`undo`), summarised by :func:`summary_section` (rendered by the reports);
- the check names (:data:`CHECKS`), the lifecycle's own rules (:data:`LOCAL_RULES`,
  :func:`rule_of`), the seed declarations' judge (:func:`judge_seed`), and the partnership,
  transfer and unfunded-mentor steps (:mod:`partnerships`);
- :func:`explore`: the model-based state machine (:class:`LifecycleMachine`), run with
  :class:`Sizing`, its outcome an :class:`Exploration` whose failure is the shortest sequence
  of requests that shows it (:func:`curl_lines`);
- worlds to start a driver from: :func:`provider_world` (statements and partnerships),
  :func:`register` (a participant of the run's own, through test support),
  :func:`seed_participants` (everything the provider can see, known in part).
"""

from __future__ import annotations

from rect_conformance.lifecycle import _partnerships as partnerships
from rect_conformance.lifecycle._answers import stamp
from rect_conformance.lifecycle._catalogue import (
    BY_NAME,
    CHECKS,
    ScenarioCheck,
    check_names,
)
from rect_conformance.lifecycle._compare import Mismatch
from rect_conformance.lifecycle._documentation import Context as DocumentationContext
from rect_conformance.lifecycle._documentation import finding as documentation_finding
from rect_conformance.lifecycle._documentation import judge as judge_documentation
from rect_conformance.lifecycle._driver import Driver
from rect_conformance.lifecycle._explore import Exploration, Sizing, explore
from rect_conformance.lifecycle._ledger import (
    FAILED,
    NOT_RUN,
    PASSED,
    Change,
    Ledger,
    ScenarioRecord,
    StepRecord,
    ledger_of,
)
from rect_conformance.lifecycle._machine import LifecycleMachine
from rect_conformance.lifecycle._reads import (
    ReadFailed,
    provider_world,
    read_all,
    register,
    seed_participants,
)
from rect_conformance.lifecycle._rules import LOCAL_RULES, rule_of, source_of
from rect_conformance.lifecycle._scenario import NotRun, Scenario
from rect_conformance.lifecycle._seedcheck import SeedJudgement, judge_seed
from rect_conformance.lifecycle._sequence import curl_lines
from rect_conformance.lifecycle._step import (
    DECLARATION_STATES,
    PARTICIPANT_ACTIONS,
    PARTICIPANT_STATES,
    Step,
)
from rect_conformance.lifecycle._stepping import StepFailed
from rect_conformance.lifecycle._summary import matrix, summary_section
from rect_conformance.lifecycle._undo import undo

__all__ = [
    "BY_NAME",
    "CHECKS",
    "DECLARATION_STATES",
    "FAILED",
    "LOCAL_RULES",
    "NOT_RUN",
    "PARTICIPANT_ACTIONS",
    "PARTICIPANT_STATES",
    "PASSED",
    "Change",
    "DocumentationContext",
    "Driver",
    "Exploration",
    "Ledger",
    "LifecycleMachine",
    "Mismatch",
    "NotRun",
    "ReadFailed",
    "Scenario",
    "ScenarioCheck",
    "ScenarioRecord",
    "SeedJudgement",
    "Sizing",
    "Step",
    "StepFailed",
    "StepRecord",
    "check_names",
    "curl_lines",
    "documentation_finding",
    "explore",
    "judge_documentation",
    "judge_seed",
    "ledger_of",
    "matrix",
    "partnerships",
    "provider_world",
    "read_all",
    "register",
    "rule_of",
    "seed_participants",
    "source_of",
    "stamp",
    "summary_section",
    "undo",
]
