"""Data only: versioned model directories (policy-clf-X.Y.Z/), installed beside the extractor package."""
