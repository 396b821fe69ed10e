"""Foreign trade statistics: monthly import and export value by region, entered or imported from XLSX."""
