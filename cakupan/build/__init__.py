"""The default data and the database build."""
