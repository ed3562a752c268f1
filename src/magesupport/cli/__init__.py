"""Command-line shell over magesupport.services (Typer)."""
