"""What each screen asks of the core: one call per tap, each its own unit of work (the façades the
pages call).
"""
