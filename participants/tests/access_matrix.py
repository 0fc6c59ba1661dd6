"""The access-control matrix of the participants app's own pages: every URL
against every role, as in cis_kis/tests/test_access_matrix.py (which checks
that together the matrices name every URL of the project). Entries: name ->
(path, GET, POST). The upload pages of the imports are in
access_matrix_imports.py, what a centre provides (art. 14 ust. 2-4) in
access_matrix_provisions.py; each is asked by its own test with its world.
"""

from participants.tests.access_matrix_imports import MATRIX as IMPORTS
from participants.tests.access_matrix_provisions import MATRIX as PROVISIONS

MATRIX = {**IMPORTS, **PROVISIONS}
