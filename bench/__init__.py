"""Benchmarks: speed is measured here, never asserted in tests (bench/README.md)."""
