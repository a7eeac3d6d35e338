"""The lobby tablet's screens, one module each; pages/checkin.py dispatches between them."""
