"""Assessment: projections of every public event into rankings, KPIs and audit views; decisions of accountability."""
