"""The access-control matrix of the programs app: every URL against every role, as
in cis_kis/tests/test_access_matrix.py (which checks that together the matrices
name every URL of the project). Entries: name -> (path, GET, POST). Activities
and attendance are in access_matrix_activities.py, allowances in
access_matrix_allowances.py.
"""

from programs.tests.access_matrix_activities import MATRIX as ACTIVITIES
from programs.tests.access_matrix_allowances import MATRIX as ALLOWANCES

MATRIX = {**ACTIVITIES, **ALLOWANCES}
