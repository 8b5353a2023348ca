"""Sinergi's benchmark suite: the real Application against the local Bot API sandbox.

Run it with `make bench` (or `make bench-quick`); see `bench/run.py` for the figures.
"""
