"""Pure-Python data work (standards, linkage, privacy, estimation, indicators).

Nothing under this package imports Django: apps call the engine, never the reverse.
"""
