"""One module per figure of the benchmark table; each has an async `measure`."""
