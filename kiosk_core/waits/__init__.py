"""How long a client will wait: the estimate (pure), what feeds it from the database, and a waiting
visit's place in line.
"""
