"""Therapists and admins: who they are and their PINs, where they work, their shifts and rooms, the
admin screen's services, the floor under every staff read.
"""
