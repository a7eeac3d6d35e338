"""Reports for a date range and location, the daily totals behind them, and the visits CSV."""
