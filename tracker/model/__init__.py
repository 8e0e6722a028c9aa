"""The model: the tracker's vocabulary, names, dates, errors and measures. Imports nothing of the project."""
