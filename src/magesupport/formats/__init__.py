"""Formatters: result object in, string out. They never compute a number they show."""
