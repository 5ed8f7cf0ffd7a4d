"""The HTML report: stories, derivation trees, and pairs side by side.

>>> from copytrace.report import render_report, write_report
"""

from copytrace.report.render import render_report, write_report

__all__ = ["render_report", "write_report"]
