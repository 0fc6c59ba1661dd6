"""Access-control matrix entries for the benefit rates, allowance months, payroll
and refund requests: name -> (path, GET, POST), the expected answers built with
cis_kis.tests.access.roles().
"""

MATRIX: dict[str, tuple[str, dict, dict]] = {}
