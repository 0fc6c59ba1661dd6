"""Access-control matrix entries for the activities, timetables, sessions,
enrolments, attendance and supported employment: name -> (path, GET, POST), the
expected answers built with cis_kis.tests.access.roles().
"""

MATRIX: dict[str, tuple[str, dict, dict]] = {}
