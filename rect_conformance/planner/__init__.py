"""The request planner: how a run spends its request budget (see ``_plan`` for the rules).

Before the first test sends anything, the plan decides from the selected tests and the budget
which tests run, in which order, and how many generated examples each operation gets; at each
test it corrects itself with what was really spent. ``_table`` holds its data (what each kind
of test costs, which families come first) and ``_hooks`` its place in a pytest session; the
reports show it from ``summary.json`` → ``plan`` (``reporting/_plan.py``).
"""

from rect_conformance.planner._plan import Decision, Generation, Plan, make_plan
from rect_conformance.planner._table import PlanItem, cost_of

__all__ = ["Decision", "Generation", "Plan", "PlanItem", "cost_of", "make_plan"]
