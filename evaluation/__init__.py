"""Evaluation: metrics against gold annotations, side-by-side benchmarks, speed benchmarks."""
