# The plan fixtures of test_plan.py, shared with the other plan test files.
from polku.plans.tests.test_plan import agreed, plan, relationship

__all__ = ["agreed", "plan", "relationship"]
