"""Rows of the op table for reductions and shape ops; see op_table.py for the row format."""
from op_table import *  # noqa: F401,F403  (A, S, OpRow, fn, method, samples helpers)

ROWS = []
