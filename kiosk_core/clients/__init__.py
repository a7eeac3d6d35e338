"""Clients and their QR cards: registering, card tokens and pictures, reading a card from a camera
photo, the front desk's lost-card lookup.
"""
