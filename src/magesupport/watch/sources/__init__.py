"""Log sources: readers and parsers that turn files into batches for the aggregates."""
