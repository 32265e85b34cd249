"""The cases domain: procedure templates, leads, penalty cases, case-file reviews, normative documents,
satellite patches, expropriation gates, and their rules; one module per area.

Pure: nothing here imports a web, database or messaging framework.
"""
