"""Assessment's domain: the evaluation scheme, facts and scores, rankings and the decisions they
lead to, and fault accountability. Pure: no web, database or messaging framework."""
