"""Care that continues: care plans, outcome measures and their verdicts, session notes, the chart."""
