"""The cases domain: procedure templates, leads, penalty cases, case-file reviews, and their rules.

Pure: nothing here imports a web, database or messaging framework.
"""
