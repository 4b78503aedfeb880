"""Reports: results turned into what people and programs read (JSON, tables, spreadsheets)."""
