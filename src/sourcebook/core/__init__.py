"""Framework-free core: formats, apparatus, dates, names, citations.

Nothing here imports Django, so every module can be tested as plain functions.
"""
