"""A scenario's working context: the driver, the participants it drives (registered through
test support, or claimed from the seed on a target without it), the requests it spends, and
"not run, because ..." when it cannot do what it is about.

``scenarios/conftest.py`` makes one per scenario test (``lifecycle`` fixture); the ledger of the
run collects what each did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rect_conformance._owned import NotRegistered, register_participant
from rect_conformance.lifecycle._driver import Driver, Report
from rect_conformance.lifecycle._ledger import Change, Ledger, ScenarioRecord, ledger_of
from rect_conformance.lifecycle._reads import (
    ReadFailed,
    provider_world,
    read_all,
    register,
    seed_participants,
)
from rect_conformance.lifecycle._step import Step
from rect_conformance.oracle import OracleLimit, Participant, World, enrolment, london_date

if TYPE_CHECKING:
    from rect_conformance._run import Run


class NotRun(Exception):
    """The scenario cannot run on this target; ``str()`` is the reason (without "not run:")."""


class Scenario:
    """One scenario test's context (see the module doc).

    ``driver`` acts for the primary provider. ``owns`` says whether the target has test
    support, so that the scenario registers its own participants and knows the whole world.
    """

    def __init__(self, run: Run, report: Report, check: str, name: str, nodeid: str) -> None:
        self.run = run
        self.client = run.client
        self.ledger: Ledger = ledger_of(run)
        self.owns = bool(run.target.test_support)
        self.record = ScenarioRecord(name, check, nodeid=nodeid)
        self.ledger.scenarios.append(self.record)
        self._start = self.client.requests_sent
        self.driver = Driver(
            self.client,
            run.contract,
            World(),
            check,
            ledger=self.ledger,
            report=report,
            on_not_run=self._stop,
        )
        self._report = report
        self._ready = False

    # -- what the scenario needs ---------------------------------------------------------------
    def now(self, days: float = 0, hours: float = 0) -> datetime:
        """The real time now, to the second, moved by ``days`` and ``hours``."""
        return self.driver.now(days, hours)

    def needs_test_support(self, what: str) -> None:
        """Not run on a target without test support."""
        if not self.owns:
            raise NotRun(
                f"{what} needs the target's test support (GET /test-support), which it lacks"
            )

    def needs_second_token(self, what: str) -> None:
        """Not run without a second provider's token."""
        if not self.run.target.has_second_token:
            raise NotRun(f"{what} needs a second lead provider's token (--second-token-env)")

    def prepare(self) -> World:
        """The provider's world: its statements and partnerships (read once per scenario)."""
        if not self._ready:
            try:
                world = provider_world(self.client, self.ledger, london_date(self.now()))
            except ReadFailed as failed:
                raise NotRun(f"the lists the oracle needs could not be read: {failed}") from None
            self.driver.world = World(
                self.driver.world.participants, world.statements, world.partnerships
            )
            self._ready = True
        return self.driver.world

    def school(self, cohort: int, also_in: tuple[int, ...] = ()) -> str:
        """A school the provider partners in ``cohort`` (and, where one exists, in every cohort
        of ``also_in`` too); not run when there is none."""
        pairs = self.prepare().partnerships
        schools = sorted(school for school, year in pairs if year == cohort)
        if not schools:
            raise NotRun(f"the provider has no partnership in cohort {cohort} to register under")
        everywhere = [s for s in schools if all((s, year) in pairs for year in also_in)]
        return (everywhere or schools)[0]

    def register(
        self,
        role: str,
        cohort: int,
        start: date,
        schedule: str,
        *,
        eligible: bool = False,
        school: str | None = None,
        now: datetime | None = None,
    ) -> str:
        """A new participant of the run's own (test support); its id."""
        self.needs_test_support("registering a participant")
        self.prepare()
        try:
            pid = register(
                self.driver,
                role=role,
                cohort=cohort,
                school_id=school or self.school(cohort),
                start=start,
                schedule=schedule,
                eligible=eligible,
                now=now,
            )
        except NotRegistered as refused:
            raise NotRun(str(refused)) from None
        self.record.participants.append(pid)
        return pid

    def claim(
        self,
        description: str,
        role: str,
        fits: Callable[[Participant, dict[str, Any]], bool],
        *,
        shared: bool = False,
    ) -> str:
        """A seed participant in ``role`` whose enrolment ``fits`` (given the oracle's person and
        the enrolment as shown); not run when none is left. ``description`` says what was
        looked for. A participant a scenario changes is never used by another scenario of the
        run; one only sent requests that must be refused (``shared``) may be shared by such
        scenarios. The participant joins the driver's world as known in part (answers an
        unseen fact explains are "not run")."""
        seen = self.seed_world()
        now = self.now()
        for person in seen.participants:
            holder = self.ledger.claimed.get(person.id)
            if holder is not None and not (shared and person.id in self.ledger.shared):
                continue
            try:
                shown = enrolment(seen, person.id, role, now)  # type: ignore[arg-type]
                suitable = shown is not None and fits(person, shown.attributes())
            except (OracleLimit, KeyError, ValueError, TypeError):
                continue  # an odd record (a cohort the oracle cannot model) is not suitable
            if suitable:
                self.ledger.claimed.setdefault(person.id, self.record.name)
                if shared:
                    self.ledger.shared.add(person.id)
                self.record.participants.append(person.id)
                self.prepare()
                self.driver.world = self.driver.world.put(person)
                self.driver.partial.add(person.id)
                return person.id
        raise NotRun(f"no seed participant is {description} (and unused by another scenario)")

    def provider_id(self, auth: str = "secondary") -> str:
        """The id of the provider of the ``auth`` token, as its test support names it (what a
        school's move to that provider names); not run when test support does not say."""
        self.needs_test_support("naming the provider a participant moves to")
        if auth == "secondary":
            self.needs_second_token("moving a participant to another provider")
        response = self.client.request("GET", "/test-support", auth=auth)
        try:
            found = response.json()["data"]["lead_provider_id"]
        except (ValueError, KeyError, TypeError):
            found = None
        if response.status_code != 200 or not isinstance(found, str):
            raise NotRun(
                f"test support does not name the provider (GET /test-support answered "
                f"{response.status_code})"
            )
        return found

    def school_of_both(self, cohort: int) -> str:
        """A school both providers partner in ``cohort`` (a participant can move between them
        without changing school); not run when there is none."""
        self.needs_second_token("finding a school both providers partner")
        ours = {school for school, year in self.prepare().partnerships if year == cohort}
        try:
            theirs = read_all(
                self.client, "partnerships", {"filter[cohort]": str(cohort)}, "secondary"
            )
        except ReadFailed as failed:
            raise NotRun(f"the other provider's partnerships could not be read: {failed}") from None
        both = sorted(ours & {str(item["attributes"]["school_id"]) for item in theirs})
        if not both:
            raise NotRun(f"no school is partnered by both providers in cohort {cohort}")
        return both[0]

    def register_elsewhere(self, role: str, cohort: int, start: date, schedule: str) -> str:
        """A participant registered with the second provider (test support, its token), at a
        school it partners in ``cohort``; its id. This provider must not see them as its own."""
        self.needs_test_support("registering a participant with another provider")
        self.needs_second_token("registering a participant with another provider")
        try:
            theirs = read_all(
                self.client, "partnerships", {"filter[cohort]": str(cohort)}, "secondary"
            )
        except ReadFailed as failed:
            raise NotRun(f"the other provider's partnerships could not be read: {failed}") from None
        if not theirs:
            raise NotRun(f"the other provider has no partnership in cohort {cohort}")
        school = str(theirs[0]["attributes"]["school_id"])
        try:
            owned = register_participant(
                self.client,
                role=role,
                cohort=str(cohort),
                school_id=school,
                start_date=start.isoformat(),
                schedule_identifier=schedule,
                auth="secondary",
            )
        except NotRegistered as refused:
            raise NotRun(str(refused)) from None
        self.record.participants.append(owned.id)
        return owned.id

    def note_partnership(self, partnership_id: str, delivery_partner_id: str) -> Change:
        """Note that the scenario is about to move a partnership it does not own to another
        delivery partner (undone at the end of the run unless :meth:`undone` says it was)."""
        from rect_conformance.lifecycle._undo import partnership_change

        change = partnership_change(self.driver, partnership_id, delivery_partner_id)
        self.driver._keep(change)
        return change

    def undone(self, change: Change) -> None:
        """The scenario took ``change`` back itself."""
        change.done = True
        self.ledger.undone.append(f"{change.what} (taken back by its scenario)")
        self.client.journal.event(f"lifecycle change undone: {change.what}")

    def seed_world(self) -> World:
        """Every participant the provider can see, as the API shows them (read once per run)."""
        try:
            world, _ = seed_participants(self.client, self.ledger, self.now())
        except ReadFailed as failed:
            raise NotRun(f"the lists the oracle needs could not be read: {failed}") from None
        return world

    def seen_driver(self) -> Driver:
        """A driver whose world is every participant the provider can see, known in part (for
        steps on seed records, such as voids that must be refused)."""
        return Driver(
            self.client,
            self.run.contract,
            self.seed_world(),
            self.driver.check,
            ledger=self.ledger,
            report=self._report,
            complete=False,
            on_not_run=self._stop,
        )

    def not_run(self, reason: str) -> None:
        """Stop the scenario as not run, with ``reason``."""
        raise NotRun(reason)

    def other_provider(self) -> Driver:
        """A driver for the second provider, whose world holds this one's participants and
        declarations as someone else's (it must see none of them), and the training this
        provider's world holds as someone else's (only ever a school's move to the second
        provider, see ``partnerships.leave``) as its own."""
        self.needs_second_token("acting as another provider")
        foreign = tuple(
            replace(
                person,
                periods=tuple(replace(p, ours=not p.ours) for p in person.periods),
                declarations=tuple(replace(d, ours=False) for d in person.declarations),
            )
            for person in self.driver.world.participants
        )
        return Driver(
            self.client,
            self.run.contract,
            World(foreign),
            self.driver.check,
            ledger=self.ledger,
            report=self._report,
            auth="secondary",
            partial=set(self.driver.partial),
            on_not_run=self._stop,
        )

    def _stop(self, step: Step) -> None:
        raise NotRun(f"{step.action} of {step.subject_id}: {step.not_run}")

    def close(self) -> None:
        """Record the requests the scenario spent."""
        self.record.requests = self.client.requests_sent - self._start
