"""A visit's life after check-in: the state machine, therapists' actions, the red-flag review,
undo, today's queues, the lobby TV's calls, close of day.
"""
