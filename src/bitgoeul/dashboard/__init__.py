"""Dashboard capability: the programme's indicators as monthly series, charts and open data."""
