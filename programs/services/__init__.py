"""Every write of the programs app: activities.py, attendance.py (activities
and the register), allowances.py (the monthly allowance).
"""
