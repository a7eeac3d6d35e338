"""Running the clinic's data: backups and restore, demo data."""
