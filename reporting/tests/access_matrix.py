"""The access-control matrix of the reporting app: every URL against every role,
as in cis_kis/tests/test_access_matrix.py (which checks that together the
matrices name every URL of the project). Entries: name -> (path, GET, POST).
Statistics and report jobs are in access_matrix_statistics.py, unit annual
reports in access_matrix_reports.py.
"""

from reporting.tests.access_matrix_reports import MATRIX as REPORTS
from reporting.tests.access_matrix_statistics import MATRIX as STATISTICS

MATRIX = {**STATISTICS, **REPORTS}
