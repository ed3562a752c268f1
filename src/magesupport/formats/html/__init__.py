"""The decision report: one self-contained HTML file (inline CSS and SVG charts, no network)."""
