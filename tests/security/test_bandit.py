"""bandit, the Python security linter, finds no high-severity issue in the application code (`make security`)."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(importlib.util.find_spec("bandit") is None, reason="bandit is not installed")
def test_bandit_reports_no_high_severity_issue_in_config_intake_and_analysis():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "config", "intake", "analysis", "-lll", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
