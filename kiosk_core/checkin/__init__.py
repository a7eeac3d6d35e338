"""Making a visit and its ticket: the one check-in path, its writes, moving a visit between
locations, phone limits, phone ticket links.
"""
