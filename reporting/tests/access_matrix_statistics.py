"""Access-control matrix entries for the statistics, dashboards and report jobs:
name -> (path, GET, POST), the expected answers built with
cis_kis.tests.access.roles().
"""

MATRIX: dict[str, tuple[str, dict, dict]] = {}
