"""Report builders: pure pandas (DataFrames in, DataFrames out) and the writers for .xlsx/.csv."""
