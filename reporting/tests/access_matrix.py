"""The access-control matrix of the reporting app (statistics, annual reports,
report jobs): every URL against every role, as in
cis_kis/tests/test_access_matrix.py (which checks that together the matrices
name every URL of the project). Entries: name -> (path, GET, POST).
"""

MATRIX: dict[str, tuple[str, dict, dict]] = {}
